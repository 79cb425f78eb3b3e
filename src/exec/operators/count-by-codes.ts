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
 *
 * With `where` (a filter over one dictionary column as a verdict per code, from
 * js-expr/evaluate.ts) the filter is tested in the same loop, row by row in selection
 * order, so `.filter(e => e.properties.country == "US").groupBy(["name"], count())`
 * builds neither the filtered selection nor, on an unfiltered scan, the all-rows one.
 */
import type { StringColumn } from '../../store/index.js';
import { EventBatch } from '../batches/event-batch.js';
import type { ItemBatch } from '../batches/item-batch.js';
import type { DictionaryVerdicts } from '../js-expr/evaluate.js';
import { GroupedCount } from '../reducers/index.js';
import type { ItemCache } from '../value-reader.js';
import { type Aggregator, columnCodes } from './aggregate.js';

/**
 * Counts the batch's selected rows into `agg` when the histogram applies; false (and
 * nothing changed) when the batch needs the general path. With `where`, only rows the
 * filter keeps are counted, and the return value is how many were (or false).
 */
export function countByCodes(agg: Aggregator, batch: ItemBatch, items: ItemCache, where: DictionaryVerdicts | null = null): number | false {
  const { shape } = agg;
  if (shape.byUser) return false;
  if (!plainCounts(agg, batch, items)) return false;
  if (where !== null) return countWhere(agg, batch, where);
  const sel = batch.sel;
  if (shape.noKeys) {
    addCount(agg, 0, sel.length);
    return sel.length;
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
    addGroups(agg, col, hist, order);
    return sel.length;
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
  return sel.length;
}

/**
 * The filtered histogram: one dictionary key column, a key no row holds, or no key; rows
 * kept by `where`. An unfiltered event scan's rows are walked by number, its selection
 * never built.
 */
function countWhere(agg: Aggregator, batch: ItemBatch, where: DictionaryVerdicts): number | false {
  const { shape } = agg;
  let key: StringColumn | undefined;
  if (!shape.noKeys) {
    if (shape.keys.length !== 1 || shape.keys[0]!.kind !== 'path') return false;
    const col = batch.column(shape.keys[0]!.path);
    if (col === null || (col !== undefined && col.kind !== 'string')) return false;
    key = col;
  }
  const all = batch instanceof EventBatch && batch.selectsAll;
  const sel = all ? null : batch.sel;
  const n = sel === null ? batch.size : sel.length;
  const { verdicts, col: f } = where;
  const fSize = f.dictionary.length;
  const { present: fPresent, nulls: fNulls, indices: fIndices } = f;
  // Without a key column every kept row counts under code 0.
  const kSize = key === undefined ? 0 : key.dictionary.length;
  const kIndices = key === undefined ? null : key.indices;
  const kPresent = key === undefined ? null : key.present;
  const hist = new Int32Array(kSize + 1);
  const order: number[] = [];
  let kept = 0;
  for (let j = 0; j < n; j++) {
    const r = sel === null ? j : sel[j]!;
    const fc =
      fPresent === null || ((fPresent[r >> 3]! >> (r & 7)) & 1) === 1
        ? fIndices[r]!
        : fNulls !== null && ((fNulls[r >> 3]! >> (r & 7)) & 1) === 1
          ? fSize + 1
          : fSize;
    if (verdicts[fc] !== 1) continue;
    kept++;
    const c = kIndices === null ? 0 : kPresent === null || ((kPresent[r >> 3]! >> (r & 7)) & 1) === 1 ? kIndices[r]! : kSize;
    if (hist[c]!++ === 0) order.push(c);
  }
  if (key !== undefined) addGroups(agg, key, hist, order);
  else if (kept > 0) addCount(agg, shape.noKeys ? 0 : agg.groupId([null]), kept);
  return kept;
}

/** Adds each code's count to its group (the code past the dictionary: missing or null, key null). */
function addGroups(agg: Aggregator, col: StringColumn, hist: Int32Array, order: number[]): void {
  const size = col.dictionary.length;
  for (const c of order) addCount(agg, agg.groupId([c === size ? null : col.dictionary[c]!]), hist[c]!);
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
