/**
 * Time buckets for `numeric_bucket(acc, mixpanel.<unit>_time_buckets)`.
 *
 * JQL times are project-time ms: UTC ms shifted by the zone's offset, so the wall
 * clock of the project's timezone reads directly off UTC calendar arithmetic. A
 * bucket's key is its start in the same project-time ms. Weeks start on Monday.
 */

export type TimeBucketUnit = 'hourly' | 'daily' | 'weekly' | 'monthly' | 'quarterly' | 'annual';

/** What numeric_bucket makes of a `mixpanel.<unit>_time_buckets` constant (calendar buckets). */
export interface TimeBucketSpec {
  time_bucket: TimeBucketUnit;
}

export const TIME_BUCKET_UNITS: readonly TimeBucketUnit[] = ['hourly', 'daily', 'weekly', 'monthly', 'quarterly', 'annual'];

/** `mixpanel.hourly_time_buckets` ... `mixpanel.annual_time_buckets`, by global name. */
export const TIME_BUCKETS = {
  hourly_time_buckets: { time_bucket: 'hourly' },
  daily_time_buckets: { time_bucket: 'daily' },
  weekly_time_buckets: { time_bucket: 'weekly' },
  monthly_time_buckets: { time_bucket: 'monthly' },
  quarterly_time_buckets: { time_bucket: 'quarterly' },
  annual_time_buckets: { time_bucket: 'annual' },
} as const satisfies Record<string, TimeBucketSpec>;

const HOUR = 3_600_000;
const DAY = 86_400_000;

function floorTo(t: number, size: number): number {
  return Math.floor(t / size) * size;
}

// Date.UTC maps years 0..99 to 1900..1999; setUTCFullYear does not.
function monthStart(year: number, month: number): number {
  const d = new Date(0);
  d.setUTCFullYear(year, month, 1);
  return d.getTime();
}

/** The start of the bucket containing project-time ms `t` (NaN outside Date's range). */
export function timeBucketStart(t: number, unit: TimeBucketUnit): number {
  switch (unit) {
    case 'hourly':
      return floorTo(t, HOUR);
    case 'daily':
      return floorTo(t, DAY);
    case 'weekly': {
      const day = floorTo(t, DAY);
      // 1970-01-01 was a Thursday: getUTCDay() 0=Sunday; days since Monday = (dow + 6) % 7.
      const dow = new Date(day).getUTCDay();
      return day - ((dow + 6) % 7) * DAY;
    }
    case 'monthly': {
      const d = new Date(t);
      return monthStart(d.getUTCFullYear(), d.getUTCMonth());
    }
    case 'quarterly': {
      const d = new Date(t);
      return monthStart(d.getUTCFullYear(), d.getUTCMonth() - (d.getUTCMonth() % 3));
    }
    case 'annual': {
      const d = new Date(t);
      return monthStart(d.getUTCFullYear(), 0);
    }
  }
}

export function isTimeBucketSpec(spec: unknown): spec is TimeBucketSpec {
  return typeof spec === 'object' && spec !== null && TIME_BUCKET_UNITS.includes((spec as { time_bucket?: unknown }).time_bucket as TimeBucketUnit);
}
