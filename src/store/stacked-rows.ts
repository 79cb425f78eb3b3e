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
import type { SparseBuilder, SparseValues } from './column-codec.js';
import { valueAt } from './column.js';
import type { RowsToWrite } from './event-partition.js';
import type { PartitionLike } from './partition-like.js';

/**
 * A stored source: opens a fresh reader each time, so the property columns one read
 * decodes are dropped with it (readers cache every column they decode).
 */
export type OpenPartition = () => PartitionLike;

/** A stored partition, or rows in memory (staging rows or a packed buffer, as the writer reads them). */
export type DaySource = OpenPartition | RowsToWrite;

export class StackedRows implements RowsToWrite {
  readonly length: number;
  readonly users: Int32Array;
  readonly times: Float64Array;
  readonly nameCodes: Int32Array;
  readonly nameTexts: string[] = [];
  private readonly insertIds: unknown[] = [];
  readonly hasSampling: boolean;
  private readonly samplings: Float64Array;
  private readonly keySet = new Set<string>();
  /** Each source's first row here. */
  private readonly bases: number[] = [];
  /** Each in-memory source's keys (stored sources are asked when read). */
  private readonly sourceKeys: Array<Set<string> | null> = [];

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
    this.nameCodes = new Int32Array(n);
    this.samplings = new Float64Array(n);
    const codeOf = new Map<string, number>();
    const code = (name: string) => {
      let c = codeOf.get(name);
      if (c === undefined) {
        codeOf.set(name, (c = this.nameTexts.length));
        this.nameTexts.push(name);
      }
      return c;
    };
    let hasSampling = false;
    opened.forEach((s, k) => {
      const base = this.bases[k]!;
      if (isRows(s)) {
        // Each of the source's name codes -> this day's code, once per distinct name.
        const codes = s.nameTexts.map(code);
        for (let i = 0; i < s.length; i++) {
          this.nameCodes[base + i] = codes[s.nameCodes[i]!]!;
          this.users[base + i] = s.users[i]!;
          this.times[base + i] = s.times[i]!;
          this.insertIds.push(s.insertId(i));
          this.samplings[base + i] = s.hasSampling ? s.sampling(i) : 1;
        }
        hasSampling ||= s.hasSampling;
        const keys = new Set(s.keys());
        for (const key of keys) this.keySet.add(key);
        this.sourceKeys.push(keys);
        return;
      }
      // As partitionRows reads a partition back (the values and kinds written are the same).
      const { name, user, time } = s;
      const samp = s.samplingFactor;
      const ins = s.column('$insert_id');
      const codes = name.dictionary.map(code);
      for (let i = 0; i < s.length; i++) {
        this.nameCodes[base + i] = codes[name.indices[i]!]!;
        this.users[base + i] = user[i]!;
        this.times[base + i] = time[i]!;
        this.insertIds.push(ins === undefined ? undefined : valueAt(ins, i));
        this.samplings[base + i] = samp ? samp[i]! : 1;
      }
      hasSampling ||= samp !== null;
      for (const key of s.keys()) this.keySet.add(key);
      this.sourceKeys.push(null);
    });
    this.hasSampling = hasSampling;
  }

  insertId(row: number): unknown {
    return this.insertIds[row];
  }

  sampling(row: number): number {
    return this.samplings[row]!;
  }

  keys(): Iterable<string> {
    return this.keySet;
  }

  /** The values of `key` over all sources, read now, moved to their rows in `newIndex` (-1: dropped). */
  sparse(key: string, newIndex: Int32Array): SparseValues {
    const out: SparseBuilder = { rows: [], values: [] };
    if (!this.keySet.has(key)) return out;
    this.sources.forEach((src, k) => {
      const base = this.bases[k]!;
      if (typeof src !== 'function') {
        if (!this.sourceKeys[k]!.has(key)) return;
        // The source's own rows map to this day's rows base.., then through newIndex.
        const s = src.sparse(key, newIndex.subarray(base, base + src.length));
        for (let j = 0; j < s.rows.length; j++) {
          out.rows.push(s.rows[j]!);
          out.values.push(s.values[j]);
        }
        return;
      }
      const col = src().column(key);
      if (col === undefined) return;
      for (let i = 0; i < col.length; i++) {
        const r = newIndex[base + i]!;
        if (r < 0) continue;
        const v = valueAt(col, i);
        if (v !== undefined) {
          out.rows.push(r);
          out.values.push(v);
        }
      }
    });
    return out;
  }
}

function isRows(s: RowsToWrite | PartitionLike): s is RowsToWrite {
  return 'nameCodes' in s;
}
