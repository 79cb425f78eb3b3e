import { ScriptError } from '../../errors.js';
import { REDUCER_NAMES, REDUCERS, type ReducerName } from '../../reducer-facts/index.js';
import type { NativeReducer, ReducerDesc } from './native-reducer.js';
import { accountsForSampling } from './sampling-factor.js';
import { count } from './count.js';
import { sum } from './sum.js';
import { avg } from './avg.js';
import { min } from './min.js';
import { max } from './max.js';
import { min_by } from './min_by.js';
import { max_by } from './max_by.js';
import { numeric_summary } from './numeric_summary.js';
import { numeric_percentiles, validatePercentiles } from './numeric_percentiles.js';
import { top, validateTopN } from './top.js';
import { any } from './any.js';
import { nullReducer } from './null.js';
import { noop } from './noop.js';
import { object_merge } from './object_merge.js';
import { count_unique } from './count_unique.js';

/**
 * Where each built-in takes its accessor in the call's arguments (`null`: none), and
 * the accessor the engine uses when the script gives none (reducer-facts/). Without an
 * accessor (and no default) the engine passes the item itself as `value`:
 * `.map(e => e.properties.x).reduce(mixpanel.reducer.sum())` sums the items.
 */
export const REDUCER_SIGNATURES = Object.fromEntries(
  REDUCERS.map((r) => [r.name, { accessorArg: r.accessorArg, ...('defaultAccessor' in r ? { defaultAccessor: r.defaultAccessor } : {}) }]),
) as Record<ReducerName, { accessorArg: number | null; defaultAccessor?: string }>;

export { REDUCER_NAMES, type ReducerName };

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * A native reducer from the stdlib's description of a `mixpanel.reducer.*` call.
 * `desc.args` are the call's arguments in order (accessor included at its position):
 * `count(options?)`, `avg(acc, options?)`, `numeric_percentiles(acc, p)`, `top(n)`.
 * `desc.options` takes precedence over an options argument. Bad arguments are a
 * `ScriptError` of kind 'InvalidQuery', thrown here, before any data is read.
 *
 * @example makeReducer({ name: 'numeric_percentiles', args: ['properties.ms', [50, 90]] })
 */
export function makeReducer(desc: ReducerDesc): NativeReducer {
  const args = desc.args ?? [];
  switch (desc.name as ReducerName) {
    case 'count':
      return count({ accountForSampling: accountsForSampling(desc.options ?? (isObject(args[0]) ? args[0] : undefined)) });
    case 'avg':
      return avg({ accountForSampling: accountsForSampling(desc.options ?? (isObject(args[1]) ? args[1] : undefined)) });
    case 'sum':
      return sum();
    case 'min':
      return min();
    case 'max':
      return max();
    case 'min_by':
      return min_by();
    case 'max_by':
      return max_by();
    case 'numeric_summary':
      return numeric_summary();
    case 'numeric_percentiles':
      return numeric_percentiles(validatePercentiles(desc.options?.percentiles ?? args[1]));
    case 'top':
      return top(validateTopN(desc.options?.n ?? args[0]));
    case 'any':
      return any();
    case 'null':
      return nullReducer();
    case 'noop':
      return noop();
    case 'object_merge':
      return object_merge();
    case 'count_unique':
      return count_unique();
    default:
      throw new ScriptError(
        'InvalidQuery',
        `mixpanel.reducer.${desc.name} is not a reducer. The reducers are: ${REDUCER_NAMES.map((n) => n + '()').join(', ')}.`,
      );
  }
}

/** The accessor the engine should evaluate for this call, or undefined for "the item itself". */
export function reducerAccessor(desc: ReducerDesc): unknown {
  const sig = REDUCER_SIGNATURES[desc.name as ReducerName] as { accessorArg: number | null; defaultAccessor?: string } | undefined;
  if (sig === undefined || sig.accessorArg === null) return undefined;
  const acc = desc.args?.[sig.accessorArg];
  return acc === undefined || acc === null ? sig.defaultAccessor : acc;
}
