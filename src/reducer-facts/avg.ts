import type { ReducerFacts } from './reducer-facts.js';

/** `avg(acc, options?)`: the mean of the numeric values. Float addition: not order-free. */
export const avg = {
  name: 'avg',
  call: 'avg(acc, options?)',
  accessorArg: 0,
  orderFree: false,
  mergeable: true,
  kernel: { name: 'avg', column: true },
  manifestCounts: false,
  // A mean does not say how many values it had: its function form cannot combine means.
  sandbox: { stdlib: "function (acc, options) { return reducer('avg', acc, [], isOptions(options) ? options : undefined); }", combinesResults: false },
} as const satisfies ReducerFacts;
