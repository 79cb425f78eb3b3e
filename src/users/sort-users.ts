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

/**
 * The rank of each value among the distinct values (code-unit order; equal values share
 * a rank), per position. Sorting positions avoids hashing: a Set or Map of a million
 * strings costs seconds, this sort a few hundred ms.
 */
function rankStrings(values: string[]): Float64Array {
  const order = Array.from({ length: values.length }, (_, i) => i);
  order.sort((a, b) => (values[a]! < values[b]! ? -1 : values[a]! > values[b]! ? 1 : 0));
  const rank = new Float64Array(values.length);
  let r = -1;
  for (let i = 0; i < order.length; i++) {
    if (i === 0 || values[order[i]!] !== values[order[i - 1]!]) r++;
    rank[order[i]!] = r;
  }
  return rank;
}

const ranksOf = new WeakMap<Column, Float64Array>();

/** Rank of each dictionary entry of a string column, computed once per column object. */
function dictionaryRanks(col: Column & { kind: 'string' }): Float64Array {
  let r = ranksOf.get(col);
  if (r === undefined) {
    ranksOf.set(col, (r = rankStrings(col.dictionary)));
  }
  return r;
}

/** Sort key per position of `users` (NaN = missing). */
export function sortKeys(store: Store, users: Int32Array, column: string): Float64Array {
  const keys = new Float64Array(users.length).fill(NaN);
  if (column === '$distinct_id') {
    return rankStrings(Array.from(users, (u) => store.users.ids[u]!));
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
      const byIndex = dictionaryRanks(col);
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
      const at: number[] = [];
      const strs: string[] = [];
      texts.forEach((t, i) => t !== null && (at.push(i), strs.push(t)));
      const rank = rankStrings(strs);
      // A loop, not Math.max(...nums): a million arguments overflow the stack.
      let offset = 0;
      for (const x of nums) if (x + 1 > offset) offset = x + 1;
      for (let j = 0; j < at.length; j++) keys[at[j]!] = offset + rank[j]!;
      return;
    }
  }
}

/** `users` reordered by `column` (ascending, or descending with `desc`). */
export function sortUsers(store: Store, users: Int32Array, column: string, desc: boolean): Int32Array {
  return orderByKeys(users, sortKeys(store, users, column), desc);
}

/**
 * `users` (ascending user numbers) stably ordered by `keys`: missing keys (NaN) last in
 * both directions, ties in user-number order. Without a comparator: the distinct keys
 * are sorted natively, each key becomes its rank, then one counting sort by rank
 * (a comparator sort of a million users took seconds).
 */
export function orderByKeys(users: Int32Array, keys: Float64Array, desc: boolean): Int32Array {
  const n = users.length;
  let present = 0;
  let min = Infinity;
  let max = -Infinity;
  let integral = true;
  for (let i = 0; i < n; i++) {
    const k = keys[i]!;
    if (k !== k) continue;
    present++;
    if (k < min) min = k;
    if (k > max) max = k;
    if (integral && !Number.isInteger(k)) integral = false;
  }
  const rank = new Int32Array(n);
  let u: number;
  if (present > 0 && integral && max - min <= 4 * n + 16) {
    // Small whole numbers (string ranks, booleans, ages): the key is its own rank.
    u = max - min + 1;
    for (let i = 0; i < n; i++) {
      const k = keys[i]!;
      rank[i] = k !== k ? u : desc ? max - k : k - min;
    }
  } else {
    const distinct = new Float64Array(present);
    for (let i = 0, j = 0; i < n; i++) if (keys[i] === keys[i]) distinct[j++] = keys[i]!;
    distinct.sort();
    u = 0;
    for (let i = 0; i < present; i++) if (i === 0 || distinct[i] !== distinct[u - 1]) distinct[u++] = distinct[i]!;
    const values = distinct.subarray(0, u);
    // Rank u is "missing": after every value in either direction.
    for (let i = 0; i < n; i++) {
      const key = keys[i]!;
      if (key !== key) {
        rank[i] = u;
        continue;
      }
      let lo = 0;
      let hi = u - 1;
      while (lo < hi) {
        const mid = (lo + hi) >>> 1;
        if (values[mid]! < key) lo = mid + 1;
        else hi = mid;
      }
      rank[i] = desc ? u - 1 - lo : lo;
    }
  }
  const start = new Int32Array(u + 2);
  for (let i = 0; i < n; i++) start[rank[i]! + 1]!++;
  for (let r = 1; r <= u + 1; r++) start[r]! += start[r - 1]!;
  const out = new Int32Array(n);
  // Users are ascending by number, so this stable pass keeps ties in user-number order.
  for (let i = 0; i < n; i++) out[start[rank[i]!]!++] = users[i]!;
  return out;
}

export function isSortable(table: ProfileTable | null, column: string): boolean {
  return column === '$distinct_id' || column === '$last_seen' || (table !== null && Object.hasOwn(table.meta.columns, column));
}
