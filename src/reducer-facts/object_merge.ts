import type { ReducerFacts } from './reducer-facts.js';

/** `object_merge(acc)`: objects merged key by key (later values win), so not order-free. */
export const object_merge = {
  name: 'object_merge',
  call: 'object_merge(acc)',
  accessorArg: 0,
  orderFree: false,
  mergeable: true,
  kernel: null,
  manifestCounts: false,
  sandbox: { stdlib: "function (acc) { return reducer('object_merge', acc); }", combinesResults: true },
} as const satisfies ReducerFacts;
