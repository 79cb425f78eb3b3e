/**
 * One day of events, whatever the store's bucket count: a day is one partition
 * (B = 1, the layout of every store before buckets), or B partitions split by user
 * bucket (`events/<day>/b<k>/g<N>/`) that read as one, merged by user number. Users
 * never span buckets and each bucket is in (user, time) order, so the merge gives the
 * very rows, in the very order, of the day written as one partition.
 */
import path from 'node:path';
import { EventPartition, eventRowsToWrite, PartitionWriter, type RowsToWrite, writeEventPartition } from './event-partition.js';
import { EventRows } from './event-rows.js';
import { bucketOf, type ColumnMeta, type PartitionMeta } from './manifest.js';
import { MergedPartition } from './merged-partition.js';
import { partitionRows } from './partition-rows.js';

/** A day read as one partition: a plain partition, or several buckets merged. */
export type DayPartition = EventPartition | BucketedDay;

/** Buckets of one day read as one partition in (user, time) order. */
export class BucketedDay extends MergedPartition {
  /** The summary of the buckets read. */
  override readonly meta: PartitionMeta;

  constructor(
    readonly day: string,
    parts: EventPartition[],
  ) {
    const { src, rows } = mergeByUser(parts);
    super(parts, src, rows);
    this.meta = dayMeta(
      day,
      parts.map((p) => p.meta),
    );
  }

  /** Property keys in the order one partition lists them (sorted when written). */
  override keys(): string[] {
    return super.keys().sort();
  }

  toRows(): EventRows {
    return partitionRows(this);
  }
}

/**
 * Open day `day`. With `wanted`, only the buckets it accepts (a user shard's share);
 * null when none of those holds an event that day.
 */
export function openDay(storeDir: string, day: string, meta: PartitionMeta, wanted?: (bucket: number) => boolean): DayPartition | null {
  if (meta.buckets === undefined) return new EventPartition(storeDir, day, meta);
  const parts: EventPartition[] = [];
  meta.buckets.forEach((b, k) => {
    if (b !== null && (wanted === undefined || wanted(k))) parts.push(new EventPartition(storeDir, day, b));
  });
  if (parts.length === 0) return wanted === undefined ? new BucketedDay(day, []) : null;
  return parts.length === 1 ? parts[0]! : new BucketedDay(day, parts);
}

/**
 * The day's buckets as separate partitions (one for a day stored whole), for a reader
 * whose result does not depend on row order: no merge back into (user, time) order.
 * With `wanted`, only the buckets it accepts.
 */
export function openDayParts(storeDir: string, day: string, meta: PartitionMeta, wanted?: (bucket: number) => boolean): EventPartition[] {
  if (meta.buckets === undefined) return [new EventPartition(storeDir, day, meta)];
  const parts: EventPartition[] = [];
  meta.buckets.forEach((b, k) => {
    if (b !== null && b.rows > 0 && (wanted === undefined || wanted(k))) parts.push(new EventPartition(storeDir, day, b));
  });
  return parts;
}

/**
 * Row order of parts merged by user number: each part is sorted by user and no user is
 * in two, so a k-way merge of whole user runs (no allocation per run: this runs for
 * every day a bucketed store reads whole).
 */
function mergeByUser(parts: EventPartition[]): { src: Uint16Array; rows: Int32Array } {
  const users = parts.map((p) => p.user);
  const at = new Int32Array(parts.length);
  let total = 0;
  for (const u of users) total += u.length;
  const src = new Uint16Array(total);
  const rows = new Int32Array(total);
  for (let o = 0; o < total; ) {
    let best = -1;
    for (let k = 0; k < users.length; k++) {
      if (at[k]! < users[k]!.length && (best < 0 || users[k]![at[k]!]! < users[best]![at[best]!]!)) best = k;
    }
    const u = users[best]!;
    const user = u[at[best]!]!;
    let r = at[best]!;
    for (; r < u.length && u[r] === user; r++, o++) {
      src[o] = best;
      rows[o] = r;
    }
    at[best] = r;
  }
  return { src, rows };
}

export interface DayWrite {
  meta: PartitionMeta;
  duplicates: number;
}

/**
 * Write one day's rows with `buckets` user buckets. `newDir(parent)` makes a fresh
 * generation directory under `parent` (relative) and returns its relative path.
 * Properties are read one key at a time and that key is written to every bucket before
 * the next is read (`rows` may read them from files only when asked: stacked-rows.ts).
 */
