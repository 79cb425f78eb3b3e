/**
 * Group profiles listed like users (`quarry users --group-key company_id`): the group
 * ids of one group key, filtered by a selector over their properties, sorted, paged,
 * with the chosen columns (default: every property). Group tables are small (one row
 * per company or account), so rows are sorted by their values directly.
 */
import { UserError } from '../errors.js';
import { compileVector, parseSelector } from '../selector/index.js';
import { type ProfileTable, type Store, valueAt } from '../store/index.js';
import { closest } from '../did-you-mean.js';
import type { Listing, ListOptions } from './list-users.js';
import { DEFAULT_PAGE_SIZE } from './list-users.js';
import { cellAt, type UserRow } from './user-rows.js';

export function groupTable(store: Store, groupKey: string): ProfileTable {
  const table = store.groupProfiles(groupKey);
  if (table === null) {
    const keys = Object.keys(store.manifest.groups);
    throw new UserError(
      `no group profiles for the group key ${JSON.stringify(groupKey)}${closest(groupKey, keys)}; ` +
        (keys.length
          ? `group keys in this store: ${keys.map((k) => JSON.stringify(k)).join(', ')}`
          : 'this store has none (import them with quarry import people FILE --group-key KEY)'),
    );
  }
  return table;
}

function compare(a: unknown, b: unknown): number {
  const missA = a === undefined || a === null;
  const missB = b === undefined || b === null;
  if (missA || missB) return missA === missB ? 0 : missA ? 1 : -1;
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  const x = typeof a === 'string' ? a : JSON.stringify(a);
  const y = typeof b === 'string' ? b : JSON.stringify(b);
  return x < y ? -1 : x > y ? 1 : 0;
}

export function listGroups(store: Store, groupKey: string, o: ListOptions = {}): Listing {
  const table = groupTable(store, groupKey);
  const ids = table.groupIds;
  const have = table.keys();
  const warnings: string[] = [];
  const columns = o.columns === undefined || (o.columns.length === 1 && o.columns[0] === '*') ? [...have].sort() : o.columns.filter((c) => c !== '$group_id');
  for (const c of columns)
    if (!have.includes(c)) warnings.push(`unknown group property ${JSON.stringify(c)} in --columns: no ${groupKey} profile has it${closest(c, have)}`);
  let rows = Array.from({ length: table.length }, (_, r) => r);
  if (o.where !== undefined && o.where.trim() !== '') {
    const fn = compileVector(parseSelector(o.where), 'user', { timezone: store.timezone, nowSeconds: Math.floor((o.asOfMs ?? Date.now()) / 1000) });
    const m = fn({ length: table.length, column: (source, key) => (source === 'user' ? table.column(key) : undefined) });
    rows = rows.filter((r) => m[r] === 1);
  }
  if (o.cohorts?.length) throw new UserError('cohorts hold users, not groups: --cohort cannot go with --group-key');
  const total = rows.length;
  const sort = o.sort ?? '$group_id';
  if (sort !== '$group_id' && !have.includes(sort))
    warnings.push(`unknown group property ${JSON.stringify(sort)} in --sort${closest(sort, have)}: the order is unchanged`);
  const key = (r: number) => (sort === '$group_id' ? ids[r] : valueAt(table.column(sort), r));
  rows.sort((a, b) => compare(key(a), key(b)) || a - b);
  if (o.desc) rows.reverse();
  const pageSize = o.limit ?? (o.page !== undefined ? DEFAULT_PAGE_SIZE : undefined);
  const page = pageSize === undefined ? undefined : (o.page ?? 1);
  const offset = pageSize === undefined ? 0 : (page! - 1) * pageSize;
  const slice = pageSize === undefined ? rows : rows.slice(Math.min(offset, total), Math.min(offset + pageSize, total));
  const cols = columns.map((c) => table.column(c));
  return {
    total,
    columns,
    warnings,
    users: Int32Array.from(slice),
    page: { total, page, pageSize, offset, noun: o.noun ?? `${groupKey} groups` },
    idColumn: '$group_id',
    *rows(): Generator<UserRow> {
      for (const r of slice) yield { id: ids[r]!, hasProfile: true, values: cols.map((c) => cellAt(c, r)) };
    },
  };
}
