/**
 * `quarry import events`: stream export files into day partitions in one atomic
 * commit.
 *
 * Records are normalized and appended to a columnar buffer per day. When the
 * buffers hold more than `spillRows` events they are written out as sorted staging
 * partitions, so memory stays bounded whatever the input size. At the end each
 * touched day is rebuilt once: its existing partition, its staged runs and its
 * buffer are merged, deduplicated and written as a new generation, and the manifest
 * swap publishes every day at once.
 */
import fs from 'node:fs';
import path from 'node:path';
import { UserError } from '../errors.js';
import { EventPartition, EventRows, type Store, type Transaction, UserDictionary, writeEventPartition, NO_USER } from '../store/index.js';
import { dayOf } from '../time/index.js';
import { readRecordBatches, type RawRecord } from './read-records.js';

async function* flatten<T>(batches: AsyncIterable<T[]>): AsyncGenerator<T> {
  for await (const b of batches) yield* b;
}
import { ImportReport } from './report.js';
import { normalizeEvent } from './sources/events-export.js';

/** Buffered events before a spill: about 300-400 MB of parsed objects. */
export const DEFAULT_SPILL_ROWS = 500_000;

export interface EventInput {
  /** Shown in messages ("file.json:12"). */
  label: string;
  records: AsyncIterable<RawRecord> | Iterable<RawRecord>;
  /** The same records in batches, when the source can give them so (fewer awaits). */
  batches?: AsyncIterable<RawRecord[]>;
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
  onProgress?: (p: ImportProgress) => void;
  command?: string;
  /** Last changes to the manifest in the same commit (the server's ingestion-log cursor). */
  beforeCommit?: (tx: Transaction) => void;
}

/** Inputs from file paths (JSON lines, JSON arrays, .gz). */
export function fileInputs(files: string[], onBytes?: (bytes: number, total: number) => void): EventInput[] {
  const done = new Map<string, number>();
  return files.map((f) => {
    const batches = readRecordBatches(f, (p) => {
      done.set(f, p.bytes);
      if (onBytes) onBytes([...done.values()].reduce((a, b) => a + b, 0), p.totalBytes);
    });
    return { label: path.basename(f), batches, records: flatten(batches) };
  });
}

export async function importEvents(store: Store, inputs: EventInput[], o: ImportEventsOptions = {}): Promise<ImportReport> {
  const report = new ImportReport();
  const spillRows = o.spillRows ?? DEFAULT_SPILL_ROWS;
  const tz = store.timezone;
  const tx = store.begin(o.command ?? 'import events');
  try {
    const users = UserDictionary.load(store.dir, tx.manifest.users.file);
    const buffers = new Map<string, EventRows>();
    const staged = new Map<string, EventPartition[]>();
    let buffered = 0;
    let valid = 0;
    let spills = 0;
    const norm = { timezoneShifted: o.timezoneShifted ?? false, timezone: tz };

    for (const input of inputs) {
      const take = (rec: RawRecord): void => {
        report.read++;
        if (rec.error !== undefined) {
          report.skip(rec.error.startsWith('not valid JSON') ? 'lines that are not valid JSON' : rec.error, `${input.label}:${rec.line}`);
          return;
        }
        const n = normalizeEvent(rec.value, norm);
        if (!n.ok) {
          report.skip(n.reason, `${input.label}:${rec.line}`);
          return;
        }
        const e = n.event;
        const day = dayOf(tz, e.time);
        let buf = buffers.get(day);
        if (buf === undefined) buffers.set(day, (buf = new EventRows()));
        buf.push(e.name, e.distinctId === undefined ? NO_USER : users.intern(e.distinctId), e.time, e.insertId, e.properties);
        valid++;
        if (++buffered >= spillRows) {
          spill(tx, buffers, staged, ++spills, report);
          buffered = 0;
        }
        if ((report.read & 0xffff) === 0) o.onProgress?.({ records: report.read, bytes: 0, totalBytes: 0, phase: 'reading' });
      };
      if (input.batches) {
        for await (const batch of input.batches) for (const rec of batch) take(rec);
      } else {
        for await (const rec of input.records) take(rec);
      }
    }
    if (o.strict && report.skipped > 0) {
      throw new UserError(`import aborted (--strict): ${report.summary('events')}. Nothing was written.`);
    }

    const days = new Set([...buffers.keys(), ...staged.keys()]);
    let written = 0;
    for (const day of [...days].sort()) {
      const existing = tx.manifest.events[day];
      const runs = staged.get(day) ?? [];
      if (!existing && runs.length === 1 && !buffers.has(day)) {
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
      const rows = new EventRows();
      if (existing) rows.append(new EventPartition(store.dir, day, existing).toRows());
      for (const part of runs) rows.append(part.toRows());
      // Drop this day's staged partitions (and their decoded columns) before the next day.
      staged.delete(day);
      const buf = buffers.get(day);
      if (buf) rows.append(buf);
      buffers.delete(day);
      const rel = tx.newDir(`events/${day}`);
      const result = writeEventPartition(path.join(store.dir, rel), rel, rows);
      tx.manifest.events[day] = result.meta;
      report.duplicates += result.duplicates;
      o.onProgress?.({ records: report.read, bytes: ++written, totalBytes: days.size, phase: 'writing' });
    }
    report.imported = valid - report.duplicates;
    if (users.changed) {
      const rel = `users/g${tx.generation}.arrow`;
      tx.writeFile(rel, users.encode());
      tx.manifest.users = { file: rel, count: users.size };
    }
    o.beforeCommit?.(tx);
    tx.commit();
    return report;
  } catch (e) {
    tx.abort();
    throw e;
  }
}

/** Write every day buffer as a sorted staging partition and empty the buffers. */
function spill(tx: Transaction, buffers: Map<string, EventRows>, staged: Map<string, EventPartition[]>, n: number, report: ImportReport) {
  for (const [day, rows] of buffers) {
    const rel = tx.newDir(`staging/${day}-${n}`);
    const result = writeEventPartition(path.join(tx.dir, rel), rel, rows);
    report.duplicates += result.duplicates;
    let list = staged.get(day);
    if (list === undefined) staged.set(day, (list = []));
    list.push(new EventPartition(tx.dir, day, result.meta));
  }
  buffers.clear();
}
