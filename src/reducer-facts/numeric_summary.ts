import type { ReducerFacts } from './reducer-facts.js';

/** `numeric_summary(acc)`: count, sum, sum of squares, avg, stddev. Float addition: not order-free. */
export const numeric_summary = {
  name: 'numeric_summary',
  call: 'numeric_summary(acc)',
  accessorArg: 0,
  orderFree: false,
  mergeable: true,
  kernel: { name: 'numeric_summary', column: true },
  manifestCounts: false,
  sandbox: { stdlib: "function (acc) { return reducer('numeric_summary', acc); }", combinesResults: true },
} as const satisfies ReducerFacts;
