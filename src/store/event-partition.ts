/**
 * Writing and reading one day partition of events.
 *
 * Layout of a partition directory (`events/<day>/g<generation>/`):
 *   name.arrow       event names, dictionary-encoded
 *   user.arrow       user numbers (Int32; -1 = no distinct_id)
 *   time.arrow       UTC ms (Float64)
 *   insert_id.arrow  `$insert_id` (dictionary strings; missing where absent)
 *   sampling.arrow   sampling factors, only when some event has one other than 1
 *   p<N>.arrow       one file per property key (the manifest maps key -> file)
 * Rows are ordered by (user number, time, ingest order), so per-user work streams.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Column, StringColumn } from './column.js';
import { decodeColumn, decodeDense, encodeColumn, encodeDense, encodeDictionary, inferKind, type SparseValues } from './column-codec.js';
import { eventOrder } from './event-order.js';
import type { EventRows } from './event-rows.js';
import { partitionRows } from './partition-rows.js';
import { readDataFile } from './read-data-file.js';
import type { ColumnMeta, PartitionMeta } from './manifest.js';

export interface WriteResult {
  meta: PartitionMeta;
  /** Rows dropped as duplicates of a later-ingested copy. */
  duplicates: number;
}

/**
 * What a partition is written from: the fixed fields of every row, and each property
 * key's values asked for one key at a time. An `EventRows` is one (its `props` map);
 * a day being finished from several sources (stacked-rows.ts) reads each property from
 * them only when asked, so a whole day's properties are never in memory at once.
 */
export interface RowsToWrite {
  readonly length: number;
  readonly names: ArrayLike<string>;
  readonly users: ArrayLike<number>;
  readonly times: ArrayLike<number>;
  /** `$insert_id` values as given; undefined where absent. */
  readonly insertIds: ArrayLike<unknown>;
  readonly sampling: ArrayLike<number>;
  readonly hasSampling: boolean;
  readonly props: PropertySource;
}

/** Property values by key, in the rows' numbering (rows ascending). */
export interface PropertySource {
  keys(): Iterable<string>;
  get(key: string): SparseValues | undefined;
}

/**
 * Sort, deduplicate and write `rows` as a partition into `dir` (absolute),
 * recording `relDir` in the returned meta.
 *
 * Dedup: events with the same (name, time, user, $insert_id) are one event; the
 * copy ingested last wins. Events without `$insert_id` are never deduplicated.
 * `$insert_id` values compare as values (`insertIdKey`): 1, "1" and [1] differ.
 */
export function writeEventPartition(absDir: string, relDir: string, rows: RowsToWrite): WriteResult {
  const w = new PartitionWriter(absDir, relDir, rows);
  for (const key of [...rows.props.keys()].sort()) w.writeProperty(key, rows.props.get(key)!);
  return w.finish();
}

/**
 * One partition being written: the row order, dedup and fixed columns when made, then
 * one property file per `writeProperty` call (keys in sorted order: file p<N> is the
 * N-th written key), then the meta. Several of these (a day's user buckets) can be fed
 * the same key in turn, so each key's values are read once for all of them.
 */
export class PartitionWriter {
  private readonly newIndex: Int32Array;
  private readonly m: number;
  private readonly columns: Record<string, ColumnMeta> = Object.create(null);
  private fileNo = 0;
  private readonly meta: Omit<PartitionMeta, 'columns'>;
  readonly duplicates: number;

