/**
 * Per-batch state of the vectorized evaluator: the columns a selector reads, with
 * join masks (rows that have no event / no user) folded into their bitmaps once,
 * and the event time as a datetime vector. Cached so that a key read in several
 * places of one selector is prepared once per batch.
 */
import { bitAt, type Column } from '../store/column.js';
import { datetimeFromMs } from './datetime.js';
import { newTVec, T_DT, type TVec } from './vector-values.js';

export interface SelectorBatch {
  length: number;
  /** The column for properties[key] / user[key] in this batch, or undefined when the key does not exist in it. */
  column(source: 'properties' | 'user', key: string): Column | undefined;
  /** Event time, UTC ms, when the batch has events. */
  time?: Float64Array;
  /** For join batches: rows that have no event / no user. null = all present. */
  hasEvent?: Uint8Array | null;
  hasUser?: Uint8Array | null;
}

export class BatchContext {
  readonly n: number;
  /**
   * Rows whose value the expression being evaluated can no longer change are 0 (any other
   * byte: it may), or null for all rows: the right side of `a and b` matters only where
   * `a` is true, of `a or b` only where it is not. Costly kernels may skip the 0 rows and
   * give them any value; cheap ones ignore this. Set and restored by the and/or kernel.
   */
  active: Uint8Array | null = null;
  private columns = new Map<string, Column | undefined>();
  private timeVecs = new Map<boolean, TVec | undefined>();

  constructor(readonly batch: SelectorBatch) {
    this.n = batch.length;
  }

  column(from: 'properties' | 'user', key: string): Column | undefined {
    const id = `${from}\u0000${key}`;
    if (this.columns.has(id)) return this.columns.get(id);
    let col = this.batch.column(from, key);
    const mask = from === 'properties' ? this.batch.hasEvent : this.batch.hasUser;
    if (col !== undefined && mask) col = maskColumn(col, mask, this.n);
    this.columns.set(id, col);
    return col;
  }

  /**
   * event["$time"]: whole seconds. With `byEvent` (join context) undefined where the
   * row has no event; other contexts take the time as given, like the row evaluator.
   */
  time(byEvent: boolean): TVec | undefined {
    if (this.timeVecs.has(byEvent)) return this.timeVecs.get(byEvent);
    const ms = this.batch.time;
    if (ms === undefined) {
      this.timeVecs.set(byEvent, undefined);
      return undefined;
    }
    const mask = byEvent ? this.batch.hasEvent : null;
    const tv = newTVec(this.n, false);
    for (let i = 0; i < this.n; i++) {
      if (mask && mask[i] === 0) continue;
      const s = datetimeFromMs(ms[i]!);
      if (s === undefined) continue;
      tv.tag[i] = T_DT;
      tv.num[i] = s;
    }
    this.timeVecs.set(byEvent, tv);
    return tv;
  }

  hasEvent(i: number): boolean {
    const m = this.batch.hasEvent;
    return !m || m[i] !== 0;
  }

  hasUser(i: number): boolean {
    const m = this.batch.hasUser;
    return !m || m[i] !== 0;
  }
}

/** Rows outside the mask become "missing key": clear their present and null bits. */
function maskColumn(col: Column, mask: Uint8Array, n: number): Column {
  const bytes = (n + 7) >> 3;
  const present = new Uint8Array(bytes);
  const nulls = col.nulls === null ? null : new Uint8Array(bytes);
  for (let i = 0; i < n; i++) {
    if (mask[i] === 0) continue;
    if (col.present === null || bitAt(col.present, i) === 1) present[i >> 3]! |= 1 << (i & 7);
    if (nulls !== null && bitAt(col.nulls!, i) === 1) nulls[i >> 3]! |= 1 << (i & 7);
  }
  return { ...col, present, nulls } as Column;
}
