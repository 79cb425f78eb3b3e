/**
 * Rows of a listing, produced lazily: the distinct_id and the chosen columns of each
 * selected user, read straight from the profile table's columns (no per-profile
 * object is built for properties that are not shown).
 */
import { type Column, isPresent, type ProfileTable, type Store, valueAt } from '../store/index.js';

export interface UserRow {
  id: string;
  /** Whether the user has a profile (All Users lists some without). */
  hasProfile: boolean;
  /** Value per column (undefined: not set). */
  values: unknown[];
}

/** Profile row of each user in `users` (-1: none), in one pass over the table. */
export function rowsOfUsers(table: ProfileTable, users: Int32Array, userCount: number): Int32Array {
  const rowOf = new Int32Array(userCount).fill(-1);
  const tu = table.user;
  for (let r = 0; r < tu.length; r++) rowOf[tu[r]!] = r;
  const out = new Int32Array(users.length);
  for (let i = 0; i < users.length; i++) out[i] = rowOf[users[i]!]!;
  return out;
}

export function* userRows(store: Store, users: Int32Array, columns: string[]): Generator<UserRow> {
  const table = store.profiles();
  const rows = table === null ? new Int32Array(users.length).fill(-1) : rowsOfUsers(table, users, store.users.size);
  const cols: (Column | undefined)[] = columns.map((c) => table?.column(c));
  const ids = store.users.ids;
  for (let i = 0; i < users.length; i++) {
    const r = rows[i]!;
    const values = new Array<unknown>(cols.length);
    for (let j = 0; j < cols.length; j++) values[j] = r < 0 ? undefined : cellAt(cols[j], r);
    yield { id: ids[users[i]!]!, hasProfile: r >= 0, values };
  }
}

/** valueAt, but JSON cells are parsed without the column's cache (an export touches each once). */
export function cellAt(col: Column | undefined, r: number): unknown {
  if (col !== undefined && col.kind === 'json' && isPresent(col, r)) {
    const t = col.texts[r];
    return t === null || t === undefined ? undefined : JSON.parse(t);
  }
  return valueAt(col, r);
}
