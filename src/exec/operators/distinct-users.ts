/**
 * Distinct users per key: `groupByUser(keys, null())` then `groupBy([slice("key", 1)],
 * count())` (plan/physical/rules/distinct-users.ts) in one pass over the scan.
 *
 * The groupByUser's groups are the distinct (user, key) pairs; the groupBy counts them
 * per sliced key. Here a pair is two integers, the user number (store-wide) and a key
 * code (one per distinct key tuple), kept in a bitmap of users per key code (or, past a
 * memory budget, an open-addressing hash set of typed arrays); a count per key code
 * goes up when a pair is new. Key codes come from the columns' dictionary codes (one
 * lookup per distinct code per batch), or, for keys no column answers, from the key's
 * evaluated value as the generic operator computes it.
 * Then every key tuple, as the groupByUser row `{key: [user, ...tuple]}` it stands
 * for, goes through the groupBy's own key evaluation (the slice never reaches the
 * user), weighted by its user count.
 */
import type { AggregateNode, ScanNode } from '../../plan/index.js';
import { NO_USER } from '../../store/index.js';
import type { Chain } from '../chain.js';
import type { ExecContext } from '../context.js';
import { composeKeys, encodeKey, type KeyComponent, type KeyPart } from '../accessors/index.js';
import { EventBatch } from '../batches/event-batch.js';
import { RowsBatch } from '../batches/rows-batch.js';
import { ItemCache, makeValueReader } from '../value-reader.js';
import { Aggregator, columnCodes } from './aggregate.js';
import { shapeOf } from './accumulate.js';
import { chunkSelection } from './chunks.js';
import { sourceBatches } from './source-batches.js';

/** A set of (user, key code) pairs of non-negative int32s (open addressing, linear probing). */
export class PairSet {
  private users = new Int32Array(1024).fill(-1);
  private codes = new Int32Array(1024);
  private mask = 1023;
  size = 0;

  /** Adds the pair; true when it was not there yet. */
  add(user: number, code: number): boolean {
    let i = (Math.imul(user, 0x9e3779b1) ^ Math.imul(code + 1, 0x85ebca77)) & this.mask;
    for (;;) {
      const u = this.users[i]!;
      if (u === -1) break;
      if (u === user && this.codes[i] === code) return false;
      i = (i + 1) & this.mask;
    }
    this.users[i] = user;
    this.codes[i] = code;
    if (++this.size * 2 > this.mask) this.grow();
    return true;
  }

  private grow(): void {
    const { users, codes } = this;
    this.users = new Int32Array(users.length * 2).fill(-1);
    this.codes = new Int32Array(users.length * 2);
    this.mask = this.users.length - 1;
    this.size = 0;
    for (let i = 0; i < users.length; i++) if (users[i] !== -1) this.add(users[i]!, codes[i]!);
  }
}

/** Bitmaps per key code up to this many bytes in all; key codes past it use the pair set. */
const BITMAP_BUDGET_BYTES = 32 << 20;

/**
 * Key tuples (the groupByUser key without its user) and their distinct users. A key
 * code's users are a bitmap over user numbers (small and dense: one bit test per
 * pair); when the bitmaps would pass the budget (many distinct keys times many
 * users), the code's users move to the shared hash set of pairs.
 */
export class KeyUsers {
  readonly tuples: KeyComponent[][] = [];
  readonly users: number[] = [];
  private index = new Map<string, number>();
  /** Per key code: its bitmap, or null once its users are in `pairs`. */
  private bits: Array<Uint32Array | null> = [];
  private bitmapBytes = 0;
  private pairs = new PairSet();

  constructor(private readonly budgetBytes = BITMAP_BUDGET_BYTES) {}

  code(tuple: KeyComponent[]): number {
    const enc = encodeKey(tuple);
    let c = this.index.get(enc);
    if (c === undefined) {
      c = this.tuples.length;
      this.index.set(enc, c);
      this.tuples.push(tuple);
      this.users.push(0);
      this.bits.push(new Uint32Array(0));
    }
    return c;
  }

  add(user: number, code: number): void {
    const b = this.bits[code]!;
    const w = user >>> 5;
    if (b !== null && w < b.length) {
      const m = 1 << (user & 31);
      if ((b[w]! & m) === 0) {
        b[w]! |= m;
        this.users[code]!++;
      }
      return;
    }
    if (b !== null && this.growBitmap(code, b, w)) return this.add(user, code);
    if (this.pairs.add(user, code)) this.users[code]!++;
  }

