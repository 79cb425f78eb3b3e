/**
 * The rows of one stored day partition whose user numbers are in [lo, hi): a user-range
 * shard of a parallel query reads these instead of the whole day. Rows are in (user,
 * time) order, so the range is one run of rows, found by binary search on the user
 * column; every column is read, cut to that run and the rest dropped at once. Two
 * threads thus hold one copy of the scanned columns between them, not one each.
 */
import path from 'node:path';
import type { Column, StringColumn } from './column.js';
import { decodeColumn, decodeDense } from './column-codec.js';
import { sliceColumn } from './column-slice.js';
import { lowerBound } from './lower-bound.js';
import type { PartitionMeta } from './manifest.js';
import type { PartitionLike } from './partition-like.js';
import { readDataFile } from './read-data-file.js';

export class EventUserRange implements PartitionLike {
  readonly length: number;
  readonly meta: { rows: number };
  readonly user: Int32Array;
  private cache = new Map<string, Column | undefined>();
  private _name?: StringColumn;
  private _time?: Float64Array;
  private _sampling?: Float64Array | null;

  private constructor(
    private readonly storeDir: string,
    readonly day: string,
    private readonly part: PartitionMeta,
    private readonly r0: number,
    private readonly r1: number,
    user: Int32Array,
  ) {
    this.user = user;
    this.length = r1 - r0;
    this.meta = { rows: this.length };
  }

  /**
   * Rows of users [lo, hi) of the partition `meta` (not bucketed). null when it has none;
   * 'unsorted' when its user column is not in ascending order (then no row range holds
   * exactly those users: the caller reads the day whole). `sortedDirs`: partition
   * directories already found in order (a partition's files never change), so waves of
   * user ranges (exec/parallel/user-waves.ts) check each day once, not once a wave.
   */
  static open(storeDir: string, day: string, meta: PartitionMeta, lo: number, hi: number, sortedDirs?: Set<string>): EventUserRange | null | 'unsorted' {
    const all = decodeDense(readDataFile(storeDir, path.posix.join(meta.dir, 'user.arrow'))) as Int32Array;
    if (!sortedDirs?.has(meta.dir)) {
      for (let i = 1; i < all.length; i++) if (all[i]! < all[i - 1]!) return 'unsorted';
      sortedDirs?.add(meta.dir);
    }
    const r0 = lowerBound(all, lo);
    const r1 = lowerBound(all, hi);
    if (r1 <= r0) return null;
    return new EventUserRange(storeDir, day, meta, r0, r1, all.slice(r0, r1));
  }

  private decode(file: string): Column {
    return decodeColumn(readDataFile(this.storeDir, path.posix.join(this.part.dir, file)));
  }

  private read(file: string): Column {
    return sliceColumn(this.decode(file), this.r0, this.r1);
  }

  private dense(file: string): Float64Array {
    return (decodeDense(readDataFile(this.storeDir, path.posix.join(this.part.dir, file))) as Float64Array).slice(this.r0, this.r1);
  }

  get name(): StringColumn {
    return (this._name ??= this.read('name.arrow') as StringColumn);
  }

  get time(): Float64Array {
    return (this._time ??= this.dense('time.arrow'));
  }

  get samplingFactor(): Float64Array | null {
    if (this._sampling === undefined) this._sampling = this.part.hasSampling ? this.dense('sampling.arrow') : null;
    return this._sampling;
  }

  keys(): string[] {
    return Object.keys(this.part.columns);
  }

  /** As EventPartition.column: `$insert_id` from its fixed file, undefined where no row of the range has the key. */
  column(key: string): Column | undefined {
    if (this.cache.has(key)) return this.cache.get(key);
    let col: Column | undefined;
    if (key === '$insert_id') {
      // Absent when no row of the whole day has one, as EventPartition says.
      const whole = this.decode('insert_id.arrow');
      col = whole.present !== null && whole.present.every((b) => b === 0) ? undefined : sliceColumn(whole, this.r0, this.r1);
    } else {
      const meta = Object.hasOwn(this.part.columns, key) ? this.part.columns[key] : undefined;
      col = meta === undefined ? undefined : this.read(meta.file);
    }
    this.cache.set(key, col);
    return col;
  }
}
