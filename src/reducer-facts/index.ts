/**
 * The built-in reducers' facts, one file each (reducer-facts.ts says what a fact is).
 * A folder below plan/, sandbox/ and exec/ so that each reads them from here.
 */
import { any } from './any.js';
import { avg } from './avg.js';
import { count } from './count.js';
import { count_unique } from './count_unique.js';
import { max } from './max.js';
import { max_by } from './max_by.js';
import { min } from './min.js';
import { min_by } from './min_by.js';
import { noop } from './noop.js';
import { nullReducer } from './null.js';
import { numeric_percentiles } from './numeric_percentiles.js';
import { numeric_summary } from './numeric_summary.js';
import { object_merge } from './object_merge.js';
import type { ReducerFacts } from './reducer-facts.js';
import { sum } from './sum.js';
import { top } from './top.js';

export type { KernelName, ReducerFacts } from './reducer-facts.js';

/** In the order the stdlib lists them (and messages name them). */
export const REDUCERS = [
  count,
  sum,
  avg,
  min,
  max,
  min_by,
  max_by,
  numeric_summary,
  numeric_percentiles,
  top,
  any,
  nullReducer,
  noop,
  object_merge,
  count_unique,
] as const satisfies readonly ReducerFacts[];

export type ReducerName = (typeof REDUCERS)[number]['name'];

export const REDUCER_NAMES: ReducerName[] = REDUCERS.map((r) => r.name);

const BY_NAME = new Map<string, ReducerFacts>(REDUCERS.map((r) => [r.name, r]));

/** The facts of a built-in reducer, or undefined for a name that is not one. */
export function reducerFacts(name: string): ReducerFacts | undefined {
  return BY_NAME.get(name);
}
