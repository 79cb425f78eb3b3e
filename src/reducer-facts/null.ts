import type { ReducerFacts } from './reducer-facts.js';

/** `null()`: always null (groupByUser keys only). */
export const nullReducer = {
  name: 'null',
  call: 'null()',
  accessorArg: null,
  orderFree: true,
  mergeable: true,
  kernel: null,
  manifestCounts: false,
  sandbox: { stdlib: "function () { return reducer('null'); }", combinesResults: true },
} as const satisfies ReducerFacts;
