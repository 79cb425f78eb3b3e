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
import { decodeColumn, decodeDense, encodeColumn, encodeDense, encodeDictionary, type SparseValues, sparseCount, sparseKind } from './column-codec.js';
import { eventOrder } from './event-order.js';
import type { EventRows } from './event-rows.js';
import { partitionRows } from './partition-rows.js';
import { readDataFile } from './read-data-file.js';
import type { ReadPool } from './read-pool.js';
import type { ColumnMeta, PartitionMeta } from './manifest.js';

export interface WriteResult {
  meta: PartitionMeta;
  /** Rows dropped as duplicates of a later-ingested copy. */
  duplicates: number;
}

/**
 * A day's events in ingest order, as the partition writer reads them: staging rows
 * (`EventRows`, the inline importer) or packed batches kept as they came from a parse
 * worker (ingest/packed-day-rows.ts). One writer serves both, so both write the same bytes.
 */
export interface RowsToWrite {
  readonly length: number;
  readonly users: ArrayLike<number>;
  readonly times: ArrayLike<number>;
  /** Each row's event name as a code into `nameTexts` (equal names have equal codes). */
  readonly nameCodes: ArrayLike<number>;
  readonly nameTexts: readonly string[];
  /** Row `row`'s `$insert_id` as given; undefined where absent. Read by dedup only for rows it compares. */
  insertId(row: number): unknown;
  /**
   * Optional, from a source that holds the ids packed (ingest/packed-day-rows.ts): the
   * `$insert_id` column as insertIdsSparse gives it, but packed, so the column is encoded
   * with no JS value per row (the largest part of writing a big day). Same bytes.
   */
  insertIdColumn?(newIndex: Int32Array): SparseValues;
  readonly hasSampling: boolean;
  sampling(row: number): number;
  /** Property keys, any order. */
  keys(): Iterable<string>;
  /** The key's values moved to their new row numbers (`newIndex`, -1: dropped), in ingest order. */
  sparse(key: string, newIndex: Int32Array): SparseValues;
}

/** Staging rows as the writer reads them. */
export function eventRowsToWrite(rows: EventRows): RowsToWrite {
  const codes = new Map<string, number>();
  const nameCodes = new Int32Array(rows.length);
  for (let i = 0; i < rows.length; i++) {
    const name = rows.names[i]!;
    let c = codes.get(name);
    if (c === undefined) codes.set(name, (c = codes.size));
    nameCodes[i] = c;
  }
  return {
    length: rows.length,
    users: rows.users,
    times: rows.times,
    nameCodes,
    nameTexts: [...codes.keys()],
    insertId: (i) => rows.insertIds[i],
    hasSampling: rows.hasSampling,
    sampling: (i) => rows.sampling[i]!,
    keys: () => rows.props.keys(),
    sparse: (key, newIndex) => remap(rows.props.get(key)!, newIndex),
  };
}

/**
 * Sort, deduplicate and write `rows` as a partition into `dir` (absolute),
 * recording `relDir` in the returned meta.
 *
 * Dedup: events with the same (name, time, user, $insert_id) are one event; the
 * copy ingested last wins. Events without `$insert_id` are never deduplicated.
 * `$insert_id` values compare as values (`insertIdKey`): 1, "1" and [1] differ.
 */
export function writeEventPartition(absDir: string, relDir: string, rows: EventRows | RowsToWrite): WriteResult {
  const src = 'props' in rows ? eventRowsToWrite(rows) : rows;
  const w = new PartitionWriter(absDir, relDir, src);
  for (const key of [...src.keys()].sort()) w.writeRemapped(key, src.sparse(key, w.newIndex));
  return w.finish();
}

/**
 * One partition being written: the row order, dedup and fixed columns when made, then
 * one property file per `writeProperty` call (keys in sorted order: file p<N> is the
 * N-th written key), then the meta. Several of these (a day's user buckets) can be fed
 * the same key in turn, so each key's values are read once for all of them.
 */
export class PartitionWriter {
  /** Each input row's row in the partition (-1: dropped as a duplicate). */
  readonly newIndex: Int32Array;
  readonly duplicates: number;
  private readonly m: number;
  private readonly columns: Record<string, ColumnMeta> = Object.create(null);
  private fileNo = 0;
  private readonly meta: Omit<PartitionMeta, 'columns'>;

