/**
 * One exported event record -> the fields quarry stores. Accepts the hosted raw
 * export / import API shape `{event, properties: {time, distinct_id, $insert_id, ...}}`
 * and the JSON Data Pipelines shape `{event_name, time, distinct_id, insert_id,
 * device_id, user_id, properties}`.
 */
import { fromProjectTime, inTimeRange, TIME_RANGE_TEXT } from '../../time/index.js';
import { MAX_JSON_DEPTH, nestedTooDeep, TOO_DEEP } from '../json-depth.js';

/** Keys of an export's `properties` that are event fields, not properties. */
export const FIXED_KEYS: ReadonlySet<string> = new Set(['time', 'distinct_id', '$insert_id']);

export interface NormalizedEvent {
  name: string;
  distinctId: string | undefined;
  /** UTC ms. */
  time: number;
  /** As given (a string, usually); compared by value in deduplication. */
  insertId: unknown;
  /** May still hold the FIXED_KEYS; readers skip them. */
  properties: Record<string, unknown>;
}

export type Normalized = { ok: true; event: NormalizedEvent } | { ok: false; reason: string };

export interface NormalizeOptions {
  /** Times in the file are already shifted into project time (pre-2023 exports). */
  timezoneShifted: boolean;
  timezone: string;
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * A time value -> UTC ms. Numbers (or numeric strings) above 1e11 are ms, below are
 * seconds (fractions kept to the ms), as the import API auto-detects; ISO strings parse
 * as UTC unless they carry an offset.
 */
export function parseEventTime(v: unknown): number | undefined {
  let n: number;
  if (typeof v === 'number') n = v;
  else if (typeof v === 'string' && v.trim() !== '' && !Number.isNaN(Number(v))) n = Number(v);
  else if (typeof v === 'string') {
    const iso = /[zZ]|[+-]\d\d:?\d\d$/.test(v) ? v : `${v.replace(' ', 'T')}Z`;
    const t = Date.parse(iso);
    return Number.isFinite(t) ? t : undefined;
  } else return undefined;
  if (!Number.isFinite(n) || n <= 0) return undefined;
  return n > 1e11 ? Math.round(n) : Math.round(n * 1000);
}

function idString(v: unknown): string | undefined {
  if (typeof v === 'string') return v === '' ? undefined : v;
  if (typeof v === 'number' && Number.isFinite(v)) return String(v);
  return undefined;
}

/**
 * The stored time (UTC ms) of an event's raw "time" value, or why it has none (a
 * string). One rule for both parsers: normalizeEvent's and the parse worker's scanner's.
 */
export function eventTime(rawTime: unknown, o: NormalizeOptions): number | string {
  let time = parseEventTime(rawTime);
  if (time === undefined) return rawTime === undefined ? 'no "time" property' : 'unreadable "time"';
  if (!inTimeRange(time)) return OUT_OF_RANGE;
  if (o.timezoneShifted) time = fromProjectTime(o.timezone, time);
  if (!inTimeRange(time)) return OUT_OF_RANGE;
  return time;
}

export const OUT_OF_RANGE = `"time" out of range (must be ${TIME_RANGE_TEXT})`;

export function normalizeEvent(rec: unknown, o: NormalizeOptions): Normalized {
  if (!isObject(rec)) return { ok: false, reason: 'not an event object' };
  let name: unknown;
  let props: Record<string, unknown>;
  let rawTime: unknown;
  let distinct: unknown;
  let insertId: unknown;
  if ('event' in rec) {
    name = rec.event;
    if (rec.properties !== undefined && !isObject(rec.properties)) return { ok: false, reason: '"properties" is not an object' };
    // The export's own object is kept: the store skips the fixed keys (FIXED_KEYS)
    // when it reads properties, so nothing is copied or deleted per event.
    props = (rec.properties as Record<string, unknown>) ?? {};
    rawTime = props.time;
    distinct = props.distinct_id;
    insertId = props.$insert_id;
  } else if ('event_name' in rec) {
    name = rec.event_name;
    let p = rec.properties;
    if (typeof p === 'string') {
      try {
        p = JSON.parse(p);
      } catch {
        return { ok: false, reason: '"properties" is not valid JSON text' };
      }
      // The text's value sits at level 2 of the record.
      if (nestedTooDeep(p, MAX_JSON_DEPTH - 1)) return { ok: false, reason: TOO_DEEP };
    }
    props = { ...((isObject(p) ? p : {}) as Record<string, unknown>) };
    rawTime = rec.time;
    distinct = rec.distinct_id;
    insertId = rec.insert_id;
    if (rec.device_id !== undefined && rec.device_id !== null) props.$device_id = rec.device_id;
    if (rec.user_id !== undefined && rec.user_id !== null) props.$user_id = rec.user_id;
    delete props.time;
    delete props.distinct_id;
    delete props.$insert_id;
  } else {
    return { ok: false, reason: 'no "event" field' };
  }
  if (typeof name !== 'string' || name === '') return { ok: false, reason: 'event name missing or not a string' };
  const time = eventTime(rawTime, o);
  if (typeof time === 'string') return { ok: false, reason: time };
  // Kept as given: dedup compares values, so 1, "1" and [1] are three ids.
  const ins = insertId === null || insertId === '' ? undefined : insertId;
  return { ok: true, event: { name, distinctId: idString(distinct), time, insertId: ins, properties: props } };
}
