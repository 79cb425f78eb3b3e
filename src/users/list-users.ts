/**
 * A listing of users: filter (select-users.ts), sort, page, and the columns to show.
 * Rows are produced lazily so exports stream.
 */
import type { Store } from '../store/index.js';
import { selectUsers, type UserFilter } from './select-users.js';
import { DEFAULT_SORT, isSortable, sortUsers } from './sort-users.js';
import { resolveColumns } from './user-columns.js';
import { type UserRow, userRows } from './user-rows.js';
import type { PageInfo } from './write-users.js';

export const DEFAULT_PAGE_SIZE = 50;

export interface ListOptions extends UserFilter {
  /** Columns to show (default: the project's default columns; ["*"]: every property). */
  columns?: string[];
  /** Sort column (default `$last_seen`, newest first). */
  sort?: string;
  desc?: boolean;
  /** Rows per page; undefined: all rows (unless `page` is given). */
  limit?: number;
  /** 1-based page. */
  page?: number;
  noun?: string;
}

export interface Listing {
  total: number;
  columns: string[];
  warnings: string[];
  /** The users of the requested page, in order. */
  users: Int32Array;
  page: PageInfo;
  /** Name of the id column (`$distinct_id`; `$group_id` for group profiles). */
  idColumn: string;
  rows(): Generator<UserRow>;
}

export function listUsers(store: Store, o: ListOptions = {}): Listing {
  const { columns, warnings } = resolveColumns(store, o.columns);
  let users = selectUsers(store, o);
  const total = users.length;
  const sort = o.sort ?? DEFAULT_SORT;
  if (o.sort !== undefined && !isSortable(store.profiles(), sort)) {
    warnings.push(`unknown profile property ${JSON.stringify(sort)} in --sort: no profile has it, so the order is unchanged`);
  }
  const desc = o.sort === undefined ? true : (o.desc ?? false);
  users = sortUsers(store, users, sort, desc);
  const pageSize = o.limit ?? (o.page !== undefined ? DEFAULT_PAGE_SIZE : undefined);
  const page = pageSize === undefined ? undefined : (o.page ?? 1);
  const offset = pageSize === undefined ? 0 : (page! - 1) * pageSize;
  const slice = pageSize === undefined ? users : users.subarray(Math.min(offset, total), Math.min(offset + pageSize, total));
  return {
    total,
    columns,
    warnings,
    users: slice,
    page: { total, page, pageSize, offset, noun: o.noun ?? 'users' },
    idColumn: '$distinct_id',
    rows: () => userRows(store, slice, columns),
  };
}
