import { ScriptError } from '../../errors.js';
import { isTimeBucketSpec, timeBucketStart, type TimeBucketSpec } from './time-buckets.js';

/** `{bucket_size, offset}`: buckets `[offset + k*size, offset + (k+1)*size)`. */
export interface FixedBucketSpec {
  bucket_size: number;
  offset?: number;
}

/**
 * The second argument of `mixpanel.numeric_bucket(acc, spec)`:
 * - a sorted list of boundaries `[b0, b1, ...]`: buckets `[b0,b1)`, `[b1,b2)`, ...,
 *   `[bn, +inf)`; an empty list means "no bucketing" (the value itself is the key);
 * - `{bucket_size, offset?}`;
 * - a time-bucket spec (`mixpanel.daily_time_buckets` etc.).
 */
export type BucketSpec = readonly number[] | FixedBucketSpec | TimeBucketSpec;

/**
 * The lower bound of the bucket `value` falls in. Only JavaScript numbers are
 * bucketed (wrap the accessor in `mixpanel.to_number` to convert strings): any other
 * value, a non-finite number, or a number below the first boundary of a list spec,
 * gets the key `null`. With an empty list spec the value is returned unchanged.
 */
export function numericBucket(value: unknown, spec: BucketSpec): unknown {
  if (Array.isArray(spec)) {
    if (spec.length === 0) return value;
    if (typeof value !== 'number' || !Number.isFinite(value)) return null;
    return listBucket(value, spec);
  }
  if (typeof value !== 'number' || !Number.isFinite(value)) return null;
  if (isTimeBucketSpec(spec)) {
    const start = timeBucketStart(value, spec.time_bucket);
    return Number.isNaN(start) ? null : start;
  }
  const fixed = spec as FixedBucketSpec;
  const size = fixed.bucket_size;
  const offset = fixed.offset ?? 0;
  const start = Math.floor((value - offset) / size) * size + offset;
  return Number.isFinite(start) ? start : null;
}

// Binary search: the largest boundary <= value.
function listBucket(value: number, bounds: readonly number[]): number | null {
  if (value < bounds[0]!) return null;
  let lo = 0;
  let hi = bounds.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (bounds[mid]! <= value) lo = mid;
    else hi = mid - 1;
  }
  return bounds[lo]!;
}

/**
 * Checks a spec once, when the query is built, so a bad spec is a script error with a
 * fix rather than a silent null key on every item.
 */
export function validateBucketSpec(spec: unknown): BucketSpec {
  if (Array.isArray(spec)) {
    for (let i = 0; i < spec.length; i++) {
      if (typeof spec[i] !== 'number' || !Number.isFinite(spec[i])) {
        throw bad(`boundary ${i} is ${JSON.stringify(spec[i]) ?? String(spec[i])}, not a number`);
      }
      if (i > 0 && spec[i] <= spec[i - 1]) {
        throw bad(`the boundaries must be sorted in increasing order, but ${spec[i - 1]} comes before ${spec[i]}`);
      }
    }
    return spec as number[];
  }
  if (isTimeBucketSpec(spec)) return spec;
  if (typeof spec === 'object' && spec !== null && 'bucket_size' in spec) {
    const { bucket_size, offset } = spec as { bucket_size: unknown; offset?: unknown };
    if (typeof bucket_size !== 'number' || !(bucket_size > 0) || !Number.isFinite(bucket_size)) {
      throw bad(`bucket_size must be a positive number, got ${JSON.stringify(bucket_size)}`);
    }
    if (offset !== undefined && (typeof offset !== 'number' || !Number.isFinite(offset))) {
      throw bad(`offset must be a number, got ${JSON.stringify(offset)}`);
    }
    return spec as FixedBucketSpec;
  }
  throw bad(
    'the spec must be a sorted list of boundaries, {bucket_size, offset}, or one of ' +
      'mixpanel.hourly_time_buckets, daily_time_buckets, weekly_time_buckets, monthly_time_buckets, ' +
      'quarterly_time_buckets, annual_time_buckets',
  );
}

function bad(why: string): ScriptError {
  return new ScriptError('InvalidQuery', `mixpanel.numeric_bucket: ${why}.`);
}
