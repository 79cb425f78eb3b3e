/**
 * Order a selection of users by a column. Keys are built once into a Float64Array
 * (numbers as they are, strings by their rank among the column's distinct values,
 * booleans as 0/1), so the sort compares doubles. Missing values go last in either
 * direction; ties keep user-number order (first seen first).
 *
 * Sortable columns: any profile property, `$distinct_id`, and `$last_seen` (the
 * profile's last-seen time; the default, newest first).
 */
import { bitAt, type Column, type ProfileTable, type Store, valueAt } from '../store/index.js';
import { rowsOfUsers } from './user-rows.js';

export const DEFAULT_SORT = '$last_seen';

function rankStrings(values: string[]): Map<string, number> {
  const uniq = [...new Set(values)].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  return new Map(uniq.map((v, i) => [v, i]));
}

/** Sort key per position of `users` (NaN = missing). */
export function sortKeys(store: Store, users: Int32Array, column: string): Float64Array {
  const keys = new Float64Array(users.length).fill(NaN);
  if (column === '$distinct_id') {
    const ids = Array.from(users, (u) => store.users.ids[u]!);
    const rank = rankStrings(ids);
    for (let i = 0; i < ids.length; i++) keys[i] = rank.get(ids[i]!)!;
    return keys;
  }
  const table = store.profiles();
  if (table === null) return keys;
  const rows = rowsOfUsers(table, users, store.users.size);
  if (column === '$last_seen' && table.meta.columns.$last_seen?.kind !== 'number') {
    const ls = table.lastSeen;
    for (let i = 0; i < rows.length; i++) if (rows[i]! >= 0) keys[i] = ls[rows[i]!]!;
    return keys;
  }
  const col = table.column(column);
  if (col !== undefined) fillKeys(col, rows, keys);
  return keys;
}

function fillKeys(col: Column, rows: Int32Array, keys: Float64Array): void {
  const present = (r: number) => col.present === null || bitAt(col.present, r) === 1;
  switch (col.kind) {
    case 'number':
      for (let i = 0; i < rows.length; i++) {
        const r = rows[i]!;
        if (r >= 0 && present(r)) keys[i] = col.values[r]!;
      }
      return;
    case 'boolean':
      for (let i = 0; i < rows.length; i++) {
        const r = rows[i]!;
        if (r >= 0 && present(r)) keys[i] = bitAt(col.values, r);
      }
      return;
    case 'string': {
      const rank = rankStrings(col.dictionary);
      const byIndex = Float64Array.from(col.dictionary, (s) => rank.get(s)!);
      for (let i = 0; i < rows.length; i++) {
        const r = rows[i]!;
        if (r >= 0 && present(r)) keys[i] = byIndex[col.indices[r]!]!;
      }
      return;
    }
    case 'json': {
      // Mixed or structured values: numbers first (by value), then everything else by its JSON text.
      const texts: (string | null)[] = new Array(rows.length).fill(null);
      const nums: number[] = [];
      for (let i = 0; i < rows.length; i++) {
        const r = rows[i]!;
        if (r < 0) continue;
        const v = valueAt(col, r);
        if (v === undefined || v === null) continue;
        if (typeof v === 'number') nums.push(v);
        texts[i] = typeof v === 'number' ? null : typeof v === 'string' ? v : JSON.stringify(v);
        if (typeof v === 'number') keys[i] = v;
      }
      const rank = rankStrings(texts.filter((t): t is string => t !== null));
      const offset = nums.length ? Math.max(...nums) + 1 : 0;
      for (let i = 0; i < rows.length; i++) if (texts[i] !== null) keys[i] = offset + rank.get(texts[i]!)!;
      return;
    }
  }
}

/** `users` reordered by `column` (ascending, or descending with `desc`). */
export function sortUsers(store: Store, users: Int32Array, column: string, desc: boolean): Int32Array {
  const keys = sortKeys(store, users, column);
  const order = new Uint32Array(users.length);
  for (let i = 0; i < order.length; i++) order[i] = i;
  const sign = desc ? -1 : 1;
  order.sort((a, b) => {
    const ka = keys[a]!;
    const kb = keys[b]!;
    const ma = ka !== ka;
    const mb = kb !== kb;
    if (ma || mb) return ma && mb ? users[a]! - users[b]! : ma ? 1 : -1;
    if (ka !== kb) return ka < kb ? -sign : sign;
    return users[a]! - users[b]!;
  });
  const out = new Int32Array(users.length);
  for (let i = 0; i < order.length; i++) out[i] = users[order[i]!]!;
  return out;
}

export function isSortable(table: ProfileTable | null, column: string): boolean {
  return column === '$distinct_id' || column === '$last_seen' || (table !== null && Object.hasOwn(table.meta.columns, column));
}
