/** Times given on the command line, read the way every users command reads them. */
import { UserError } from '../errors.js';
import { startOfDay, fromProjectTime } from '../time/index.js';

/**
 * A time on the command line -> UTC ms: epoch ms (digits), an ISO time with a zone,
 * or a day / wall-clock time without one, read in the project timezone. A bare day
 * means the end of that day for `--as-of` (`endOfDay`), its start otherwise.
 */
export function parseTimeArg(text: string, timezone: string, flag: string, o: { endOfDay?: boolean } = {}): number {
  const t = text.trim();
  if (/^\d{9,}$/.test(t)) return Number(t);
  if (/^\d{4}-\d\d-\d\d$/.test(t)) {
    const start = startOfDay(timezone, t);
    if (Number.isFinite(start)) {
      if (!o.endOfDay) return start;
      const next = new Date(Date.parse(`${t}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
      return startOfDay(timezone, next) - 1;
    }
  }
  const m = /^(\d{4}-\d\d-\d\d)[T ](\d\d:\d\d(?::\d\d(?:\.\d+)?)?)(Z|[+-]\d\d:?\d\d)?$/.exec(t);
  if (m) {
    const [, day, clock, zone] = m;
    const ms = Date.parse(`${day}T${clock}${zone ?? 'Z'}`);
    if (Number.isFinite(ms)) return zone ? ms : fromProjectTime(timezone, ms);
  }
  throw new UserError(
    `${flag} ${JSON.stringify(text)}: expected a date (YYYY-MM-DD), a time (YYYY-MM-DDTHH:MM:SS, project timezone unless it ends in Z or +HH:MM) or epoch milliseconds`,
  );
}
