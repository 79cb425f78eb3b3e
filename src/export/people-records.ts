/**
 * Profiles in the engage export shape (spec mixpanel-formats B1):
 * `{"$distinct_id": id, "$properties": {...}}`, every property, in user order.
 */
import type { Store } from '../store/index.js';
import { resolveColumns, selectUsers, userRows } from '../users/index.js';

export interface PeopleExportOptions {
  where?: string;
  cohorts?: string[];
}

export interface EngageRecord {
  $distinct_id: string;
  $properties: Record<string, unknown>;
}

export function exportPeople(store: Store, o: PeopleExportOptions): { users: Int32Array; records: () => Generator<EngageRecord> } {
  const users = selectUsers(store, { where: o.where, cohorts: o.cohorts });
  return { users, records: () => engageRecords(store, users) };
}

/** The users' profiles (`properties`: only these, default all), in the given order. */
export function* engageRecords(store: Store, users: Int32Array, properties?: string[]): Generator<EngageRecord> {
  const columns = properties ?? resolveColumns(store, ['*']).columns;
  for (const row of userRows(store, users, columns)) {
    const props: Record<string, unknown> = {};
    row.values.forEach((v, j) => {
      if (v !== undefined) props[columns[j]!] = v;
    });
    yield { $distinct_id: row.id, $properties: props };
  }
}
