/**
 * The times quarry stores (event times, profile update and last-seen times): after
 * 1970-01-01T00:00:00Z and before 9999-12-31T00:00:00Z (UTC ms). The upper bound keeps
 * every such instant's day a four-digit "YYYY-MM-DD" in any project timezone (offsets
 * are under a day), so partitions are always named by a plain date, and far inside the
 * JavaScript Date range (±8.64e15 ms), so every time formats. Time 0 and earlier is
 * refused as exports use 0 for "no time". Importers skip records outside the range
 * with a reason and their line (docs/reliability.md).
 */

export const MIN_TIME_MS = 0;
export const MAX_TIME_MS = Date.UTC(9999, 11, 31);

/** How the range reads in messages. */
export const TIME_RANGE_TEXT = 'after 1970-01-01T00:00:00Z and before 9999-12-31T00:00:00Z';

export function inTimeRange(ms: number): boolean {
  return Number.isFinite(ms) && ms > MIN_TIME_MS && ms < MAX_TIME_MS;
}
