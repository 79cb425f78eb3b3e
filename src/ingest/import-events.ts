/**
 * `quarry import events`: stream export files into day partitions in one atomic
 * commit.
 *
 * Records are normalized and appended to a columnar buffer per day. When the
 * buffers hold more than `spillRows` events they are written out as sorted staging
 * partitions (all days but the one still filling, which is held back up to holdSpills spills:
 * daysToSpill), so memory stays bounded whatever the input size. At the end each
 * touched day is rebuilt once: its existing partition, its staged runs and its
 * buffer are merged, deduplicated and written as a new generation (a day that is one
 * run and nothing else is that run, renamed), and the manifest swap publishes every
 * day at once.
 */
import fs from 'node:fs';
import path from 'node:path';
import { UserError } from '../errors.js';
import {
  bucketCount,
  type DaySource,
  EventPartition,
  EventRows,
  eventRowsToWrite,
  openDay,
  type Store,
  type Transaction,
  UserDictionary,
  writeDay,
  writeEventPartition,
  NO_USER,
  StackedRows,
} from '../store/index.js';
import type { PackedBatch } from './batch-codec.js';
import { PackedDayRows, type SharedBatch, unpackInto } from './packed-day-rows.js';
import { parseEventBatch, type ParsedBatch } from './parse-events.js';
import type { LineBlock } from './line-block.js';
import { lineBlocks } from './line-blocks.js';
import { parseInWorkers, parseThreadsFor } from './parse-pool.js';
import { MAX_RECORD_CHARS, parseText, type ReadProgress, readTextBatches, type RawRecord } from './read-records.js';
import { ImportReport } from './report.js';
import type { NormalizeOptions } from './sources/events-export.js';

async function* flatten<T>(batches: AsyncIterable<T[]>): AsyncGenerator<T> {
  for await (const b of batches) yield* b;
}

async function* mapBatches<A, B>(batches: AsyncIterable<A[]>, f: (a: A) => B): AsyncGenerator<B[]> {
  for await (const b of batches) yield b.map(f);
}

/** Records of an input in batches of about `size`, parsed inline. */
async function* inlineBatches(input: EventInput, norm: NormalizeOptions, size = 2048): AsyncGenerator<ParsedBatch> {
  if (input.batches) {
    for await (const b of input.batches) yield parseEventBatch(b, norm);
    return;
  }
  let chunk: RawRecord[] = [];
  for await (const rec of input.records) {
    chunk.push(rec);
    if (chunk.length >= size) {
      yield parseEventBatch(chunk, norm);
      chunk = [];
    }
  }
  if (chunk.length > 0) yield parseEventBatch(chunk, norm);
}

/** Buffered events before a spill (the day still filling may grow to holdSpills times this). */
export const DEFAULT_SPILL_ROWS = 500_000;

/**
 * Rows of a spill written per event read while the spill lasts. Above 1, so a spill is
 * done before the buffers fill again and they stay under about spillRows plus a day.
 */
const SPILL_PACE = 2;

export interface EventInput {
  /** Shown in messages ("file.json:12"). */
  label: string;
  records: AsyncIterable<RawRecord> | Iterable<RawRecord>;
  /** The same records in batches, when the source can give them so (fewer awaits). */
  batches?: AsyncIterable<RawRecord[]>;
  /**
   * The same input as blocks of JSON lines (parsed on worker threads), when the source
   * can give them so; null when it is not JSON lines (then `batches` or `records` are read).
   */
  lineBlocks?: () => Promise<AsyncIterable<LineBlock> | null>;
  /** Size of the input in bytes, when known (picks the number of parse threads). */
  bytes?: number;
}

export interface ImportProgress {
  records: number;
  bytes: number;
  totalBytes: number;
  phase: 'reading' | 'writing';
}

export interface ImportEventsOptions {
  timezoneShifted?: boolean;
  /** Any skipped record aborts the import with nothing written. */
  strict?: boolean;
  spillRows?: number;
  /** How far the day still filling may grow before a spill takes it, in spills (HOLD_SPILLS). */
  holdSpills?: number;
  /**
   * Worker threads parsing inputs that come as texts; 0 parses inline. Default: by input
   * size (parseThreadsFor). The stored result is the same for any number.
   */
  parseThreads?: number;
  onProgress?: (p: ImportProgress) => void;
  command?: string;
  /** Last changes to the manifest in the same commit (the server's ingestion-log cursor). */
  beforeCommit?: (tx: Transaction) => void;
}

