import type { ReducerFacts } from './reducer-facts.js';

/** `noop()`: always null. */
export const noop = {
  name: 'noop',
  call: 'noop()',
  accessorArg: null,
  orderFree: true,
  mergeable: true,
  kernel: null,
  manifestCounts: false,
  sandbox: { stdlib: "function () { return reducer('noop'); }", combinesResults: true },
} as const satisfies ReducerFacts;
