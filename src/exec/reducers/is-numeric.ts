/**
 * What sum, avg, min, max, numeric_summary and numeric_percentiles count: JavaScript
 * numbers that are finite. Numeric strings are not numbers here; scripts convert them
 * with `mixpanel.to_number(acc)`, which exists for exactly that. NaN and ±Infinity
 * (which a JSON stage boundary turns into null) are skipped, so one bad value cannot
 * poison a sum.
 */
export function isNumeric(v: unknown): v is number {
  return typeof v === 'number' && v - v === 0;
}