/** Inputs from file paths (JSON lines, JSON arrays, .gz). */
export function fileInputs(files: string[], onBytes?: (bytes: number, total: number) => void): EventInput[] {
  const done = new Map<string, number>();
  return files.map((f) => {
    const progress = (p: ReadProgress) => {
      done.set(f, p.bytes);
      if (onBytes)
        onBytes(
          [...done.values()].reduce((a, b) => a + b, 0),
          p.totalBytes,
        );
    };
    const batches = mapBatches(readTextBatches(f, progress), parseText);
    let bytes: number | undefined;
    try {
      bytes = fs.statSync(f).size;
    } catch {
      bytes = undefined; // reading it reports the problem
    }
    // Standard input cannot be read twice, so it is never tried as line blocks.
    const blocks = f === '-' ? undefined : () => lineBlocks(f, progress);
    return { label: path.basename(f), lineBlocks: blocks, batches, records: flatten(batches), bytes };
  });
}

export async function importEvents(store: Store, inputs: EventInput[], o: ImportEventsOptions = {}): Promise<ImportReport> {
  const report = new ImportReport();
  const tx = store.begin(o.command ?? 'import events');
  try {
    let users: UserDictionary | null = UserDictionary.load(store.dir, tx.manifest.users.file);
    const { buffers, staged, valid } = await readInputs(tx, store.timezone, inputs, users, o, report);
    if (o.strict && report.skipped > 0) {
      throw new UserError(`import aborted (--strict): ${report.summary('events')}. Nothing was written.`);
    }
    // The user file is written before the days are finished, and the dictionary let go:
    // at 50M events it is ~100 MB (1.2M ids, their table and its encoding) that the last
    // days' writes then do not hold beside their own (the import's peak came there).
    if (users.changed) {
      const rel = `users/g${tx.generation}.arrow`;
      tx.writeFile(rel, users.encode());
      tx.manifest.users = { file: rel, count: users.size };
    }
    users = null;

    const days = new Set([...buffers.keys(), ...staged.keys()]);
    const buckets = bucketCount(tx.manifest);
    let written = 0;
    for (const day of [...days].sort()) {
      const existing = tx.manifest.events[day];
      const runs = staged.get(day) ?? [];
      if (!existing && runs.length === 1 && !buffers.has(day) && buckets === 1) {
        // The day's events all came in one spill (time-ordered exports do that for most
        // days): that run is already sorted and deduplicated, so it becomes the
        // partition as it is, renamed into place, not decoded and written again.
        const rel = tx.newDir(`events/${day}`);
        fs.rmSync(path.join(store.dir, rel), { recursive: true, force: true });
        fs.renameSync(path.join(store.dir, runs[0]!.meta.dir), path.join(store.dir, rel));
        tx.manifest.events[day] = { ...runs[0]!.meta, dir: rel };
        staged.delete(day);
        o.onProgress?.({ records: report.read, bytes: ++written, totalBytes: days.size, phase: 'writing' });
        continue;
      }
      // The stored day, its runs and its buffer, in ingest order. Each property is read
      // from them when it is written and then dropped (stacked-rows.ts), so finishing a
      // day holds its fixed fields and one property column, not the whole day.
      const sources: DaySource[] = [];
      if (existing) sources.push(() => openDay(store.dir, day, existing)!);
      for (const part of runs) sources.push(() => new EventPartition(tx.dir, day, part.meta));
      const buf = buffers.get(day);
      const mem = buf === undefined ? undefined : buf instanceof PackedDayRows ? buf.toWrite() : eventRowsToWrite(buf);
      if (mem) sources.push(mem);
      const rows = sources.length === 1 && mem ? mem : new StackedRows(sources);
      staged.delete(day);
      buffers.delete(day);
      const result = writeDay(store.dir, day, rows, buckets, (parent) => tx.newDir(parent));
      if (buf instanceof PackedDayRows) buf.release();
      tx.manifest.events[day] = result.meta;
      report.duplicates += result.duplicates;
      o.onProgress?.({ records: report.read, bytes: ++written, totalBytes: days.size, phase: 'writing' });
    }
    report.imported = valid - report.duplicates;
    o.beforeCommit?.(tx);
    tx.commit();
    return report;
  } catch (e) {
    tx.abort();
    throw e;
  }
}

