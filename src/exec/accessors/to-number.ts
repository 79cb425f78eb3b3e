/**
 * `mixpanel.to_number(acc)`: the value as a number, `undefined` when it cannot be
 * read as one. Finite numbers pass; numeric strings convert (surrounding blanks
 * allowed, as Number() does; "" and "  " do not convert); ISO dates and date-times
 * ("2016-01-04", "2016-01-04T12:00:00", with optional ".sss" and "Z"/"+hh:mm") give
 * epoch SECONDS, as the hosted service did for date properties (no zone: UTC, like
 * Mixpanel's own date properties); booleans are 1/0; a Date gives its ms. Any other
 * string, NaN, ±Infinity, null, objects and lists give `undefined`.
 */
export function toNumber(v: unknown): number | undefined {
  switch (typeof v) {
    case 'number':
      return Number.isFinite(v) ? v : undefined;
    case 'string': {
      if (v.trim() === '') return undefined;
      const n = Number(v);
      return Number.isFinite(n) ? n : isoDateSeconds(v);
    }
    case 'boolean':
      return v ? 1 : 0;
    case 'object':
      if (v instanceof Date) {
        const t = v.getTime();
        return Number.isFinite(t) ? t : undefined;
      }
      return undefined;
    default:
      return undefined;
  }
}

const ISO = /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2})(\.\d{1,9})?)?)?(Z|[+-]\d{2}:?\d{2})?$/;

/** Epoch seconds of an ISO date or date-time string (UTC unless it names a zone), or undefined. */
export function isoDateSeconds(text: string): number | undefined {
  const m = ISO.exec(text.trim());
  if (m === null) return undefined;
  const [, y, mo, d, h = '0', mi = '0', s = '0', frac = '', zone] = m;
  const year = Number(y);
  const month = Number(mo) - 1;
  const day = Number(d);
  if (month > 11 || day < 1 || Number(h) > 23 || Number(mi) > 59 || Number(s) > 59) return undefined;
  const date = new Date(0);
  date.setUTCFullYear(year, month, day);
  if (date.getUTCMonth() !== month) return undefined; // 2016-02-30
  let ms = date.getTime() + (Number(h) * 3600 + Number(mi) * 60 + Number(s)) * 1000 + (frac ? Math.round(Number(frac) * 1000) : 0);
  if (zone !== undefined && zone !== 'Z') {
    const sign = zone[0] === '-' ? -1 : 1;
    const digits = zone.slice(1).replace(':', '');
    ms -= sign * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2))) * 60_000;
  }
  return ms / 1000;
}
