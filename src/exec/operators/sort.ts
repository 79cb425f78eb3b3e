/**
 * A sort node (sortAsc / sortDesc): needs every row of its input; its key is a path
 * read here or a function called through the chain. A stable sort by a scalar key:
 * keys compare like groupBy key components (null < false < true < numbers < strings);
 * values that are not scalars (objects, lists) sort after every scalar, in input order.
 */
import type { Accessor, SortNode } from '../../plan/index.js';
import { compareKeyComponents, type KeyComponent, readPath } from '../accessors/index.js';
import { RowsBatch } from '../batches/rows-batch.js';
import type { Chain } from '../chain.js';
import { ItemCache, makeValueReader } from '../value-reader.js';
import { Aggregator } from './aggregate.js';
import { collect, type OperatorContext, type Rows } from './operator-context.js';

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

export async function* openSort(node: SortNode, input: Rows, oc: OperatorContext): Rows {
  const rows = await collect(input);
  const acc = node.accessor;
  let keys: unknown[];
  if (acc.kind === 'path') keys = rows.map((r) => readPath(r, acc.path));
  else {
    const agg = new Aggregator({ keys: [acc], reducers: [], list: false, byUser: false, noKeys: false });
    keys = await valuesOf(rows, acc, agg.fnIds(), oc.chain, oc.batchRows);
  }
  yield sortRows(rows, keys, node.desc);
}

/** Values of an accessor with guest functions over derived rows. */
async function valuesOf(rows: unknown[], acc: Accessor, fnIds: number[], chain: Chain, batchRows: number): Promise<unknown[]> {
  const out: unknown[] = [];
  for (let s = 0; s < rows.length; s += batchRows) {
    const rb = new RowsBatch(rows.slice(s, s + batchRows));
    const fnValues = (await chain.run(rb, rb.sel, [], fnIds)).fnValues;
    const read = makeValueReader(rb, acc, new ItemCache(rb), fnValues);
    for (let j = 0; j < rb.size; j++) out.push(read(j, j));
  }
  return out;
}
