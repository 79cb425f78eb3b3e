import type { ReducerFacts } from './reducer-facts.js';

/** `min(acc)`: the smallest numeric value. */
export const min = {
  name: 'min',
  call: 'min(acc)',
  accessorArg: 0,
  orderFree: true,
  mergeable: true,
  kernel: { name: 'min', column: true },
  manifestCounts: false,
  sandbox: { stdlib: "function (acc) { return reducer('min', acc); }", combinesResults: true },
} as const satisfies ReducerFacts;
