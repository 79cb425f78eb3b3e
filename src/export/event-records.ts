/**
 * Events of a store in the hosted raw-export shape (spec mixpanel-formats A1):
 * `{"event": name, "properties": {"time", "distinct_id", "$insert_id", ...}}`, day by
 * day (`from`/`to` inclusive, project-timezone days), optionally only some event
 * names, a `where` selector and a `limit`. `time` is UTC seconds, with a fraction when
 * the store holds milliseconds (so that importing the export gives the same store),
 * or UTC ms with `timeInMs`. Events without a user have `"distinct_id": ""`.
 */
import { SelectorError, UserError } from '../errors.js';
import { compileVector, parseSelector } from '../selector/index.js';
import { type DayPartition, NO_USER, type Store, valueAt } from '../store/index.js';

export interface EventExportOptions {
  from: string;
  to: string;
  events?: string[];
  where?: string;
  limit?: number;
  timeInMs?: boolean;
}

export interface ExportedEvent {
  event: string;
  properties: Record<string, unknown>;
}

const DAY = /^\d{4}-\d{2}-\d{2}$/;

export function checkDayRange(from: string | undefined, to: string | undefined, flag = (s: string) => s): { from: string; to: string } {
  if (from === undefined || !DAY.test(from)) throw new UserError(`${flag('from_date')} must be a day YYYY-MM-DD, got ${JSON.stringify(from ?? '')}`);
  if (to === undefined || !DAY.test(to)) throw new UserError(`${flag('to_date')} must be a day YYYY-MM-DD, got ${JSON.stringify(to ?? '')}`);
  if (to < from) throw new UserError(`${flag('to_date')} (${to}) is before ${flag('from_date')} (${from})`);
  return { from, to };
}

/** The partitions an export reads, and per partition the rows it keeps. */
export function* exportRows(store: Store, o: EventExportOptions): Generator<{ part: DayPartition; rows: Int32Array }> {
  const names = o.events?.length ? new Set(o.events) : undefined;
  let where;
  if (o.where !== undefined && o.where.trim() !== '') {
    try {
      where = compileVector(parseSelector(o.where), 'event', { timezone: store.timezone, nowSeconds: Math.floor(Date.now() / 1000) });
    } catch (e) {
      if (e instanceof SelectorError) throw new UserError(`invalid "where" selector: ${e.message}`);
      throw e;
    }
  }
  let left = o.limit ?? Infinity;
  for (const day of store.days(o.from, o.to)) {
    if (left <= 0) return;
    const meta = store.partitionMeta(day)!;
    if (names !== undefined && ![...names].some((n) => (meta.names[n] ?? 0) > 0)) continue;
    const part = store.openPartition(day);
    const mask = where ? where({ length: part.length, column: (s, k) => (s === 'properties' ? part.column(k) : undefined), time: part.time }) : null;
    let nameOk: Uint8Array | null = null;
    if (names !== undefined) {
      const dict = part.name.dictionary.map((n) => (names.has(n) ? 1 : 0));
      const idx = part.name.indices;
      nameOk = new Uint8Array(part.length);
      for (let i = 0; i < part.length; i++) nameOk[i] = dict[idx[i]!]!;
    }
    const rows: number[] = [];
    for (let i = 0; i < part.length && rows.length < left; i++) {
      if ((mask === null || mask[i]) && (nameOk === null || nameOk[i])) rows.push(i);
    }
    left -= rows.length;
    if (rows.length) yield { part, rows: Int32Array.from(rows) };
  }
}

/** Seconds, exact to the millisecond. */
export function exportTime(ms: number, inMs = false): number {
  return inMs ? ms : ms % 1000 === 0 ? ms / 1000 : Number((ms / 1000).toFixed(3));
}

export function* exportEvents(store: Store, o: EventExportOptions): Generator<ExportedEvent> {
  const ids = store.users.ids;
  for (const { part, rows } of exportRows(store, o)) {
    const name = part.name;
    const keys = part.keys().filter((k) => k !== '$insert_id');
    const cols = keys.map((k) => part.column(k));
    const insert = part.column('$insert_id');
    const user = part.user;
    const time = part.time;
    for (const r of rows) {
      const u = user[r]!;
      const props: Record<string, unknown> = { time: exportTime(time[r]!, o.timeInMs), distinct_id: u === NO_USER ? '' : ids[u]! };
      const ins = valueAt(insert, r);
      if (ins !== undefined && ins !== null) props.$insert_id = ins;
      for (let j = 0; j < keys.length; j++) {
        const v = valueAt(cols[j], r);
        if (v !== undefined) props[keys[j]!] = v;
      }
      yield { event: name.dictionary[name.indices[r]!]!, properties: props };
    }
  }
}