/** What reading the inputs leaves to finish: days still buffered, days spilled as runs. */
interface ReadDays {
  buffers: Map<string, EventRows | PackedDayRows>;
  staged: Map<string, EventPartition[]>;
  /** Valid events read. */
  valid: number;
}

/**
 * Read every input into day buffers, interning distinct_ids in `users`, and spill the
 * buffers to staging runs as they fill (see the top of this file).
 */
async function readInputs(
  tx: Transaction,
  tz: string,
  inputs: EventInput[],
  users: UserDictionary,
  o: ImportEventsOptions,
  report: ImportReport,
): Promise<ReadDays> {
  const buffers = new Map<string, EventRows | PackedDayRows>();
  const staged = new Map<string, EventPartition[]>();
  let buffered = 0;
  let valid = 0;
  let spills = 0;
  /** Days of the spill being written, not written yet. */
  let spilling: string[] = [];
  /** Rows of the spill that may be written now (SPILL_PACE). */
  let credit = 0;
  const norm: NormalizeOptions = { timezoneShifted: o.timezoneShifted ?? false, timezone: tz };
  const threads = o.parseThreads ?? parseThreadsFor(inputs.reduce((n, i) => n + (i.bytes ?? 0), 0));
  const spillRows = o.spillRows ?? DEFAULT_SPILL_ROWS;
  const holdRows = Math.ceil((o.holdSpills ?? HOLD_SPILLS) * spillRows);

  for (const input of inputs) {
    const blocks = threads > 0 && input.lineBlocks ? await input.lineBlocks() : null;
    const parsed: AsyncIterable<ParsedBatch | PackedBatch> = blocks ? parseInWorkers(blocks, threads, norm, MAX_RECORD_CHARS) : inlineBatches(input, norm);
    for await (const batch of parsed) {
      const readBefore = report.read;
      report.read += batch.read;
      for (const s of batch.skips) report.skip(s.reason, `${input.label}:${s.line}`);
      let events: number;
      if (batch.distinctIds instanceof Int32Array) {
        // A packed batch from a parse worker: kept packed in the day buffers.
        const p = batch as PackedBatch;
        const userOf = userNumbers(users, p);
        const shared: SharedBatch = { days: 0 };
        for (const d of p.days) {
          let buf = buffers.get(d.day);
          if (buf === undefined) buffers.set(d.day, (buf = new PackedDayRows()));
          if (buf instanceof PackedDayRows) buf.append(d, p, userOf, shared);
          else unpackInto(buf, { day: d, strings: p.strings, ends: p.ends, insertIds: p.insertIds, userOf });
        }
        events = userOf.length;
      } else {
        const b = batch as ParsedBatch;
        const ids = b.distinctIds.map((d) => (d === null ? NO_USER : users.intern(d)));
        for (const [day, rows] of b.days) {
          const u = rows.users;
          for (let i = 0; i < u.length; i++) u[i] = ids[u[i]!]!;
          const buf = buffers.get(day);
          if (buf === undefined) buffers.set(day, rows);
          else if (buf instanceof PackedDayRows) {
            const unpacked = buf.toEventRows();
            buf.release();
            unpacked.append(rows);
            buffers.set(day, unpacked);
          } else buf.append(rows);
        }
        events = ids.length;
      }
      valid += events;
      buffered += events;
      if (spilling.length === 0 && buffered >= spillRows) {
        // Nothing, while the one buffered day is the latest and is held back.
        spilling = daysToSpill(buffers, spillRows, holdRows);
        if (spilling.length > 0) spills++;
        credit = 0;
      }
      // A spill is written a day at a time, paced by the events read: each batch earns
      // SPILL_PACE rows of writing. The parse workers run only IN_FLIGHT blocks ahead,
      // so a burst of writing left them idle and then the importing thread idle while
      // they caught up (at 5M each was idle ~40% of the time, in turns). Past twice the
      // spill size (days that keep growing while they wait) it is written at once.
      if (spilling.length > 0) credit += events * SPILL_PACE;
      while (spilling.length > 0 && (credit > 0 || buffered >= 2 * spillRows)) {
        const day = spilling.shift()!;
        const rows = buffers.get(day);
        if (rows === undefined) continue;
        const n = rows.length;
        spillDay(tx, day, rows, staged, spills, report);
        buffers.delete(day);
        if (rows instanceof PackedDayRows) rows.release();
        credit -= n;
        buffered -= n;
      }
      if (readBefore >>> 16 !== report.read >>> 16) o.onProgress?.({ records: report.read, bytes: 0, totalBytes: 0, phase: 'reading' });
    }
  }
  return { buffers, staged, valid };
}

