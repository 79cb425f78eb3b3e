/**
 * One batch of event records -> valid events grouped by day, in columnar form, plus the
 * records skipped and why. This is the part of `quarry import events` that needs no
 * store state, so it can run on a worker thread (parse-pool.ts) as well as inline; both
 * run this same function, and the importer applies batches strictly in input order, so
 * which thread parsed a batch never changes what is stored.
 */
import { EventRows } from '../store/event-rows.js';
import { dayOf } from '../time/index.js';
import type { RawRecord } from './read-records.js';
import { normalizeEvent, type NormalizeOptions } from './sources/events-export.js';

export interface ParsedBatch {
  /** Records read, valid or not. */
  read: number;
  /** Skipped records, in input order. */
  skips: Array<{ line: number; reason: string }>;
  /** The distinct_id of every valid event, in input order (null: none). */
  distinctIds: Array<string | null>;
  /**
   * Valid events by day, each day's rows in input order. `users` holds each event's
   * index in `distinctIds` until the importer interns the ids (it must do that in
   * input order: user numbers are given in order of first appearance).
   */
  days: Array<[string, EventRows]>;
}

export function parseEventBatch(records: Iterable<RawRecord>, norm: NormalizeOptions): ParsedBatch {
  const out: ParsedBatch = { read: 0, skips: [], distinctIds: [], days: [] };
  const byDay = new Map<string, EventRows>();
  for (const rec of records) {
    out.read++;
    if (rec.error !== undefined) {
      out.skips.push({ line: rec.line, reason: rec.error.startsWith('not valid JSON') ? 'lines that are not valid JSON' : rec.error });
      continue;
    }
    const n = normalizeEvent(rec.value, norm);
    if (!n.ok) {
      out.skips.push({ line: rec.line, reason: n.reason });
      continue;
    }
    const e = n.event;
    const day = dayOf(norm.timezone, e.time);
    let rows = byDay.get(day);
    if (rows === undefined) byDay.set(day, (rows = new EventRows()));
    rows.push(e.name, out.distinctIds.length, e.time, e.insertId, e.properties);
    out.distinctIds.push(e.distinctId ?? null);
  }
  out.days = [...byDay];
  return out;
}
