/**
 * A batch of source items as the native operators see it: a row space (a partition,
 * the profile table, or the pairs of a join) and the selected rows in it. Operators
 * read columns by JQL path ("properties.$city", "name", "user.properties.plan") and
 * only fall back to materialized items (`item(row)`) for paths no column answers.
 */
import { type Column, valueAt } from '../../store/index.js';
import { toProjectTime } from '../../time/index.js';
import type { SelectorBatch } from '../../selector/index.js';

export interface ItemBatch {
  readonly kind: 'events' | 'people' | 'join' | 'rows';
  /** Rows in the row space. */
  readonly size: number;
  /** The items of this batch: selected rows, ascending. */
  sel: Int32Array;
  /**
   * The column for a dotted path, in row space. `undefined`: no item of the batch
   * has a value there. `null`: no column answers it; read `item(row)` instead.
   */
  column(path: string): Column | undefined | null;
  /** The item as a script sees it (plain object). */
  item(row: number): unknown;
  /** User number per row (-1: no distinct_id). */
  users(): Int32Array;
  /** Sampling factor per row, or null when all are 1. */
  samplingFactors(): Float64Array | null;
  /** The batch as the selector evaluator sees it (row space). */
  selectorBatch(): SelectorBatch;
  /** Project-time ms per row, for the time of events (or of the user record). */
  projectTimes(): Float64Array | null;
}

/** Which column answers `properties.<rest>` given a lookup of property columns. */
export function propertyColumn(rest: string, has: (key: string) => boolean, get: (key: string) => Column | undefined): Column | undefined | null {
  const dot = rest.indexOf('.');
  if (dot < 0) return get(rest);
  const first = rest.slice(0, dot);
  const hasFirst = has(first);
  const hasWhole = has(rest);
  if (hasFirst && hasWhole) return null; // row-dependent: readPath decides per item
  if (hasWhole) return get(rest);
  if (!hasFirst) return undefined;
  const col = get(first);
  // Scalars have no members (readPath); lists and objects are navigated per item.
  return col !== undefined && col.kind === 'json' ? null : undefined;
}

export function selectAll(n: number): Int32Array {
  const sel = new Int32Array(n);
  for (let i = 0; i < n; i++) sel[i] = i;
  return sel;
}

/**
 * Where selectedRows writes before it knows how many rows there are: one buffer reused by
 * every call (grown to the largest batch), so the mask is read once and no fresh
 * all-rows-sized array (with its page faults) is made per batch.
 */
let selectedScratch = new Int32Array(0);

/**
 * Rows 0..n-1 whose byte in `mask` is not 0, ascending: narrow(selectAll(n), mask) without
 * the full selection. A selector mask is mostly zeros, so it is read four bytes at a time
 * where it is aligned, in one pass; the result is an exact-size copy.
 */
export function selectedRows(mask: Uint8Array, n: number): Int32Array {
  if (selectedScratch.length < n) selectedScratch = new Int32Array(n);
  const out = selectedScratch;
  const words = mask.byteOffset % 4 === 0 ? new Uint32Array(mask.buffer, mask.byteOffset, n >> 2) : null;
  const wordRows = words === null ? 0 : words.length * 4;
  let k = 0;
  if (words !== null) {
    for (let w = 0; w < words.length; w++) {
      if (words[w] === 0) continue;
      const r = w * 4;
      if (mask[r] !== 0) out[k++] = r;
      if (mask[r + 1] !== 0) out[k++] = r + 1;
      if (mask[r + 2] !== 0) out[k++] = r + 2;
      if (mask[r + 3] !== 0) out[k++] = r + 3;
    }
  }
  for (let r = wordRows; r < n; r++) if (mask[r] !== 0) out[k++] = r;
  return out.slice(0, k);
}

/** Rows of `sel` whose byte in `mask` (row space) is 1. */
export function narrow(sel: Int32Array, mask: Uint8Array): Int32Array {
  let k = 0;
  const out = new Int32Array(sel.length);
  for (let j = 0; j < sel.length; j++) {
    const r = sel[j]!;
    if (mask[r]) out[k++] = r;
  }
  return k === sel.length ? sel : out.subarray(0, k);
}

/** UTC ms -> project-time ms for a whole column (the same array when the zone is UTC). */
export function projectTimesOf(utc: Float64Array, timezone: string): Float64Array {
  if (timezone === 'UTC') return utc;
  const out = new Float64Array(utc.length);
  for (let i = 0; i < utc.length; i++) out[i] = toProjectTime(timezone, utc[i]!);
  return out;
}

/** The properties of row `row` as a plain object (missing keys left out). */
export function propertiesAt(keys: Iterable<string>, column: (key: string) => Column | undefined, row: number): Record<string, unknown> {
  const props: Record<string, unknown> = {};
  for (const key of keys) {
    const v = valueAt(column(key), row);
    if (v === undefined) continue;
    // `props.__proto__ = v` would set the prototype: a property of that name is data.
    if (key === '__proto__') Object.defineProperty(props, key, { value: v, enumerable: true, writable: true, configurable: true });
    else props[key] = v;
  }
  return props;
}
