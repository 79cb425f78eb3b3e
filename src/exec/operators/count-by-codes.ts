/**
 * groupBy(<one plain key>, count()) and reduce(count()) as a histogram: when every
 * reducer is a plain columnar count, a group's count is the number of selected rows
 * whose key column holds its code, so the batch is one pass of `hist[code]++` over the
 * key column's codes (dictionary indices, boolean bits) and each distinct code is
 * decoded and looked up once. No per-row group id array is built.
 *
 * Results equal the general path (assign + GroupedCount.add): counts are integers
 * (exact in a double), groups are created in the order their first row appears, and
 * a key code means the same value columnCodes gives it.
 */
import type { ItemBatch } from '../batches/item-batch.js';
import { GroupedCount } from '../reducers/index.js';
import type { ItemCache } from '../value-reader.js';
import { type Aggregator, columnCodes } from './aggregate.js';

/**
 * Counts the batch's selected rows into `agg` when the histogram applies; false (and
 * nothing changed) when the batch needs the general path.
 */
export function countByCodes(agg: Aggregator, batch: ItemBatch, items: ItemCache): boolean {
  const { shape } = agg;
  if (shape.byUser) return false;
  if (!plainCounts(agg, batch, items)) return false;
  const sel = batch.sel;
  if (shape.noKeys) {
    addCount(agg, 0, sel.length);
    return true;
  }
  if (shape.keys.length !== 1) return false;
  const key = shape.keys[0]!;
  if (key.kind !== 'path') return false;
  const col = batch.column(key.path);
  if (col === null) return false;
  if (col !== undefined && col.kind === 'string') {
    const size = col.dictionary.length;
    const hist = new Int32Array(size + 1);
    const order: number[] = [];
    const { present, indices } = col;
    if (present === null) {
      for (let j = 0; j < sel.length; j++) if (hist[indices[sel[j]!]!]!++ === 0) order.push(indices[sel[j]!]!);
    } else {
      for (let j = 0; j < sel.length; j++) {
        const r = sel[j]!;
        const c = ((present[r >> 3]! >> (r & 7)) & 1) === 1 ? indices[r]! : size;
        if (hist[c]!++ === 0) order.push(c);
      }
    }
    for (const c of order) addCount(agg, agg.groupId([c === size ? null : col.dictionary[c]!]), hist[c]!);
    return true;
  }
  // Other plain keys (missing, boolean, number columns): their codes, one call per row.
  const codes = columnCodes(col, batch);
  if (codes === null) return false;
  const hist = new Int32Array(codes.decode.length);
  const order: number[] = [];
  for (let j = 0; j < sel.length; j++) {
    const c = codes.code(sel[j]!);
    if (c < 0) continue;
    if (hist[c]!++ === 0) order.push(c);
  }
  for (const c of order) addCount(agg, agg.groupId([codes.decode[c] ?? null]), hist[c]!);
  return true;
}

/** Every reducer a columnar count whose rows each count 1 (no sampling weights in play). */
function plainCounts(agg: Aggregator, batch: ItemBatch, items: ItemCache): boolean {
  if (agg.states.length === 0) return false;
  for (const s of agg.states) {
    if (s.kind !== 'native' || !(s.columnar instanceof GroupedCount)) return false;
    if (s.samplingWeighted && (batch.kind === 'rows' || batch.samplingFactors() !== null)) return false;
    if (s.accessor?.kind === 'path' && items.paths.has(s.accessor.path)) return false;
  }
  return true;
}

function addCount(agg: Aggregator, g: number, n: number): void {
  for (const s of agg.states) if (s.kind === 'native') (s.columnar as GroupedCount).addCount(g, n);
}
