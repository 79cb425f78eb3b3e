/**
 * Binary search over a sorted Int32Array. A partition's user column is ascending (rows
 * are in (user, time) order), so a user's rows, or a range of users' rows, are
 * [lowerBound(users, lo), lowerBound(users, hi)).
 */

/** First index whose value is >= x (values ascending). */
export function lowerBound(a: Int32Array, x: number): number {
  let lo = 0;
  let hi = a.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (a[mid]! < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
