/**
 * `mixpanel.to_boolean(acc)` (used by real scripts, not in the hosted reference):
 * booleans pass; the strings "true"/"false" (any case, surrounding blanks ignored)
 * convert; anything else follows JavaScript truthiness (0, "", NaN -> false);
 * `undefined` and `null` stay `undefined`, so a missing value is not read as false.
 */
export function toBoolean(v: unknown): boolean | undefined {
  if (v === undefined || v === null) return undefined;
  if (typeof v === 'boolean') return v;
  if (typeof v === 'string') {
    const t = v.trim().toLowerCase();
    if (t === 'true') return true;
    if (t === 'false') return false;
  }
  return Boolean(v);
}
