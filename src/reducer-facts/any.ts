import type { ReducerFacts } from './reducer-facts.js';

/** `any()`: one item of the group (the first seen), so not order-free. */
export const any = {
  name: 'any',
  call: 'any()',
  accessorArg: null,
  orderFree: false,
  mergeable: true,
  kernel: null,
  manifestCounts: false,
  sandbox: { stdlib: "function () { return reducer('any'); }", combinesResults: true },
} as const satisfies ReducerFacts;
