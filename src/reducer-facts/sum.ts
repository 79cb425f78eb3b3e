import type { ReducerFacts } from './reducer-facts.js';

/** `sum(acc)`: the sum of the numeric values. Float addition: not order-free. */
export const sum = {
  name: 'sum',
  call: 'sum(acc)',
  accessorArg: 0,
  orderFree: false,
  mergeable: true,
  kernel: { name: 'sum', column: true },
  manifestCounts: false,
  sandbox: { stdlib: "function (acc) { return reducer('sum', acc); }", combinesResults: true },
} as const satisfies ReducerFacts;
