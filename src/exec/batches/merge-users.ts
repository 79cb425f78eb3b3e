/**
 * groupByUser with a custom reducer: a user's items of the whole query range in ONE
 * batch, so the reducer is called once per user (jql.md §3; docs/compatibility.md).
 *
 * Day partitions are sorted by (user number, time), so their selected rows are in
 * ascending user order: the rows are counted per user number once, and each merged
 * batch's users are gathered from every day in day order, which is time order
 * (decision 0035; a k-way merge looped over every day for every user). Merged
 * batches hold whole users and about `target` rows; a user with more than `bound`
 * items is cut into pieces of `bound` items, in time order (the reducer then gets
 * `state` from the previous piece, as the spec allows).
 */
import { InternalError } from '../../errors.js';
import { NO_USER } from '../../store/index.js';
import { EventBatch } from './event-batch.js';
import type { ItemBatch } from './item-batch.js';
import { JoinBatch } from './join-batch.js';
import { MergedPartition, MergeShared, type PartitionLike } from './merged-partition.js';

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
  for (const c of cursors) {
    inUserOrder(c);
    skipNoUser(c);
  }
  const counts = countPerUser(cursors);
  if (counts !== null) {
    const shared = new MergeShared();
    const { first, perUser } = counts;
    // Whole users, in user order, cut where the next user would pass the target (a user
    // past the bound alone, then in pieces): the users of one batch are scattered from
    // every cursor in day order, so each user's run stays in time order.
    let from = 0;
    let rows = 0;
    const flush = function* (to: number, alone: boolean): Generator<ItemBatch> {
      if (rows > 0) {
        // A user past the bound is gathered a piece at a time: a whole one (a bot's
        // millions of events) would be held at once, 10 bytes a row.
        if (alone) for (const piece of userPieces(cursors, first + from, rows, bound)) yield build(cursors, piece, kind, o, shared);
        else yield build(cursors, scatter(cursors, first + from, first + to, perUser, from, rows), kind, o, shared);
      }
      from = to;
      rows = 0;
    };
    for (let u = 0; u < perUser.length; u++) {
      const n = perUser[u]!;
      if (n === 0) continue;
      if (n > bound || (rows > 0 && rows + n > target)) yield* flush(u, false);
      rows += n;
      if (n > bound) yield* flush(u + 1, true);
    }
    yield* flush(perUser.length, false);
  }
  yield* passThrough;
}

/** Selected rows per user number, from the first selected user to the last (null: none). */
function countPerUser(cursors: Cursor[]): { first: number; perUser: Int32Array } | null {
  let lo = Infinity;
  let hi = -Infinity;
  for (const c of cursors) {
    const { sel } = c.batch;
    for (let p = c.pos; p < sel.length; p++) {
      const u = c.users[sel[p]!]!;
      if (u < lo) lo = u;
      if (u > hi) hi = u;
    }
  }
  if (lo === Infinity) return null;
  const perUser = new Int32Array(hi - lo + 1);
  for (const c of cursors) {
    const { sel } = c.batch;
    const users = c.users;
    for (let p = c.pos; p < sel.length; p++) perUser[users[sel[p]!]! - lo]!++;
  }
  return { first: lo, perUser };
}

/** Rows of a merged batch: per row its cursor, its row id in that cursor's batch, its user. */
interface Scattered {
  src: Uint16Array | Int32Array;
  sel: Int32Array;
  user: Int32Array;
}

/**
 * The rows of users [uFrom, uTo) (`rows` of them) in user order and, per user, in
 * cursor (day) order: per row, its cursor and its row id in that cursor's batch.
 * Cursors advance past these users.
 */
function scatter(cursors: Cursor[], uFrom: number, uTo: number, perUser: Int32Array, base: number, rows: number): Scattered {
  const src = cursors.length <= 0xffff ? new Uint16Array(rows) : new Int32Array(rows);
  const sel = new Int32Array(rows);
  const user = new Int32Array(rows);
  // Next free position per user of the range.
  const next = new Int32Array(uTo - uFrom);
  for (let u = 0, at = 0; u < next.length; u++) {
    next[u] = at;
    at += perUser[base + u]!;
  }
  let placed = 0;
  for (let i = 0; i < cursors.length; i++) {
    const c = cursors[i]!;
    const cs = c.batch.sel;
    const users = c.users;
    let p = c.pos;
    for (; p < cs.length; p++) {
      const r = cs[p]!;
      const u = users[r]!;
      if (u >= uTo) break;
      if (u < uFrom) throw notInOrder();
      const at = next[u - uFrom]!++;
      src[at] = i;
      sel[at] = r;
      user[at] = u;
    }
    placed += p - c.pos;
    c.pos = p;
  }
  // Every counted row placed, each in its range: a batch out of user order would leave
  // slots unset (wrong rows, silently), so it stops the query instead.
  if (placed !== rows) throw notInOrder();
  return { src, sel, user };
}

