import type { NativeReducer } from './native-reducer.js';
import { isNumeric } from './is-numeric.js';

/**
 * Running state: the sums the result reports, plus Welford's mean and M2 (sum of
 * squared deviations) so stddev does not suffer the cancellation of
 * sqrt(sum_squares/n - avg^2) when values are large and close together. Partials
 * combine with Chan et al.'s parallel formula.
 */
export interface NumericSummaryAcc {
  count: number;
  sum: number;
  sum_squares: number;
  mean: number;
  m2: number;
}

export interface NumericSummary {
  count: number;
  sum: number;
  sum_squares: number;
  avg: number | null;
  stddev: number | null;
}

/** Adds one numeric value (shared with the columnar path so both give identical bits). */
export function addToSummary(acc: NumericSummaryAcc, v: number): void {
  const n = ++acc.count;
  acc.sum += v;
  acc.sum_squares += v * v;
  const d = v - acc.mean;
  acc.mean += d / n;
  acc.m2 += d * (v - acc.mean);
}

export function mergeSummaries(a: NumericSummaryAcc, b: NumericSummaryAcc): NumericSummaryAcc {
  if (b.count === 0) return a;
  if (a.count === 0) return b;
  const n = a.count + b.count;
  const delta = b.mean - a.mean;
  a.m2 = a.m2 + b.m2 + (delta * delta * a.count * b.count) / n;
  a.mean = a.mean + (delta * b.count) / n;
  a.count = n;
  a.sum += b.sum;
  a.sum_squares += b.sum_squares;
  return a;
}

export function summaryResult(acc: NumericSummaryAcc): NumericSummary {
  const { count, sum, sum_squares } = acc;
  if (count === 0) return { count: 0, sum: 0, sum_squares: 0, avg: null, stddev: null };
  return { count, sum, sum_squares, avg: sum / count, stddev: Math.sqrt(Math.max(0, acc.m2) / count) };
}

/**
 * `numeric_summary(acc)`: `{count, sum, sum_squares, avg, stddev}` over the numeric
 * values; stddev is the population standard deviation. With no values:
 * `{count: 0, sum: 0, sum_squares: 0, avg: null, stddev: null}`.
 */
export function numeric_summary(): NativeReducer<NumericSummaryAcc> {
  return {
    name: 'numeric_summary',
    needs: { value: true, item: false, samplingFactor: false },
    init: () => ({ count: 0, sum: 0, sum_squares: 0, mean: 0, m2: 0 }),
    add: (acc, v) => {
      if (isNumeric(v)) addToSummary(acc, v);
      return acc;
    },
    merge: mergeSummaries,
    result: summaryResult,
  };
}
