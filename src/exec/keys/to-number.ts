/**
 * `mixpanel.to_number(acc)`: the value as a number, `undefined` when it cannot be
 * read as one. Finite numbers pass; numeric strings convert (surrounding blanks
 * allowed, as Number() does; "" and "  " do not convert); booleans are 1/0; a Date
 * gives its ms. NaN, ±Infinity, null, objects and lists give `undefined`.
 */
export function toNumber(v: unknown): number | undefined {
  switch (typeof v) {
    case 'number':
      return Number.isFinite(v) ? v : undefined;
    case 'string': {
      if (v.trim() === '') return undefined;
      const n = Number(v);
      return Number.isFinite(n) ? n : undefined;
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
