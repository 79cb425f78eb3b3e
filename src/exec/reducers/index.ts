export type { NativeReducer, ReducerDesc } from './native-reducer.js';
export { makeReducer, reducerAccessor, REDUCER_SIGNATURES, REDUCER_NAMES, type ReducerName } from './make-reducer.js';
export { isNumeric } from './is-numeric.js';
export { samplingFactorOf, accountsForSampling } from './sampling-factor.js';
export { count } from './count.js';
export { sum } from './sum.js';
export { avg, type AvgAcc } from './avg.js';
export { min } from './min.js';
export { max } from './max.js';
export { min_by } from './min_by.js';
export { max_by } from './max_by.js';
export type { ByValueAcc } from './by-value.js';
export {
  numeric_summary,
  addToSummary,
  mergeSummaries,
  summaryResult,
  type NumericSummaryAcc,
  type NumericSummary,
} from './numeric_summary.js';
export { numeric_percentiles, percentileOfSorted, validatePercentiles } from './numeric_percentiles.js';
export { top, compareRanked, validateTopN } from './top.js';
export { any } from './any.js';
export { nullReducer } from './null.js';
export { noop } from './noop.js';
export { object_merge } from './object_merge.js';
export { count_unique } from './count_unique.js';
export { GroupedCount } from './grouped-count.js';
export { GroupedSum } from './grouped-sum.js';
export { GroupedMinMax } from './grouped-min-max.js';
export { GroupedAvg } from './grouped-avg.js';
export { GroupedNumericSummary } from './grouped-numeric-summary.js';