  constructor(
    private readonly absDir: string,
    relDir: string,
    rows: Omit<RowsToWrite, 'props'>,
  ) {
    const n = rows.length;
    const { names, users, times, insertIds } = rows;

    // 1. Order: (user, time, ingest order).
    const sorted = eventOrder(users, times);

    // 2. Dedup: duplicates share (user, time), so they sit in one run of the sorted
    // order; within a run keep the last ingested of each (name, $insert_id).
    const keep = new Uint8Array(n).fill(1);
    let duplicates = 0;
    for (let s0 = 0; s0 < sorted.length; ) {
      let s1 = s0 + 1;
      const u = users[sorted[s0]!]!;
      const t = times[sorted[s0]!]!;
      while (s1 < sorted.length && users[sorted[s1]!] === u && times[sorted[s1]!] === t) s1++;
      for (let a = s0; a < s1; a++) {
        const i = sorted[a]!;
        if (insertIds[i] === undefined || !keep[i]) continue;
        const id = insertIdKey(insertIds[i]);
        for (let b = a + 1; b < s1; b++) {
          const j = sorted[b]!;
          if (keep[j] && insertIds[j] !== undefined && names[j] === names[i] && insertIdKey(insertIds[j]) === id) {
            keep[i] = 0; // j was ingested later (runs are in ingest order)
            duplicates++;
            break;
          }
        }
      }
      s0 = s1;
    }
    this.duplicates = duplicates;
    const order: number[] = [];
    for (const i of sorted) if (keep[i]) order.push(i);
    const m = order.length;
    this.m = m;
    const newIndex = new Int32Array(n).fill(-1);
    for (let j = 0; j < m; j++) newIndex[order[j]!] = j;
    this.newIndex = newIndex;

    // 3. Fixed columns.
    const nameDict = new Map<string, number>();
    const nameIdx = new Int32Array(m);
    const userCol = new Int32Array(m);
    const timeCol = new Float64Array(m);
    // Null-prototype maps: names and keys such as "constructor" or "__proto__" are data.
    const nameCounts: Record<string, number> = Object.create(null);
    let minTime = Infinity;
    let maxTime = -Infinity;
    for (let j = 0; j < m; j++) {
      const i = order[j]!;
      const name = names[i]!;
      let id = nameDict.get(name);
      if (id === undefined) {
        id = nameDict.size;
        nameDict.set(name, id);
      }
      nameIdx[j] = id;
      nameCounts[name] = (nameCounts[name] ?? 0) + 1;
      userCol[j] = users[i]!;
      const t = times[i]!;
      timeCol[j] = t;
      if (t < minTime) minTime = t;
      if (t > maxTime) maxTime = t;
    }
    fs.mkdirSync(absDir, { recursive: true });
    this.write('name.arrow', encodeDictionary(nameIdx, [...nameDict.keys()]));
    this.write('user.arrow', encodeDense(userCol));
    this.write('time.arrow', encodeDense(timeCol));
    // Strings (the usual case) make a string column; other values keep their type.
    this.write('insert_id.arrow', encodeColumn(m, remap(insertIdsSparse(insertIds), newIndex)));
    if (rows.hasSampling) {
      const s = new Float64Array(m);
      for (let j = 0; j < m; j++) s[j] = rows.sampling[order[j]!]!;
      this.write('sampling.arrow', encodeDense(s));
    }
    this.meta = { dir: relDir, rows: m, minTime: m ? minTime : 0, maxTime: m ? maxTime : 0, names: nameCounts, hasSampling: rows.hasSampling };
  }

  private write(file: string, bytes: Uint8Array): void {
    fs.writeFileSync(path.join(this.absDir, file), bytes);
  }

  /** 4. One file per property key: `values` in the rows' numbering; nothing for a key left with no row. */
  writeProperty(key: string, values: SparseValues): void {
    const sparse = remap(values, this.newIndex);
    if (sparse.rows.length === 0) return;
    const file = `p${this.fileNo++}.arrow`;
    const kind = inferKind(sparse.values);
    this.write(file, encodeColumn(this.m, sparse, kind));
    let count = 0;
    for (const v of sparse.values) if (v !== null && v !== undefined) count++;
    this.columns[key] = { kind, file, count };
  }

  finish(): WriteResult {
    const { dir, rows, minTime, maxTime, names, hasSampling } = this.meta;
    // The manifest's key order, as before the writer was split into steps.
    return { meta: { dir, rows, minTime, maxTime, names, columns: this.columns, hasSampling }, duplicates: this.duplicates };
  }
}

