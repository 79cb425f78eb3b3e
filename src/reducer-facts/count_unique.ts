import type { ReducerFacts } from './reducer-facts.js';

/** `count_unique(acc?)`: the number of distinct values (default accessor: distinct_id). */
export const count_unique = {
  name: 'count_unique',
  call: 'count_unique(acc?)',
  accessorArg: 0,
  defaultAccessor: 'distinct_id',
  orderFree: true,
  mergeable: true,
  kernel: null,
  manifestCounts: false,
  // A count does not say which values it counted: the function form cannot combine counts.
  sandbox: { stdlib: "function (acc) { return reducer('count_unique', acc); }", combinesResults: false },
} as const satisfies ReducerFacts;
