/**
 * Should an aggregation run on several threads, and how is it split?
 *
 * - By days: each worker reads a contiguous run of day partitions. Built-in reducers
 *   and custom reduce/groupBy reducers merge through their accumulator forms, in day
 *   order.
 * - By users: each worker keeps only its users. In a store of one bucket per day they
 *   are a range of user numbers, one run of rows of each day, and the worker reads only
 *   that run (exec/parallel/user-ranges.ts); in a bucketed store they are the user
 *   numbers k modulo n and the worker reads only its buckets. Used when a custom groupByUser
 *   reducer must see all of a user's events in order in one sandbox, and for right and
 *   full joins (a profile without events must be found once, over the whole range).
 *   An inner or left join pairs each event with its own profile: per event, so it
 *   splits by days like an event scan.
 */
import type { AggregateNode, ScanNode, ShardPlan, StoreSchema } from '../nodes.js';

/**
 * Below these many rows in the scanned partitions, threads cost more than they save
 * (a worker costs ~100 ms to start, plus its own sandbox): measured on 5M events,
 * native scans run at 15-25M rows/s in one thread, sandboxed callbacks at ~1M rows/s.
 */
export const PARALLEL_MIN_ROWS = { native: 20_000_000, sandbox: 300_000 };

/**
 * User shards aligned to the store's buckets where the threads allow: with n dividing
 * B (or B dividing n) a shard reads only its buckets; otherwise every shard would read
 * and merge every bucket, so fewer shards (the largest divisor of B up to `threads`) read less.
 */
function userShards(threads: number, buckets: number): number {
  if (buckets <= 1 || buckets % threads === 0 || threads % buckets === 0) return threads;
  for (let d = threads - 1; d >= 2; d--) if (buckets % d === 0) return d;
  return threads;
}

export function planShards(store: StoreSchema, scan: ScanNode, node: AggregateNode, threads: number, minRows?: number): ShardPlan | null {
  const source = scan.source;
  if (!node.fromScan || node.manifest || threads < 2 || source.kind === 'people') return null;
  const hasGuestReducer = node.reducers.some((r) => r.kind === 'fn');
  const min = minRows ?? (node.sandbox ? PARALLEL_MIN_ROWS.sandbox : PARALLEL_MIN_ROWS.native);
  const events = source.kind === 'join' ? source.events : source;
  const days = store.days(events.fromDate, events.toDate);
  let rows = 0;
  for (const d of days) rows += store.partitionMeta(d)!.rows;
  if (rows < min) return null;
  const needsAllDays = source.kind === 'join' && (source.type === 'right' || source.type === 'full');
  if (needsAllDays || (node.kind === 'groupByUser' && hasGuestReducer)) return { mode: 'users', n: userShards(threads, store.buckets ?? 1) };
  if (days.length < threads) return null;
  // Contiguous runs of days with about equal row counts.
  const shards: string[][] = [];
  const target = rows / threads;
  let cur: string[] = [];
  let acc = 0;
  for (const d of days) {
    cur.push(d);
    acc += store.partitionMeta(d)!.rows;
    if (acc >= target * (shards.length + 1) && shards.length < threads - 1) {
      shards.push(cur);
      cur = [];
    }
  }
  if (cur.length) shards.push(cur);
  return shards.length > 1 ? { mode: 'days', shards } : null;
}
