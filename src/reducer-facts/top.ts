import type { ReducerFacts } from './reducer-facts.js';

/** `top(n)`: the n most frequent items with their counts; ties in first-seen order, so not order-free. */
export const top = {
  name: 'top',
  call: 'top(n)',
  accessorArg: null,
  checkArgs: ([n]) => (typeof n === 'number' && Number.isInteger(n) ? undefined : 'mixpanel.reducer.top(n) needs a whole number n'),
  orderFree: false,
  mergeable: true,
  kernel: null,
  manifestCounts: false,
  sandbox: { stdlib: "function (n) { return reducer('top', undefined, [n]); }", combinesResults: true },
} as const satisfies ReducerFacts;