export function writeDay(storeDir: string, day: string, rows: EventRows | RowsToWrite, buckets: number, newDir: (parent: string) => string): DayWrite {
  const src = 'props' in rows ? eventRowsToWrite(rows) : rows;
  if (buckets <= 1) {
    const rel = newDir(`events/${day}`);
    const r = writeEventPartition(path.join(storeDir, rel), rel, src);
    return { meta: r.meta, duplicates: r.duplicates };
  }
  const { parts, of, at } = splitByBucket(src, buckets);
  const writers = parts.map((part, k) => {
    if (part === null) return null;
    const rel = newDir(`events/${day}/b${k}`);
    return new PartitionWriter(path.join(storeDir, rel), rel, part);
  });
  const identity = new Int32Array(src.length);
  for (let i = 0; i < identity.length; i++) identity[i] = i;
  for (const key of [...src.keys()].sort()) {
    const s = src.sparse(key, identity);
    const split = writers.map((w) => (w === null ? null : { rows: [] as number[], values: [] as unknown[] }));
    for (let j = 0; j < s.rows.length; j++) {
      const r = s.rows[j]!;
      const to = split[of[r]!]!;
      to.rows.push(at[r]!);
      to.values.push(s.values[j]);
    }
    // A bucket none of whose rows has the key gets no file for it (as a partition
    // written from rows without the key).
    writers.forEach((w, k) => {
      if (w !== null && split[k]!.rows.length > 0) w.writeProperty(key, split[k]!);
    });
  }
  let duplicates = 0;
  const metas = writers.map((w) => {
    if (w === null) return null;
    const r = w.finish();
    duplicates += r.duplicates;
    return r.meta;
  });
  return { meta: dayMeta(day, metas), duplicates };
}

/** The fixed fields of one bucket's rows, in ingest order. */
interface BucketRows {
  length: number;
  users: number[];
  times: number[];
  nameCodes: number[];
  nameTexts: readonly string[];
  insertIds: unknown[];
  insertId(row: number): unknown;
  samplings: number[];
  hasSampling: boolean;
  sampling(row: number): number;
}

/** The fixed fields of each bucket's rows, in ingest order (null for an empty bucket), and each row's bucket and row there. */
function splitByBucket(rows: RowsToWrite, buckets: number): { parts: Array<BucketRows | null>; of: Int32Array; at: Int32Array } {
  const of = new Int32Array(rows.length);
  const at = new Int32Array(rows.length);
  const parts: Array<BucketRows | null> = new Array(buckets).fill(null);
  for (let i = 0; i < rows.length; i++) {
    const b = bucketOf(rows.users[i]!, buckets);
    let part = parts[b];
    if (part == null) {
      const samplings: number[] = [];
      const insertIds: unknown[] = [];
      part = parts[b] = {
        length: 0,
        users: [],
        times: [],
        nameCodes: [],
        nameTexts: rows.nameTexts,
        insertIds,
        insertId: (r) => insertIds[r],
        samplings,
        hasSampling: false,
        sampling: (r) => samplings[r]!,
      };
    }
    of[i] = b;
    at[i] = part.length++;
    part.nameCodes.push(rows.nameCodes[i]!);
    part.users.push(rows.users[i]!);
    part.times.push(rows.times[i]!);
    part.insertIds.push(rows.insertId(i));
    const f = rows.hasSampling ? rows.sampling(i) : 1;
    part.samplings.push(f);
    if (f !== 1) part.hasSampling = true;
  }
  return { parts, of, at };
}

/** The day's summary of its buckets: what pruning, `quarry info` and the planner read. */
export function dayMeta(day: string, buckets: Array<PartitionMeta | null>): PartitionMeta {
  const names: Record<string, number> = Object.create(null);
  const columns: Record<string, ColumnMeta> = Object.create(null);
  let rows = 0;
  let minTime = Infinity;
  let maxTime = -Infinity;
  let hasSampling = false;
  for (const b of buckets) {
    if (b === null || b.rows === 0) continue;
    rows += b.rows;
    minTime = Math.min(minTime, b.minTime);
    maxTime = Math.max(maxTime, b.maxTime);
    hasSampling ||= b.hasSampling;
    for (const [n, c] of Object.entries(b.names)) names[n] = (names[n] ?? 0) + c;
    for (const [k, c] of Object.entries(b.columns)) {
      const had = columns[k];
      columns[k] =
        had === undefined ? { kind: c.kind, file: '', count: c.count } : { kind: had.kind === c.kind ? c.kind : 'json', file: '', count: had.count + c.count };
    }
  }
  return { dir: `events/${day}`, rows, minTime: rows ? minTime : 0, maxTime: rows ? maxTime : 0, names, columns, hasSampling, buckets };
}
