/**
 * groupByUser with a custom reducer: a user's items of the whole query range in ONE
 * batch, so the reducer is called once per user (jql.md §3; docs/compatibility.md).
 *
 * Day partitions are sorted by (user number, time), so their selected rows are in
 * ascending user order: a k-way merge by user number takes each user's run from
 * every day in day order, which is time order. Merged batches hold whole users and
 * about `target` rows; a user with more than `bound` items is cut into pieces of
 * `bound` items, in time order (the reducer then gets `state` from the previous
 * piece, as the spec allows).
 */
import { NO_USER } from '../../store/index.js';
import { EventBatch } from './event-batch.js';
import type { ItemBatch } from './item-batch.js';
import { JoinBatch } from './join-batch.js';
import { MergedPartition, type PartitionLike } from './merged-partition.js';

/**
 * Items of one user that one reducer call may receive. Past this the user's items
 * come in several calls (state carried): it bounds the sandbox memory one call
 * needs (100,000 events of 20 properties are ~100 MB of guest objects).
 */
export const USER_CALL_BOUND = 100_000;

export interface MergeOptions {
  /** Rows per merged batch to aim at (whole users, so batches may be larger). */
  target: number;
  /** Most items of one user in one batch. */
  bound?: number;
  timezone: string;
  usersRef: ConstructorParameters<typeof EventBatch>[1];
}

interface Cursor {
  batch: EventBatch | JoinBatch;
  users: Int32Array;
  /** Position in batch.sel. */
  pos: number;
}

/**
 * Merge the batches of one scan (events or join pairs, in day order) by user. A join
 * batch with no events (users without events, emitted once by full/right joins)
 * passes through as it is. Items without a user are dropped: groupByUser skips them.
 */
export function* mergeByUser(batches: ItemBatch[], o: MergeOptions): Generator<ItemBatch> {
  const bound = Math.max(1, o.bound ?? USER_CALL_BOUND);
  const target = Math.max(1, o.target);
  const cursors: Cursor[] = [];
  const passThrough: ItemBatch[] = [];
  for (const b of batches) {
    if (b.sel.length === 0) continue;
    if (b instanceof JoinBatch && b.events === null) passThrough.push(b);
    else if (b instanceof EventBatch || b instanceof JoinBatch) cursors.push({ batch: b, users: b.users(), pos: 0 });
    else passThrough.push(b);
  }
  const kind = cursors.length ? cursors[0]!.batch.kind : 'events';
  // One merged batch is built from (cursor, position in its sel) pairs.
  let srcs: number[] = [];
  let poss: number[] = [];
  const emit = (): ItemBatch | null => {
    if (srcs.length === 0) return null;
    const out = build(cursors, srcs, poss, kind, o);
    srcs = [];
    poss = [];
    return out;
  };
  for (const c of cursors) skipNoUser(c);
  for (;;) {
    let u = Infinity;
    for (const c of cursors) if (c.pos < c.batch.sel.length) u = Math.min(u, c.users[c.batch.sel[c.pos]!]!);
    if (u === Infinity) break;
    // This user's run in each batch, in day order.
    const runs: Array<[number, number, number]> = [];
    let total = 0;
    cursors.forEach((c, i) => {
      const sel = c.batch.sel;
      const start = c.pos;
      while (c.pos < sel.length && c.users[sel[c.pos]!] === u) c.pos++;
      if (c.pos > start) {
        runs.push([i, start, c.pos]);
        total += c.pos - start;
      }
    });
    if (total > bound) {
      const before = emit();
      if (before) yield before;
      for (const [i, s, e] of runs) {
        for (let p = s; p < e; p++) {
          srcs.push(i);
          poss.push(p);
          if (srcs.length === bound) yield emit()!;
        }
      }
      const rest = emit();
      if (rest) yield rest;
      continue;
    }
    if (srcs.length > 0 && srcs.length + total > target) yield emit()!;
    for (const [i, s, e] of runs) {
      for (let p = s; p < e; p++) {
        srcs.push(i);
        poss.push(p);
      }
    }
  }
  const last = emit();
  if (last) yield last;
  yield* passThrough;
}

function skipNoUser(c: Cursor): void {
  const sel = c.batch.sel;
  while (c.pos < sel.length && c.users[sel[c.pos]!] === NO_USER) c.pos++;
  // Sorted by user number, NO_USER (-1) rows come first; any later one is skipped too.
  if (c.pos < sel.length && sel.some((r, j) => j >= c.pos && c.users[r] === NO_USER)) {
    c.batch.sel = sel.filter((r) => c.users[r] !== NO_USER);
    c.pos = 0;
  }
}

function build(cursors: Cursor[], srcs: number[], poss: number[], kind: string, o: MergeOptions): ItemBatch {
  const n = srcs.length;
  const src = Int32Array.from(srcs);
  if (kind === 'events') {
    const rows = new Int32Array(n);
    for (let k = 0; k < n; k++) rows[k] = cursors[srcs[k]!]!.batch.sel[poss[k]!]!;
    const parts = cursors.map((c) => (c.batch as EventBatch).part);
    return new EventBatch(new MergedPartition(parts, src, rows), o.usersRef, o.timezone);
  }
  // Join pairs: the event side is merged; the profile rows follow their pairs.
  const evRows = new Int32Array(n);
  const profRows = new Int32Array(n);
  for (let k = 0; k < n; k++) {
    const jb = cursors[srcs[k]!]!.batch as JoinBatch;
    const j = jb.sel[poss[k]!]!;
    evRows[k] = jb.evRow[j]!;
    profRows[k] = jb.profRow[j]!;
  }
  const first = cursors[0]!.batch as JoinBatch;
  const parts: PartitionLike[] = cursors.map((c) => (c.batch as JoinBatch).events!.part);
  const events = new EventBatch(new MergedPartition(parts, src, evRows), o.usersRef, o.timezone);
  const identity = new Int32Array(n);
  for (let k = 0; k < n; k++) identity[k] = k;
  return new JoinBatch(events, first.people, identity, profRows, o.usersRef);
}