/**
 * A `$insert_id` value as a dedup key: equal keys = equal values. Strings are their
 * own key (the fast, usual case); any other value is its type and canonical JSON
 * (object keys sorted) behind a NUL, which a string key can only start with when it
 * is escaped the same way.
 */
export function insertIdKey(v: unknown): string {
  if (typeof v === 'string') return v.charCodeAt(0) === 0 ? `\u0000s${v}` : v;
  return `\u0000${typeof v}${canonicalJson(v)}`;
}

/** JSON with object keys sorted. Recursive: records deeper than the import depth limit never get here. */
function canonicalJson(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonicalJson).join(',')}]`;
  if (typeof v === 'object' && v !== null) {
    const o = v as Record<string, unknown>;
    return `{${Object.keys(o)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonicalJson(o[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(v) ?? 'null';
}

function insertIdsSparse(ids: ArrayLike<unknown>): SparseValues {
  const rows: number[] = [];
  const values: unknown[] = [];
  for (let i = 0; i < ids.length; i++) {
    if (ids[i] !== undefined) {
      rows.push(i);
      values.push(ids[i]);
    }
  }
  return { rows, values };
}

/** Move sparse values to their new row numbers, dropping removed rows. */
function remap(s: SparseValues, newIndex: Int32Array): SparseValues {
  const rows: number[] = [];
  const values: unknown[] = [];
  for (let j = 0; j < s.rows.length; j++) {
    const r = newIndex[s.rows[j]!]!;
    if (r >= 0) {
      rows.push(r);
      values.push(s.values[j]);
    }
  }
  return { rows, values };
}

/** A partition opened for reading: fixed columns eagerly, properties on demand. */
export class EventPartition {
  readonly day: string;
  readonly meta: PartitionMeta;
  readonly length: number;
  private readonly storeDir: string;
  private cache = new Map<string, Column | undefined>();
  private _name?: StringColumn;
  private _user?: Int32Array;
  private _time?: Float64Array;
  private _sampling?: Float64Array | null;

  constructor(storeDir: string, day: string, meta: PartitionMeta) {
    this.day = day;
    this.meta = meta;
    this.length = meta.rows;
    this.storeDir = storeDir;
  }

  private read(file: string): Uint8Array {
    return readDataFile(this.storeDir, path.posix.join(this.meta.dir, file));
  }

  get name(): StringColumn {
    return (this._name ??= decodeColumn(this.read('name.arrow')) as StringColumn);
  }
  get user(): Int32Array {
    return (this._user ??= decodeDense(this.read('user.arrow')) as Int32Array);
  }
  get time(): Float64Array {
    return (this._time ??= decodeDense(this.read('time.arrow')) as Float64Array);
  }
  get samplingFactor(): Float64Array | null {
    if (this._sampling === undefined) this._sampling = this.meta.hasSampling ? (decodeDense(this.read('sampling.arrow')) as Float64Array) : null;
    return this._sampling;
  }

  /** Property keys present in this partition (`$insert_id` included when any event has one). */
  keys(): string[] {
    return Object.keys(this.meta.columns);
  }

  /**
   * The column of property `key`, or undefined when no event of this partition has
   * it. `$insert_id` is stored as a fixed column and served here like a property.
   */
  column(key: string): Column | undefined {
    if (this.cache.has(key)) return this.cache.get(key);
    let col: Column | undefined;
    if (key === '$insert_id') {
      col = decodeColumn(this.read('insert_id.arrow'));
      if (col.present !== null && allZero(col.present)) col = undefined;
    } else {
      const meta = Object.hasOwn(this.meta.columns, key) ? this.meta.columns[key] : undefined;
      col = meta === undefined ? undefined : decodeColumn(this.read(meta.file));
    }
    this.cache.set(key, col);
    return col;
  }

  /** Read the whole partition back into staging form (used when new events land on this day). */
  toRows(): EventRows {
    return partitionRows(this);
  }
}

function allZero(bm: Uint8Array): boolean {
  for (let i = 0; i < bm.length; i++) if (bm[i] !== 0) return false;
  return true;
}
