/**
 * One user's events per day (project timezone), all time: the profile page's small
 * chart and its first / last seen. Same access path as the activity feed: per
 * partition, the user's rows are one binary-searched range.
 */
import { bucketOf, type Store } from '../store/index.js';
import { formatLocal } from '../time/index.js';
import { lowerBound } from '../store/index.js';

export interface ActivityDays {
  perDay: { day: string; count: number }[];
  /** Project-timezone local times of the first and last event, or null. */
  firstSeen: string | null;
  lastSeen: string | null;
}

export function activityDays(store: Store, distinctId: string): ActivityDays {
  const u = store.users.lookup(distinctId);
  const perDay: { day: string; count: number }[] = [];
  let first = Infinity;
  let last = -Infinity;
  if (u !== undefined) {
    const bucket = bucketOf(u, store.buckets);
    for (const day of store.days()) {
      const part = store.openBuckets(day, (b) => b === bucket); // only the user's bucket
      if (part === null) continue;
      const lo = lowerBound(part.user, u);
      const hi = lowerBound(part.user, u + 1);
      if (hi <= lo) continue;
      perDay.push({ day, count: hi - lo });
      // Rows of a user are ascending by time within a partition.
      first = Math.min(first, part.time[lo]!);
      last = Math.max(last, part.time[hi - 1]!);
    }
  }
  const tz = store.timezone;
  return { perDay, firstSeen: perDay.length ? formatLocal(tz, first) : null, lastSeen: perDay.length ? formatLocal(tz, last) : null };
}
