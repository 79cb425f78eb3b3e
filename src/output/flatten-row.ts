/** A flattened cell: a scalar, or JSON text for lists and objects kept whole. */
export type Cell = string | number | boolean | null;

/** One column path, e.g. ["key", "0"] -> "key.0". */
export type FlatRow = Array<[path: string[], cell: Cell]>;

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/**
 * A result item as (column path, cell) pairs, for CSV and the table view:
 * - an item that is not an object (a number, a string, a list from
 *   `reduce([...])`) is read as `{value: item}`;
 * - the top-level `key` and `value` lists spread into `key.0, key.1, ...` and
 *   `value.0, ...` (jql.md §6); objects flatten into dotted names
 *   (`value.0.percentile`, `properties.$city`);
 * - any other list, and an empty object, is one cell of JSON text;
 * - `undefined` members are left out, like JSON.
 */
export function flattenRow(item: unknown): FlatRow {
  const out: FlatRow = [];
  const obj = isPlainObject(item) ? item : { value: item };
  for (const k of Object.keys(obj)) {
    const v = obj[k];
    if ((k === 'key' || k === 'value') && Array.isArray(v)) {
      if (v.length === 0) out.push([[k], '[]']);
      for (let i = 0; i < v.length; i++) flattenValue([k, String(i)], v[i], out);
    } else {
      flattenValue([k], v, out);
    }
  }
  return out;
}

function flattenValue(path: string[], v: unknown, out: FlatRow): void {
  if (v === undefined || typeof v === 'function' || typeof v === 'symbol') return;
  if (v === null || typeof v === 'string' || typeof v === 'boolean') {
    out.push([path, v]);
  } else if (typeof v === 'number') {
    out.push([path, Number.isFinite(v) ? v : null]);
  } else if (isPlainObject(v) && !(v instanceof Date)) {
    const keys = Object.keys(v);
    if (keys.length === 0) out.push([path, '{}']);
    for (const k of keys) flattenValue([...path, k], v[k], out);
  } else {
    out.push([path, JSON.stringify(v) ?? null]);
  }
}

/**
 * A cell as CSV / table text: empty for null and unset, `true`/`false`, JSON's number
 * form (non-finite numbers empty, as JSON has none), JSON text for lists and objects.
 */
export function cellText(c: unknown): string {
  if (c === null || c === undefined) return '';
  if (typeof c === 'string') return c;
  if (typeof c === 'number') return Number.isFinite(c) ? String(c) : '';
  if (typeof c === 'boolean') return String(c);
  return JSON.stringify(c) ?? '';
}
