import { ScriptError } from '../../errors.js';
import type { NativeReducer } from './native-reducer.js';
import { isNumeric } from './is-numeric.js';

/**
 * The p-th percentile (0..100) of sorted values, exactly: linear interpolation
 * between the closest ranks (Hyndman & Fan type 7; numpy's default, DuckDB's
 * quantile_cont, Excel's PERCENTILE.INC):
 *   h = (n - 1) * p / 100,  lo = floor(h)
 *   value = x[lo] + (h - lo) * (x[lo + 1] - x[lo])      (x[lo] when lo = n - 1)
 */
export function percentileOfSorted(sorted: ArrayLike<number>, p: number): number {
  const n = sorted.length;
  const h = ((n - 1) * p) / 100;
  const lo = Math.floor(h);
  if (lo >= n - 1) return sorted[n - 1]!;
  const frac = h - lo;
  const a = sorted[lo]!;
  return frac === 0 ? a : a + frac * (sorted[lo + 1]! - a);
}

/**
 * `numeric_percentiles(acc, p)`: `p` a number gives the value (`null` with no
 * values); `p` a list gives `[{percentile, value}, ...]` in the list's order (`[]`
 * with no values). Non-numbers are skipped. Keeps every value: exact, not sketched.
 */
export function numeric_percentiles(p: number | readonly number[]): NativeReducer<number[]> {
  const list = Array.isArray(p) ? (p as readonly number[]) : null;
  return {
    name: 'numeric_percentiles',
    needs: { value: true, item: false, samplingFactor: false },
    init: () => [],
    add: (acc, v) => {
      if (isNumeric(v)) acc.push(v);
      return acc;
    },
    merge: (a, b) => {
      for (let i = 0; i < b.length; i++) a.push(b[i]!);
      return a;
    },
    result: (acc) => {
      const sorted = Float64Array.from(acc).sort();
      if (list === null) return sorted.length === 0 ? null : percentileOfSorted(sorted, p as number);
      if (sorted.length === 0) return [];
      return list.map((q) => ({ percentile: q, value: percentileOfSorted(sorted, q) }));
    },
  };
}

/** Checks the `p` argument when the query is built. */
export function validatePercentiles(p: unknown): number | number[] {
  const ok = (q: unknown) => typeof q === 'number' && q >= 0 && q <= 100;
  if (ok(p)) return p as number;
  if (Array.isArray(p) && p.every(ok)) return p as number[];
  throw new ScriptError(
    'InvalidQuery',
    `mixpanel.reducer.numeric_percentiles(acc, p): p must be a number from 0 to 100 or a list of them ` +
      `(e.g. [50, 90, 99]), got ${JSON.stringify(p) ?? String(p)}.`,
  );
}