  constructor(
    private readonly absDir: string,
    relDir: string,
    src: Omit<RowsToWrite, 'keys' | 'sparse'>,
  ) {
    const n = src.length;
    const { nameCodes, users, times } = src;

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
      // A run of one event has nothing to compare with (most runs).
      for (let a = s0; s1 - s0 > 1 && a < s1; a++) {
        const i = sorted[a]!;
        if (!keep[i]) continue;
        const vi = src.insertId(i);
        if (vi === undefined) continue;
        const id = insertIdKey(vi);
        for (let b = a + 1; b < s1; b++) {
          const j = sorted[b]!;
          if (!keep[j] || nameCodes[j] !== nameCodes[i]) continue;
          const vj = src.insertId(j);
          if (vj !== undefined && insertIdKey(vj) === id) {
            keep[i] = 0; // j was ingested later (runs are in ingest order)
            duplicates++;
            break;
          }
        }
      }
      s0 = s1;
    }
    this.duplicates = duplicates;
    const m = n - duplicates;
    this.m = m;
    const order = new Int32Array(m);
    for (let a = 0, j = 0; a < n; a++) if (keep[sorted[a]!]) order[j++] = sorted[a]!;
    const newIndex = new Int32Array(n).fill(-1);
    for (let j = 0; j < m; j++) newIndex[order[j]!] = j;
    this.newIndex = newIndex;

    // 3. Fixed columns. Name ids in order of first appearance in the sorted rows.
    const idOfCode = new Int32Array(src.nameTexts.length).fill(-1);
    const dictionary: string[] = [];
    const counts: number[] = [];
    const nameIdx = new Int32Array(m);
    const userCol = new Int32Array(m);
    const timeCol = new Float64Array(m);
    let minTime = Infinity;
    let maxTime = -Infinity;
    for (let j = 0; j < m; j++) {
      const i = order[j]!;
      const code = nameCodes[i]!;
      let id = idOfCode[code]!;
      if (id < 0) {
        id = idOfCode[code] = dictionary.length;
        dictionary.push(src.nameTexts[code]!);
        counts.push(0);
      }
      nameIdx[j] = id;
      counts[id]!++;
      userCol[j] = users[i]!;
      const t = times[i]!;
      timeCol[j] = t;
      if (t < minTime) minTime = t;
      if (t > maxTime) maxTime = t;
    }
    // Null-prototype map: names such as "constructor" or "__proto__" are data.
    const nameCounts: Record<string, number> = Object.create(null);
    for (let id = 0; id < dictionary.length; id++) nameCounts[dictionary[id]!] = counts[id]!;
    fs.mkdirSync(absDir, { recursive: true });
    this.write('name.arrow', encodeDictionary(nameIdx, dictionary));
    this.write('user.arrow', encodeDense(userCol));
    this.write('time.arrow', encodeDense(timeCol));
    // Strings (the usual case) make a string column; other values keep their type.
    this.write('insert_id.arrow', encodeColumn(m, src.insertIdColumn?.(newIndex) ?? insertIdsSparse(src, newIndex)));
    if (src.hasSampling) {
      const s = new Float64Array(m);
      for (let j = 0; j < m; j++) s[j] = src.sampling(order[j]!);
      this.write('sampling.arrow', encodeDense(s));
    }
    this.meta = { dir: relDir, rows: m, minTime: m ? minTime : 0, maxTime: m ? maxTime : 0, names: nameCounts, hasSampling: src.hasSampling };
  }

  private write(file: string, bytes: Uint8Array): void {
    fs.writeFileSync(path.join(this.absDir, file), bytes);
  }

  /** 4. One file per property key: `values` in the input rows' numbering. */
  writeProperty(key: string, values: SparseValues): void {
    this.writeRemapped(key, remap(values, this.newIndex));
  }

  /** The same with `sparse` already in the partition's numbering (`newIndex`); nothing for a key left with no row. */
  writeRemapped(key: string, sparse: SparseValues): void {
    if (sparse.rows.length === 0) return;
    const file = `p${this.fileNo++}.arrow`;
    const kind = sparseKind(sparse);
    this.write(file, encodeColumn(this.m, sparse, kind));
    this.columns[key] = { kind, file, count: sparseCount(sparse) };
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

/** The `$insert_id` values at their new row numbers, in ingest order. */
function insertIdsSparse(src: Pick<RowsToWrite, 'length' | 'insertId'>, newIndex: Int32Array): SparseValues {
  const rows: number[] = [];
  const values: unknown[] = [];
  for (let i = 0; i < src.length; i++) {
    if (newIndex[i]! < 0) continue;
    const v = src.insertId(i);
    if (v !== undefined) {
      rows.push(newIndex[i]!);
      values.push(v);
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

  /**
   * The column of property `key` read into `pool`'s buffers and not kept: valid until the
   * pool is released, for a use that drops it before (the scan's selector mask). A column
   * this partition already holds is returned as it is; a file the pool cannot read (a store
   * on S3 whose mirror lacks it, a damaged store) goes through column(), which says why.
   */
  columnFrom(pool: ReadPool, key: string): Column | undefined {
    if (this.cache.has(key) || key === '$insert_id') return this.column(key);
    const meta = Object.hasOwn(this.meta.columns, key) ? this.meta.columns[key] : undefined;
    if (meta === undefined) return undefined;
    let bytes: Uint8Array;
    try {
      bytes = pool.read(path.join(this.storeDir, this.meta.dir, meta.file));
    } catch {
      return this.column(key);
    }
    return decodeColumn(bytes);
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
