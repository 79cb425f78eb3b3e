import type { ReducerFacts } from './reducer-facts.js';

/** `max(acc)`: the largest numeric value. */
export const max = {
  name: 'max',
  call: 'max(acc)',
  accessorArg: 0,
  orderFree: true,
  mergeable: true,
  kernel: { name: 'max', column: true },
  manifestCounts: false,
  sandbox: { stdlib: "function (acc) { return reducer('max', acc); }", combinesResults: true },
} as const satisfies ReducerFacts;
