import type { ReducerFacts } from './reducer-facts.js';

/** `count(options?)`: the number of items (weighted by sampling_factor with account_for_sampling). */
export const count = {
  name: 'count',
  call: 'count(options?)',
  accessorArg: null,
  orderFree: true,
  mergeable: true,
  kernel: { name: 'count', column: false },
  manifestCounts: true,
  sandbox: { stdlib: "function (options) { return reducer('count', undefined, [], isOptions(options) ? options : undefined); }", combinesResults: true },
} as const satisfies ReducerFacts;
