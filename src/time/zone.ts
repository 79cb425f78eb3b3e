/**
 * Project-timezone arithmetic on plain epoch milliseconds, using the platform's
 * IANA database through Intl (no dependency). quarry stores UTC ms; JQL sees
 * "project time" = UTC ms + the zone's offset at that instant.
 */

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(tz: string): Intl.DateTimeFormat {
  let f = formatters.get(tz);
  if (f === undefined) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone: tz,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(tz, f);
  }
  return f;
}

/** True when `tz` is a timezone name the platform knows ("UTC", "Europe/Berlin"). */
export function isValidTimezone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

const isUtc = (tz: string) => tz === 'UTC' || tz === 'Etc/UTC' || tz === 'GMT';

// Offsets change at most a few times a year, always on a quarter hour (some zones
// switch on the half hour): cache per (zone, quarter hour).
const QUARTER = 900_000;
const offsetCache = new Map<string, Map<number, number>>();

/** The zone's offset from UTC, in ms, at the UTC instant `utcMs`. */
export function offsetAt(tz: string, utcMs: number): number {
  if (isUtc(tz) || !Number.isFinite(utcMs)) return 0;
  const q = Math.floor(utcMs / QUARTER);
  let byQuarter = offsetCache.get(tz);
  if (byQuarter === undefined) {
    byQuarter = new Map();
    offsetCache.set(tz, byQuarter);
  }
  let off = byQuarter.get(q);
  if (off === undefined) {
    off = computeOffset(tz, q * QUARTER);
    if (byQuarter.size > 500_000) byQuarter.clear();
    byQuarter.set(q, off);
  }
  return off;
}

function computeOffset(tz: string, utcMs: number): number {
  const parts = formatterFor(tz).formatToParts(new Date(utcMs));
  const get = (t: string) => Number(parts.find((p) => p.type === t)!.value);
  const asUtc = Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'), get('second'));
  return asUtc - (utcMs - (((utcMs % 1000) + 1000) % 1000));
}

/** UTC ms -> project-time ms (the value JQL scripts see as `event.time`). */
export function toProjectTime(tz: string, utcMs: number): number {
  return utcMs + offsetAt(tz, utcMs);
}

/**
 * Wall-clock time in the zone -> UTC ms. For a wall time that occurs twice (DST
 * fall-back) the earlier instant is chosen; for one that never occurs (spring
 * forward) the instant one offset later (02:30 that does not exist -> 03:30).
 */
export function fromProjectTime(tz: string, localMs: number): number {
  if (isUtc(tz)) return localMs;
  // No zone changes its offset twice within 28 hours: the offsets before and after
  // are those of instants 14 hours either side.
  const before = offsetAt(tz, localMs - 14 * 3_600_000);
  const after = offsetAt(tz, localMs + 14 * 3_600_000);
  let best: number | undefined;
  for (const o of before === after ? [before] : [before, after]) {
    const u = localMs - o;
    if (toProjectTime(tz, u) === localMs && (best === undefined || u < best)) best = u;
  }
  return best ?? localMs - before;
}

const dayNames = new Map<number, string>();

/** "YYYY-MM-DD" of a day number (days since 1970-01-01), cached: imports call it per event. */
export function dayName(dayNumber: number): string {
  let s = dayNames.get(dayNumber);
  if (s === undefined) {
    s = new Date(dayNumber * 86_400_000).toISOString().slice(0, 10);
    dayNames.set(dayNumber, s);
  }
  return s;
}

/** "YYYY-MM-DD" of the day (in the zone) that contains the UTC instant. */
export function dayOf(tz: string, utcMs: number): string {
  return dayName(Math.floor(toProjectTime(tz, utcMs) / 86_400_000));
}

/** UTC ms of 00:00:00 on `day` ("YYYY-MM-DD") in the zone. */
export function startOfDay(tz: string, day: string): number {
  return fromProjectTime(tz, Date.parse(`${day}T00:00:00Z`));
}

/** "YYYY-MM-DDTHH:MM:SS" wall-clock text of a UTC instant in the zone. */
export function formatLocal(tz: string, utcMs: number): string {
  return new Date(toProjectTime(tz, utcMs)).toISOString().slice(0, 19);
}

/** Every "YYYY-MM-DD" from `from` to `to`, inclusive. */
export function daysBetween(from: string, to: string): string[] {
  const out: string[] = [];
  for (let t = Date.parse(`${from}T00:00:00Z`), end = Date.parse(`${to}T00:00:00Z`); t <= end; t += 86_400_000) {
    out.push(new Date(t).toISOString().slice(0, 10));
  }
  return out;
}