/** One user's rows (`total` of them), cursor by cursor, in pieces of at most `bound`. */
function* userPieces(cursors: Cursor[], u: number, total: number, bound: number): Generator<Scattered> {
  const wide = cursors.length > 0xffff;
  let piece = newPiece(Math.min(bound, total), wide);
  let n = 0;
  let placed = 0;
  for (let i = 0; i < cursors.length; i++) {
    const c = cursors[i]!;
    const cs = c.batch.sel;
    let p = c.pos;
    if (p < cs.length && c.users[cs[p]!]! < u) throw notInOrder();
    for (; p < cs.length && c.users[cs[p]!] === u; p++) {
      piece.src[n] = i;
      piece.sel[n] = cs[p]!;
      piece.user[n] = u;
      if (++n === piece.sel.length) {
        yield piece;
        placed += n;
        n = 0;
        piece = newPiece(Math.min(bound, total - placed), wide);
      }
    }
    c.pos = p;
  }
  if (placed + n !== total) throw notInOrder();
  if (n > 0) yield piece;
}

function newPiece(rows: number, wide: boolean): Scattered {
  return { src: wide ? new Int32Array(rows) : new Uint16Array(rows), sel: new Int32Array(rows), user: new Int32Array(rows) };
}

/**
 * Day partitions are stored in user order (docs/store-format.md); a batch that is not
 * (a reader's `'unsorted'` day, store/event-user-range.ts) gets its selection sorted
 * by user, stably, so each user's rows keep their order and the merge stays exact.
 */
function inUserOrder(c: Cursor): void {
  const { sel } = c.batch;
  const users = c.users;
  let sorted = true;
  for (let p = 1; p < sel.length && sorted; p++) sorted = users[sel[p]!]! >= users[sel[p - 1]!]!;
  if (sorted) return;
  const order = Array.from(sel.keys()).sort((a, b) => users[sel[a]!]! - users[sel[b]!]! || a - b);
  c.batch.sel = Int32Array.from(order, (p) => sel[p]!);
}

const notInOrder = () => new InternalError('groupByUser: a batch of the scan is not in user order');

function skipNoUser(c: Cursor): void {
  const sel = c.batch.sel;
  while (c.pos < sel.length && c.users[sel[c.pos]!] === NO_USER) c.pos++;
  // Sorted by user number, NO_USER (-1) rows come first; any later one is skipped too.
  let later = false;
  for (let p = c.pos; p < sel.length && !later; p++) later = c.users[sel[p]!] === NO_USER;
  if (later) {
    c.batch.sel = sel.filter((r) => c.users[r] !== NO_USER);
    c.pos = 0;
  }
}

function build(cursors: Cursor[], { src, sel, user }: Scattered, kind: string, o: MergeOptions, shared: MergeShared): ItemBatch {
  const n = sel.length;
  if (kind === 'events') {
    const parts = cursors.map((c) => (c.batch as EventBatch).part);
    return new EventBatch(new MergedPartition(parts, src, sel, shared, user), o.usersRef, o.timezone);
  }
  // Join pairs: the event side is merged; the profile rows follow their pairs.
  const evRows = new Int32Array(n);
  const profRows = new Int32Array(n);
  for (let k = 0; k < n; k++) {
    const jb = cursors[src[k]!]!.batch as JoinBatch;
    const j = sel[k]!;
    evRows[k] = jb.evRow[j]!;
    profRows[k] = jb.profRow[j]!;
  }
  const first = cursors[0]!.batch as JoinBatch;
  const parts: PartitionLike[] = cursors.map((c) => (c.batch as JoinBatch).events!.part);
  const events = new EventBatch(new MergedPartition(parts, src, evRows, shared, user), o.usersRef, o.timezone);
  const identity = new Int32Array(n);
  for (let k = 0; k < n; k++) identity[k] = k;
  return new JoinBatch(events, first.people, identity, profRows, o.usersRef);
}
