import type { ReducerFacts } from './reducer-facts.js';

/** `max_by(acc)`: the item with the largest value; the first one on ties, so not order-free. */
export const max_by = {
  name: 'max_by',
  call: 'max_by(acc)',
  accessorArg: 0,
  orderFree: false,
  mergeable: true,
  kernel: null,
  manifestCounts: false,
  sandbox: { stdlib: "function (acc) { return reducer('max_by', acc); }", combinesResults: true },
} as const satisfies ReducerFacts;