  /** A longer bitmap for `code` (true), or its users moved to the pair set (false). */
  private growBitmap(code: number, b: Uint32Array, w: number): boolean {
    let words = Math.max(1024, b.length);
    while (words <= w) words *= 2;
    const extra = (words - b.length) * 4;
    if (this.bitmapBytes + extra <= this.budgetBytes) {
      const nb = new Uint32Array(words);
      nb.set(b);
      this.bits[code] = nb;
      this.bitmapBytes += extra;
      return true;
    }
    for (let i = 0; i < b.length; i++) for (let k = 0; k < 32; k++) if ((b[i]! >>> k) & 1) this.pairs.add(i * 32 + k, code);
    this.bits[code] = null;
    this.bitmapBytes -= b.length * 4;
    return false;
  }
}

export async function countDistinctUsers(
  ctx: ExecContext,
  scan: ScanNode,
  node: AggregateNode,
  next: AggregateNode,
  chain: Chain,
  batchRows: number,
): Promise<unknown[]> {
  const filters = scan.filters.map((f) => f.fn);
  const chunked = scan.filters.some((f) => f.mode === 'sandbox');
  const acc = new KeyUsers();
  for (const batch of sourceBatches(ctx, scan)) {
    // An event scan that no selector narrowed: its rows are walked by number below, the
    // all-rows selection never built (when the key is a column).
    const all = filters.length === 0 && batch instanceof EventBatch && batch.selectsAll;
    for (const part of all ? [null] : chunked ? chunkSelection(batch.sel, batchRows, batch.users()) : [batch.sel]) {
      const sel = part === null ? null : filters.length ? (await chain.run(batch, part, filters, [])).sel : part;
      if (sel !== null && sel.length === 0) continue;
      if (sel !== null) batch.sel = sel;
      const users = batch.users();
      const cols = node.keys.map((k) => (k.kind === 'path' ? batch.column(k.path) : null));
      const codes = cols.every((c) => c !== null) ? cols.map((c) => columnCodes(c!, batch)) : null;
      if (codes !== null && codes.length === 1 && codes[0] !== null) {
        // One key answered by a column: its batch-local codes map to key codes once.
        const { code, decode } = codes[0];
        const table = new Int32Array(decode.length).fill(-1);
        // Dictionary strings (the common key) are read inline rather than through code().
        const col = cols[0]!;
        const idx = col?.kind === 'string' ? col.indices : null;
        const pres = col?.present ?? null;
        const nullCode = decode.length - 1;
        let lastUser = -2;
        let lastCode = -2;
        const n = sel === null ? batch.size : sel.length;
        for (let j = 0; j < n; j++) {
          const r = sel === null ? j : sel[j]!;
          const u = users[r]!;
          if (u === NO_USER) continue;
          const c = idx === null ? code(r) : pres === null || ((pres[r >> 3]! >> (r & 7)) & 1) === 1 ? idx[r]! : nullCode;
          let k = table[c]!;
          if (k < 0) k = table[c] = acc.code([decode[c] ?? null]);
          // A user's rows are contiguous in a partition and often share their key.
          if (u === lastUser && k === lastCode) continue;
          lastUser = u;
          lastCode = k;
          acc.add(u, k);
        }
        continue;
      }
      // Any other key: evaluated per item, as the generic operator does.
      const items = new ItemCache(batch);
      const rows = sel ?? batch.sel;
      const readers = node.keys.map((k) => makeValueReader(batch, k, items, null));
      for (let j = 0; j < rows.length; j++) {
        const r = rows[j]!;
        const u = users[r]!;
        if (u === NO_USER) continue;
        const parts: KeyPart[] = readers.map((read) => ({ value: read(r, j) }));
        for (const key of composeKeys(parts)) acc.add(u, acc.code(key));
      }
    }
  }
  return regroup(acc, next);
}

/** The groupBy over the groupByUser rows, one row per key tuple weighted by its users. */
function regroup(acc: KeyUsers, next: AggregateNode): unknown[] {
  const agg = new Aggregator(shapeOf(next));
  const rows = acc.tuples.map((t) => ({ key: [null, ...t], value: null }));
  const batch = new RowsBatch(rows);
  const groups = agg.assign(batch, null, new ItemCache(batch));
  const totals: number[] = [];
  const add = (g: number, t: number) => (totals[g] = (totals[g] ?? 0) + acc.users[t]!);
  for (let t = 0; t < rows.length; t++) if (groups.single![t]! >= 0) add(groups.single![t]!, t);
  if (groups.multi) for (const m of groups.multi) for (const g of m.groups) add(g, m.j);
  const order = next.sorted ? agg.orderedGroups() : agg.groupKeys.map((_, g) => g);
  return order.map((g) => ({ key: agg.groupKeys[g], value: next.list ? [totals[g] ?? 0] : (totals[g] ?? 0) }));
}
