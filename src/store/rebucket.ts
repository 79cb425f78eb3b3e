/**
 * Rewrite every day of a store with another bucket count, in one commit: the new
 * generation's day directories are written beside the old ones and the manifest swap
 * publishes them all at once, so a crash at any point leaves the old store as it was
 * (the next write's garbage collection removes what the crashed run left).
 */
import { StoreError } from '../errors.js';
import { openDay, writeDay } from './event-day.js';
import { bucketCount } from './manifest.js';
import { MAX_BUCKETS, type Store } from './store.js';

export interface RebucketReport {
  from: number;
  to: number;
  days: number;
  rows: number;
}

export async function rebucket(store: Store, buckets: number, onDay?: (done: number, total: number) => void): Promise<RebucketReport> {
  if (!Number.isInteger(buckets) || buckets < 1 || buckets > MAX_BUCKETS)
    throw new StoreError(`--buckets must be a whole number from 1 to ${MAX_BUCKETS}, not ${buckets}`);
  return store.write('rebucket', (tx) => {
    const from = bucketCount(tx.manifest);
    const days = Object.keys(tx.manifest.events).sort();
    let rows = 0;
    if (from !== buckets) {
      days.forEach((day, i) => {
        // One day at a time: memory holds one day's events, not the store's.
        const old = tx.manifest.events[day]!;
        const written = writeDay(store.dir, day, openDay(store.dir, day, old)!.toRows(), buckets, (parent) => tx.newDir(parent));
        tx.manifest.events[day] = written.meta;
        rows += written.meta.rows;
        onDay?.(i + 1, days.length);
      });
    }
    if (buckets > 1) tx.manifest.settings.buckets = buckets;
    else delete tx.manifest.settings.buckets;
    return { from, to: buckets, days: from === buckets ? 0 : days.length, rows };
  });
}
