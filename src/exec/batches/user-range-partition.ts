/**
 * The rows of one day partition whose user numbers fall in [lo, hi): one wave of a
 * custom groupByUser reducer's scan (operators/user-waves.ts). Partitions are in
 * (user, time) order, so those rows are one contiguous range, found by binary search
 * on the user column.
 *
 * Columns are copied for the range on first use and the partition is opened afresh
 * for each one (`open`), never kept: a wave holds its own rows only, not the whole
 * columns of every day, which is what keeps the reducer's memory flat as events grow.
 */
import { type Column, concatColumns, type StringColumn } from '../../store/index.js';
import type { PartitionLike } from './merged-partition.js';

export class UserRangePartition implements PartitionLike {
  readonly length: number;
  readonly meta: { rows: number };
  readonly user: Int32Array;
  private readonly src: Uint16Array;
  private readonly rows: Int32Array;
  private cache = new Map<string, Column | undefined>();
  private _name?: StringColumn;
  private _time?: Float64Array;
  private _sampling?: Float64Array | null;
  private _keys?: string[];

  private constructor(
    private readonly open: () => PartitionLike,
    users: Int32Array,
    private readonly from: number,
    to: number,
  ) {
    this.length = to - from;
    this.meta = { rows: this.length };
    this.user = users.slice(from, to);
    this.src = new Uint16Array(this.length);
    this.rows = new Int32Array(this.length);
    for (let k = 0; k < this.length; k++) this.rows[k] = from + k;
  }

  /**
   * The rows of `part` (opened again by `open` when a column is read) with user numbers
   * in [lo, hi), or null when it has none.
   */
  static of(part: PartitionLike, open: () => PartitionLike, lo: number, hi: number): UserRangePartition | null {
    const users = part.user;
    const from = lowerBound(users, lo);
    const to = lowerBound(users, hi);
    return to > from ? new UserRangePartition(open, users, from, to) : null;
  }

  private pick(c: Column | undefined): Column | undefined {
    return c === undefined ? undefined : concatColumns([c], this.src, this.rows);
  }

  get name(): StringColumn {
    return (this._name ??= this.pick(this.open().name) as StringColumn);
  }

  get time(): Float64Array {
    return (this._time ??= this.open().time.slice(this.from, this.from + this.length));
  }

  get samplingFactor(): Float64Array | null {
    if (this._sampling === undefined) this._sampling = this.open().samplingFactor?.slice(this.from, this.from + this.length) ?? null;
    return this._sampling;
  }

  keys(): string[] {
    return (this._keys ??= this.open().keys());
  }

  column(key: string): Column | undefined {
    if (this.cache.has(key)) return this.cache.get(key);
    const col = this.pick(this.open().column(key));
    this.cache.set(key, col);
    return col;
  }
}

/** First position in the ascending `a` whose value is >= x. */
function lowerBound(a: Int32Array, x: number): number {
  let lo = 0;
  let hi = a.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (a[mid]! < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