/**
 * The user number of each event of a packed batch (NO_USER for none), interning new
 * ids in input order: user numbers are given in order of first appearance. Each distinct
 * id of the batch is sliced and looked up once.
 */
function userNumbers(users: UserDictionary, p: PackedBatch): Int32Array {
  const ids = p.distinctIds;
  const out = new Int32Array(ids.length);
  /** User number + 1 by string code of the batch; 0: not looked up yet. */
  const known = new Int32Array(p.ends.length);
  for (let e = 0; e < ids.length; e++) {
    const d = ids[e]!;
    if (d < 0) {
      out[e] = NO_USER;
      continue;
    }
    let u = known[d]! - 1;
    if (u < 0) {
      // Found in place in the batch's joined strings; a new id is kept as a copy (a
      // slice would keep the batch's whole string alive: peak RSS grew with the input,
      // 320 -> 760 MB over a 5M import, before ids were copied).
      u = users.internHashed(p.distinctHashes[e]!, p.strings, d === 0 ? 0 : p.ends[d - 1]!, p.ends[d]!);
      known[d] = u + 1;
    }
    out[e] = u;
  }
  return out;
}

/**
 * How far the day still filling may grow, in spills, by default: a day of fewer than
 * this many times `spillRows` events is held back and written once, whole (decisions
 * 0033, 0034). At 50M events (days of 325k-781k) 1 split 61 of 90 days and rewrote
 * them at the end: 512 s against 251 s with 2, on the same machine. 2 peaked at 1,044 MB
 * before the import's look-ups left their Maps (decision 0034), 968-1,011 MiB before
 * written days freed their batches at once (decision 0040), 782-817 MiB after.
 */
export const HOLD_SPILLS = 2;

/**
 * The buffered days a spill writes: all but the latest, unless that one alone has
 * `holdRows` events. Exports come in time order, so the latest day is the one still
 * being read; spilled now it would be split over two runs and rewritten from them at
 * the end, where a whole run is renamed into place. At 20M events (~220k a day, 500k a
 * spill) every spill split a day when the latest day was spilled too: 43% of the events
 * were decoded and written again. At 50M (325k-781k a day) holding it back only below
 * one spill still split 61 of 90 days (75% of the events); held up to two, none. The
 * buffer's bound is `holdRows` (plus the batch being read) instead of `spillRows`,
 * reached only while one day is that large; a larger day is split and finished from
 * its runs, as any day is whose events come out of order.
 */
export function daysToSpill(buffers: Map<string, { length: number }>, spillRows: number, holdRows = Math.ceil(HOLD_SPILLS * spillRows)): string[] {
  const days = [...buffers.keys()];
  if (days.length === 0) return days;
  let latest = days[0]!;
  for (const d of days) if (d > latest) latest = d;
  if (buffers.get(latest)!.length >= holdRows) return days;
  return days.filter((d) => d !== latest);
}

/** Write a day's buffer as a sorted staging partition (run `n` of the import). */
function spillDay(tx: Transaction, day: string, rows: EventRows | PackedDayRows, staged: Map<string, EventPartition[]>, n: number, report: ImportReport) {
  const rel = tx.newDir(`staging/${day}-${n}`);
  const result = writeEventPartition(path.join(tx.dir, rel), rel, rows instanceof PackedDayRows ? rows.toWrite() : rows);
  report.duplicates += result.duplicates;
  let list = staged.get(day);
  if (list === undefined) staged.set(day, (list = []));
  list.push(new EventPartition(tx.dir, day, result.meta));
}
