import type { ReducerFacts } from './reducer-facts.js';

/** `min_by(acc)`: the item with the smallest value; the first one on ties, so not order-free. */
export const min_by = {
  name: 'min_by',
  call: 'min_by(acc)',
  accessorArg: 0,
  orderFree: false,
  mergeable: true,
  kernel: null,
  manifestCounts: false,
  sandbox: { stdlib: "function (acc) { return reducer('min_by', acc); }", combinesResults: true },
} as const satisfies ReducerFacts;
