/**
 * Events or profiles as one flat table for CSV, Arrow and Parquet: fixed columns
 * (`event`, `time`, `distinct_id`, `$insert_id`; or `$distinct_id`), then one column
 * per property. A property's type comes from the manifest: the kind its column has
 * in every partition (string, number, boolean), else JSON text (lists, objects, and
 * keys whose kind differs between partitions). `time` is a UTC timestamp in ms.
 */
import type { ColumnKind, Store } from '../store/index.js';
import { NO_USER, valueAt } from '../store/index.js';
import { resolveColumns, userRows } from '../users/index.js';
import { type EventExportOptions, exportRows } from './event-records.js';

export type FlatType = 'string' | 'number' | 'boolean' | 'json' | 'timestamp';

export interface FlatColumn {
  name: string;
  type: FlatType;
}

export interface FlatTable {
  columns: FlatColumn[];
  /** Rows: one value per column (null: none). Values of `json` columns are the values themselves (writers encode them). */
  rows: Iterable<unknown[]>;
  /** Rows to expect, for a progress bar. */
  total: number;
}

function mergeKinds(kinds: Map<string, ColumnKind | 'mixed'>, key: string, kind: ColumnKind): void {
  const had = kinds.get(key);
  if (had === undefined) kinds.set(key, kind);
  else if (had !== kind) kinds.set(key, 'mixed');
}

const flatType = (k: ColumnKind | 'mixed'): FlatType => (k === 'mixed' ? 'json' : k);

const cell = (v: unknown): unknown => (v === undefined ? null : v);

export function eventTable(store: Store, o: EventExportOptions): FlatTable {
  const kinds = new Map<string, ColumnKind | 'mixed'>();
  let total = 0;
  for (const day of store.days(o.from, o.to)) {
    const meta = store.partitionMeta(day)!;
    total += meta.rows;
    for (const [key, c] of Object.entries(meta.columns)) if (key !== '$insert_id') mergeKinds(kinds, key, c.kind);
  }
  const props = [...kinds].map(([name, k]) => ({ name, type: flatType(k) }));
  const columns: FlatColumn[] = [
    { name: 'event', type: 'string' },
    { name: 'time', type: 'timestamp' },
    { name: 'distinct_id', type: 'string' },
    { name: '$insert_id', type: 'string' },
    ...props.map((p) => (['event', 'time', 'distinct_id'].includes(p.name) ? { ...p, name: `properties.${p.name}` } : p)),
  ];
  function* rows(): Generator<unknown[]> {
    const ids = store.users.ids;
    for (const { part, rows: sel } of exportRows(store, o)) {
      const cols = props.map((p) => part.column(p.name));
      const insert = part.column('$insert_id');
      const name = part.name;
      for (const r of sel) {
        const u = part.user[r]!;
        const row: unknown[] = [name.dictionary[name.indices[r]!], part.time[r], u === NO_USER ? null : ids[u], valueAt(insert, r) ?? null];
        for (let j = 0; j < props.length; j++) row.push(cell(valueAt(cols[j], r)));
        yield row;
      }
    }
  }
  return { columns, rows: rows(), total: o.limit === undefined ? total : Math.min(total, o.limit) };
}

export function peopleTable(store: Store, users: Int32Array): FlatTable {
  const meta = store.manifest.profiles?.columns ?? {};
  const names = resolveColumns(store, ['*']).columns;
  const props = names.map((name) => ({ name, type: flatType(meta[name]?.kind ?? 'json') }));
  const columns: FlatColumn[] = [{ name: '$distinct_id', type: 'string' }, ...props];
  function* rows(): Generator<unknown[]> {
    for (const row of userRows(store, users, names)) yield [row.id, ...row.values.map(cell)];
  }
  return { columns, rows: rows(), total: users.length };
}
