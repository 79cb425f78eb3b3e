/**
 * The users table's rows: the users a query selects ("User Profiles" or "All Users",
 * narrowed by a criteria tree and an opened cohort), sorted, then one page. The
 * sorted selection is memoized per snapshot, so paging and column changes on a large
 * store cost only the page's cells.
 */
import { CohortEngine, knownUsers } from '../../cohort/index.js';
import type { Store } from '../../store/index.js';
import { DEFAULT_SORT, maskToUsers, resolveColumns, sortUsers, userRows } from '../../users/index.js';
import type { UsersQuery } from './api-types.js';
import type { UiStore } from './ui-store.js';

export const MAX_PAGE_SIZE = 1000;
export const DEFAULT_UI_PAGE_SIZE = 50;

/** Users matching the query's filters, ascending by user number. */
export function usersMask(store: Store, q: UsersQuery): Uint8Array {
  const known = knownUsers(store);
  const mask = (q.all ? known.all : known.profile).slice();
  const engine = new CohortEngine(store, Date.now());
  const and = (m: Uint8Array) => {
    for (let i = 0; i < mask.length; i++) mask[i]! &= m[i]!;
  };
  if (q.criteria) and(engine.evaluate(q.criteria));
  if (q.cohort) and(engine.members(q.cohort));
  return mask;
}

export function sortedSelection(ui: UiStore, store: Store, q: UsersQuery): Int32Array {
  const sort = q.sort || DEFAULT_SORT;
  const desc = q.sort ? Boolean(q.desc) : (q.desc ?? true);
  const key = JSON.stringify(['users', q.all ?? false, q.criteria ?? null, q.cohort ?? null, sort, desc]);
  return ui.memoize(store, key, () => sortUsers(store, maskToUsers(usersMask(store, q)), sort, desc));
}

export function columnsOf(store: Store, q: UsersQuery) {
  return resolveColumns(store, q.columns && q.columns.length > 0 ? q.columns : undefined);
}

export function pageOf(ui: UiStore, store: Store, q: UsersQuery) {
  const users = sortedSelection(ui, store, q);
  const pageSize = Math.min(Math.max(1, Math.floor(q.pageSize ?? DEFAULT_UI_PAGE_SIZE)), MAX_PAGE_SIZE);
  const page = Math.max(1, Math.floor(q.page ?? 1));
  const from = Math.min((page - 1) * pageSize, users.length);
  const slice = users.subarray(from, Math.min(from + pageSize, users.length));
  const { columns, warnings } = columnsOf(store, q);
  return { store, total: users.length, page, pageSize, columns, warnings, slice, rows: () => userRows(store, slice, columns) };
}
