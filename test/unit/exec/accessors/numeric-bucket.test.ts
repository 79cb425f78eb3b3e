import { describe, expect, it } from 'vitest';
import { numericBucket, TIME_BUCKETS, validateBucketSpec } from '../../../../src/exec/accessors/index.js';
import { ScriptError } from '../../../../src/errors.js';

describe('numeric_bucket', () => {
  it('sorted boundary list: the largest boundary <= value; below the first -> null', () => {
    const spec = [0, 10, 20, 50];
    expect([-1, 0, 9.99, 10, 49, 50, 1e9].map((v) => numericBucket(v, spec))).toEqual([null, 0, 0, 10, 20, 50, 50]);
  });
  it('{bucket_size, offset}', () => {
    expect(numericBucket(17, { bucket_size: 5 })).toBe(15);
    expect(numericBucket(-1, { bucket_size: 5 })).toBe(-5);
    expect(numericBucket(17, { bucket_size: 5, offset: 3 })).toBe(13);
    expect(numericBucket(2, { bucket_size: 5, offset: 3 })).toBe(-2);
  });
  it('[] is identity', () => {
    expect(numericBucket(17.5, [])).toBe(17.5);
    expect(numericBucket('s', [])).toBe('s');
  });
  it('non-numbers get null', () => {
    for (const v of ['5', null, undefined, true, NaN, Infinity, {}]) {
      expect(numericBucket(v, [0, 1])).toBeNull();
      expect(numericBucket(v, { bucket_size: 1 })).toBeNull();
      expect(numericBucket(v, TIME_BUCKETS.daily_time_buckets)).toBeNull();
    }
  });
  it('time buckets on project-time ms (weeks start Monday)', () => {
    const t = Date.UTC(2024, 7, 15, 13, 45, 12, 5); // Thursday 2024-08-15 13:45
    const b = (spec: { time_bucket: string }) => new Date(numericBucket(t, spec as never) as number).toISOString();
    expect(b(TIME_BUCKETS.hourly_time_buckets)).toBe('2024-08-15T13:00:00.000Z');
    expect(b(TIME_BUCKETS.daily_time_buckets)).toBe('2024-08-15T00:00:00.000Z');
    expect(b(TIME_BUCKETS.weekly_time_buckets)).toBe('2024-08-12T00:00:00.000Z');
    expect(b(TIME_BUCKETS.monthly_time_buckets)).toBe('2024-08-01T00:00:00.000Z');
    expect(b(TIME_BUCKETS.quarterly_time_buckets)).toBe('2024-07-01T00:00:00.000Z');
    expect(b(TIME_BUCKETS.annual_time_buckets)).toBe('2024-01-01T00:00:00.000Z');
    // a Monday is its own week start; a Sunday belongs to the week before
    expect(numericBucket(Date.UTC(2024, 7, 12, 0, 0), TIME_BUCKETS.weekly_time_buckets)).toBe(Date.UTC(2024, 7, 12));
    expect(numericBucket(Date.UTC(2024, 7, 18, 23, 59), TIME_BUCKETS.weekly_time_buckets)).toBe(Date.UTC(2024, 7, 12));
    // before the epoch
    expect(numericBucket(Date.UTC(1969, 11, 31, 5), TIME_BUCKETS.weekly_time_buckets)).toBe(Date.UTC(1969, 11, 29));
    expect(numericBucket(-1, TIME_BUCKETS.daily_time_buckets)).toBe(Date.UTC(1969, 11, 31));
  });
  it('validateBucketSpec rejects bad specs with a script error', () => {
    expect(() => validateBucketSpec([10, 5])).toThrow(/sorted/);
    expect(() => validateBucketSpec(['a'])).toThrow(ScriptError);
    expect(() => validateBucketSpec({ bucket_size: 0 })).toThrow(/positive/);
    expect(() => validateBucketSpec({ bucket_size: 5, offset: 'x' })).toThrow(/offset/);
    expect(() => validateBucketSpec('daily')).toThrow(/mixpanel.daily_time_buckets|daily_time_buckets/);
    expect(validateBucketSpec([])).toEqual([]);
    expect(validateBucketSpec(TIME_BUCKETS.weekly_time_buckets)).toEqual({ time_bucket: 'weekly' });
  });
});
