/**
 * One engage export record (spec mixpanel-formats B1) -> an identifier and the
 * properties to `$set`. Shapes accepted:
 *   users:  {"$distinct_id": "u1" | 123, "$properties": {...}}
 *   groups: {"$group_id": "acme", "$properties": {...}} or, as mixpanel-utils and the
 *           engage API with data_group_id return them, {"$distinct_id": "acme", ...}.
 */
import { fromProjectTime, inTimeRange } from '../../time/index.js';

export type EngageRecord = { ok: true; id: string; properties: Record<string, unknown> } | { ok: false; reason: string };

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** An identifier as the store keeps it: strings as they are, finite numbers as text. */
export function idText(v: unknown): string | undefined {
  if (typeof v === 'string') return v.trim() === '' ? undefined : v;
  if (typeof v === 'number' && Number.isFinite(v)) return String(v);
  if (typeof v === 'bigint') return String(v);
  return undefined;
}

export function normalizeEngageRecord(rec: unknown, group: boolean): EngageRecord {
  if (!isObject(rec)) return { ok: false, reason: 'not a profile object' };
  const rawId = group ? (rec.$group_id ?? rec.$distinct_id) : rec.$distinct_id;
  const idName = group ? '"$group_id" (or "$distinct_id")' : '"$distinct_id"';
  if (rawId === undefined || rawId === null || rawId === '') return { ok: false, reason: `no ${idName}` };
  const id = idText(rawId);
  if (id === undefined) return { ok: false, reason: `${idName} is not a string or number` };
  if (!isObject(rec.$properties)) return { ok: false, reason: '"$properties" missing or not an object' };
  return { ok: true, id, properties: rec.$properties };
}

/**
 * `$last_seen` / `$created` text -> UTC ms. The export writes them without a zone
 * (`2008-06-09T23:08:40`), in the project timezone; text with a zone is read as such.
 * Numbers are seconds or ms. Undefined when unreadable or out of the stored time
 * range (src/time/range.ts).
 */
export function parseProfileTime(v: unknown, timezone: string): number | undefined {
  const t = parseTimeValue(v, timezone);
  return t !== undefined && inTimeRange(t) ? t : undefined;
}

function parseTimeValue(v: unknown, timezone: string): number | undefined {
  if (typeof v === 'number') {
    if (!Number.isFinite(v) || v <= 0) return undefined;
    return v > 1e11 ? Math.round(v) : Math.round(v * 1000);
  }
  if (typeof v !== 'string') return undefined;
  let s = v.trim().replace(' ', 'T');
  if (!/^\d{4}-\d\d-\d\d/.test(s)) return undefined;
  if (s.length === 10) s += 'T00:00:00';
  if (/([zZ]|[+-]\d\d:?\d\d)$/.test(s)) {
    const t = Date.parse(s);
    return Number.isFinite(t) ? t : undefined;
  }
  const local = Date.parse(`${s}Z`);
  return Number.isFinite(local) ? fromProjectTime(timezone, local) : undefined;
}
