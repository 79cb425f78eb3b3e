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

// Offsets change at most a few times a year: cache per (zone, hour).
const offsetCache = new Map<string, Map<number, number>>();

/** The zone's offset from UTC, in ms, at the UTC instant `utcMs`. */
export function offsetAt(tz: string, utcMs: number): number {
  if (isUtc(tz) || !Number.isFinite(utcMs)) return 0;
  const hour = Math.floor(utcMs / 3_600_000);
  let byHour = offsetCache.get(tz);
  if (byHour === undefined) {
    byHour = new Map();
    offsetCache.set(tz, byHour);
  }
  let off = byHour.get(hour);
  if (off === undefined) {
    off = computeOffset(tz, hour * 3_600_000);
    if (byHour.size > 200_000) byHour.clear();
    byHour.set(hour, off);
  }
  return off;
}

function computeOffset(tz: string, utcMs: number): number {
  const parts = formatterFor(tz).formatToParts(new Date(utcMs));
  const get = (t: string) => Number(parts.find((p) => p.type === t)!.value);
  const asUtc = Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'), get('second'));
  return asUtc - (utcMs - (utcMs % 1000 + 1000) % 1000);
}

/** UTC ms -> project-time ms (the value JQL scripts see as `event.time`). */
export function toProjectTime(tz: string, utcMs: number): number {
  return utcMs + offsetAt(tz, utcMs);
}

/**
 * Wall-clock time in the zone -> UTC ms. For a wall time that occurs twice (DST
 * fall-back) the earlier instant is chosen; for one that never occurs (spring
 * forward) the instant one offset later.
 */
export function fromProjectTime(tz: string, localMs: number): number {
  if (isUtc(tz)) return localMs;
  const guess = localMs - offsetAt(tz, localMs);
  const off = offsetAt(tz, guess);
  const candidate = localMs - off;
  // Try the earlier offset too, for ambiguous wall times.
  const earlier = localMs - offsetAt(tz, candidate - 3_600_000);
  if (toProjectTime(tz, earlier) === localMs && earlier < candidate) return earlier;
  return candidate;
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
