/**
 * A day's rows from several sources one after another (its stored partition, the
 * import's spill runs, its last buffer), in that order, which is ingest order: the
 * rows a day is rewritten from when an import adds to it.
 *
 * The fixed fields (name, user, time, $insert_id, sampling) are read in full: sorting
 * and dedup need them all. A property's values are read from the sources only when
 * asked for, and not kept: the writer asks once per key, so one property column of the
 * day is in memory at a time, not all of them (reading a 300k-event day back whole
 * was what made the peak RSS of a 20M import grow past 1 GB).
 */
import type { SparseValues } from './column-codec.js';
import { valueAt } from './column.js';
import type { PropertySource, RowsToWrite } from './event-partition.js';
import type { EventRows } from './event-rows.js';
import type { PartitionLike } from './partition-like.js';

/**
 * A stored source: opens a fresh reader each time, so the property columns one read
 * decodes are dropped with it (readers cache every column they decode).
 */
export type OpenPartition = () => PartitionLike;

export type DaySource = OpenPartition | EventRows;

export class StackedRows implements RowsToWrite {
  readonly length: number;
  readonly names: string[] = [];
  readonly users: Int32Array;
  readonly times: Float64Array;
  readonly insertIds: unknown[] = [];
  readonly sampling: Float64Array;
  readonly hasSampling: boolean;
  readonly props: PropertySource;
  /** Each source's first row here. */
  private readonly bases: number[] = [];

  constructor(private readonly sources: DaySource[]) {
    const opened = sources.map((s) => (typeof s === 'function' ? s() : s));
    let n = 0;
    for (const s of opened) {
      this.bases.push(n);
      n += s.length;
    }
    this.length = n;
    this.users = new Int32Array(n);
    this.times = new Float64Array(n);
    this.sampling = new Float64Array(n);
    let hasSampling = false;
    const keys = new Set<string>();
    opened.forEach((s, k) => {
      const base = this.bases[k]!;
      if (isRows(s)) {
        for (let i = 0; i < s.length; i++) {
          this.names.push(s.names[i]!);
          this.users[base + i] = s.users[i]!;
          this.times[base + i] = s.times[i]!;
          this.insertIds.push(s.insertIds[i]);
          this.sampling[base + i] = s.sampling[i]!;
        }
        hasSampling ||= s.hasSampling;
        for (const key of s.props.keys()) keys.add(key);
        return;
      }
      // As partitionRows reads a partition back (the values and kinds written are the same).
      const { name, user, time } = s;
      const samp = s.samplingFactor;
      const ins = s.column('$insert_id');
      for (let i = 0; i < s.length; i++) {
        this.names.push(name.dictionary[name.indices[i]!]!);
        this.users[base + i] = user[i]!;
        this.times[base + i] = time[i]!;
        this.insertIds.push(ins === undefined ? undefined : valueAt(ins, i));
        this.sampling[base + i] = samp ? samp[i]! : 1;
      }
      hasSampling ||= samp !== null;
      for (const key of s.keys()) keys.add(key);
    });
    this.hasSampling = hasSampling;
    this.props = { keys: () => keys, get: (key) => (keys.has(key) ? this.property(key) : undefined) };
  }

  /** The values of `key` over all sources, read now. */
  private property(key: string): SparseValues {
    const out: SparseValues = { rows: [], values: [] };
    this.sources.forEach((src, k) => {
      const base = this.bases[k]!;
      if (isRows(src)) {
        const s = src.props.get(key);
        if (s === undefined) return;
        for (let j = 0; j < s.rows.length; j++) {
          out.rows.push(s.rows[j]! + base);
          out.values.push(s.values[j]);
        }
        return;
      }
      const col = src().column(key);
      if (col === undefined) return;
      for (let i = 0; i < col.length; i++) {
        const v = valueAt(col, i);
        if (v !== undefined) {
          out.rows.push(base + i);
          out.values.push(v);
        }
      }
    });
    return out;
  }
}

function isRows(s: DaySource | PartitionLike): s is EventRows {
  return 'props' in s;
}
