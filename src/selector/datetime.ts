/**
 * Datetimes of the selector language (spec §4.5): instants in whole Unix seconds.
 * Naive strings are read in the project timezone; `string(datetime)` prints in it.
 */
import { formatLocal, fromProjectTime } from '../time/zone.js';

/** Largest seconds value JS Date can format (±8.64e15 ms), less two days of zone offset. */
export const MAX_SECONDS = 8.64e12 - 2 * 86_400;

const inRange = (s: number) => s >= -MAX_SECONDS && s <= MAX_SECONDS;

/**
 * `datetime(n)`: 1..4294967295 are seconds, larger values milliseconds; n < 1 and
 * NaN give undefined. Fractions are truncated to whole seconds.
 */
export function datetimeFromNumber(n: number): number | undefined {
  if (!(n >= 1)) return undefined; // also rejects NaN
  const seconds = n <= 4294967295 ? Math.trunc(n) : Math.trunc(n / 1000);
  return inRange(seconds) ? seconds : undefined;
}

/** Event time (UTC ms) as a datetime: floor, so 999 ms before a second stays in it. */
export function datetimeFromMs(ms: number): number | undefined {
  if (!Number.isFinite(ms)) return undefined;
  const seconds = Math.floor(ms / 1000);
  return inRange(seconds) ? seconds : undefined;
}

// YYYY-MM-DD[(T| )HH:MM[:SS[.fff]]][Z|±HH:MM]
const DATETIME_RE = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d+))?)?)?(Z|[+-]\d{2}:\d{2})?$/;

const DAYS_IN_MONTH = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
const isLeap = (y: number) => (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;

function parseUncached(s: string, timezone: string): number | undefined {
  const m = DATETIME_RE.exec(s);
  if (m === null) return undefined;
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const hour = m[4] === undefined ? 0 : Number(m[4]);
  const minute = m[5] === undefined ? 0 : Number(m[5]);
  const second = m[6] === undefined ? 0 : Number(m[6]);
  if (month < 1 || month > 12 || day < 1) return undefined;
  if (day > DAYS_IN_MONTH[month - 1]! || (month === 2 && day === 29 && !isLeap(year))) return undefined;
  if (hour > 23 || minute > 59 || second > 59) return undefined;
  // Date.UTC maps years 0..99 to 19xx; setUTCFullYear does not.
  const d = new Date(0);
  d.setUTCFullYear(year, month - 1, day);
  d.setUTCHours(hour, minute, second, 0);
  const wallMs = d.getTime();
  let utcMs: number;
  const zone = m[8];
  if (zone === undefined) {
    utcMs = fromProjectTime(timezone, wallMs);
  } else if (zone === 'Z') {
    utcMs = wallMs;
  } else {
    const oh = Number(zone.slice(1, 3));
    const om = Number(zone.slice(4, 6));
    if (oh > 23 || om > 59) return undefined;
    const offsetMs = (oh * 60 + om) * 60_000 * (zone[0] === '-' ? -1 : 1);
    utcMs = wallMs - offsetMs;
  }
  // Fractional seconds (.fff) are dropped: the engine works in whole seconds.
  const seconds = Math.floor(utcMs / 1000);
  return inRange(seconds) ? seconds : undefined;
}

// Stored values repeat (the same "$last_seen" strings across rows); parsing is the
// slow part of a datetime-vs-string comparison, so remember recent answers.
const cache = new Map<string, number | undefined>();
const CACHE_LIMIT = 50_000;

/** `datetime(s)`: seconds, or undefined when s is not one of the accepted forms. */
export function parseDatetimeString(s: string, timezone: string): number | undefined {
  if (s.length < 10 || s.length > 40) return undefined;
  const key = `${timezone}\u0000${s}`;
  if (cache.has(key)) return cache.get(key);
  const v = parseUncached(s, timezone);
  if (cache.size >= CACHE_LIMIT) cache.clear();
  cache.set(key, v);
  return v;
}

/** `string(datetime)`: "YYYY-MM-DDTHH:MM:SS" in the project timezone. */
export function formatDatetime(seconds: number, timezone: string): string {
  return formatLocal(timezone, seconds * 1000);
}
