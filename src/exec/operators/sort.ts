/**
 * sortAsc / sortDesc: a stable sort by a scalar key. Keys compare like groupBy key
 * components (null < false < true < numbers < strings); values that are not scalars
 * (objects, lists) sort after every scalar, in input order.
 */
import { compareKeyComponents, type KeyComponent } from '../accessors/index.js';

function rank(v: unknown): KeyComponent | undefined {
  if (v === undefined || v === null) return null;
  const t = typeof v;
  if (t === 'string' || t === 'boolean') return v as KeyComponent;
  if (t === 'number') return Number.isNaN(v) ? null : (v as number);
  return undefined; // not a scalar
}

export function sortRows(rows: unknown[], keys: unknown[], descending: boolean): unknown[] {
  const idx = rows.map((_, i) => i);
  const ranked = keys.map(rank);
  idx.sort((a, b) => {
    const ka = ranked[a];
    const kb = ranked[b];
    let c: number;
    if (ka === undefined || kb === undefined) c = ka === undefined ? (kb === undefined ? 0 : 1) : -1;
    else c = compareKeyComponents(ka, kb);
    if (descending && ka !== undefined && kb !== undefined) c = -c;
    return c || a - b;
  });
  return idx.map((i) => rows[i]);
}
