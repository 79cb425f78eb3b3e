import type { ReducerFacts } from './reducer-facts.js';

/** `numeric_percentiles(acc, p)`: percentiles of the numeric values (p: a number or a list). */
export const numeric_percentiles = {
  name: 'numeric_percentiles',
  call: 'numeric_percentiles(acc, p)',
  accessorArg: 0,
  checkArgs: ([p]) =>
    typeof p === 'number' || (Array.isArray(p) && p.every((v) => typeof v === 'number'))
      ? undefined
      : 'mixpanel.reducer.numeric_percentiles(acc, p) needs a number or a list of numbers as p',
  orderFree: true,
  mergeable: true,
  kernel: null,
  manifestCounts: false,
  // Percentiles do not say which values they came from: the function form cannot combine them.
  sandbox: { stdlib: "function (acc, percentiles) { return reducer('numeric_percentiles', acc, [percentiles]); }", combinesResults: false },
} as const satisfies ReducerFacts;
