/**
 * The in-memory form of one column of a partition, as operators and selectors read it.
 *
 * Hot loops read these typed arrays directly; nothing here goes through Arrow's
 * per-row `.get(i)`. A property column distinguishes three states per row:
 *   - missing key  -> `present` bit 0 and `nulls` bit 0   (JQL: undefined)
 *   - JSON null    -> `present` bit 0 and `nulls` bit 1   (JQL: null)
 *   - a value      -> `present` bit 1
 * Bitmaps use Arrow's layout (bit i is `(bm[i >> 3] >> (i & 7)) & 1`). A `null`
 * bitmap means "all 1" for `present` and "all 0" for `nulls`.
 */

export type ColumnKind = 'string' | 'number' | 'boolean' | 'json';

interface ColumnBase {
  length: number;
  /** Validity: 1 where the row has a non-null value. `null` = every row has one. */
  present: Uint8Array | null;
  /** 1 where the row holds an explicit JSON null. `null` = no row does. */
  nulls: Uint8Array | null;
}

/**
 * A dictionary column's per-row indices, as narrow as its dictionary allows: files keep
 * Int8 indices for up to 127 entries and Int16 up to 32,767 (column-codec.ts), and they
 * are read in place, so a column of a few distinct values costs a byte a row.
 */
export type DictionaryIndices = Int32Array | Int16Array | Int8Array;

/** Dictionary-encoded strings: compare indices, not strings. */
export interface StringColumn extends ColumnBase {
  kind: 'string';
  indices: DictionaryIndices;
  dictionary: string[];
}

export interface NumberColumn extends ColumnBase {
  kind: 'number';
  values: Float64Array;
}

export interface BooleanColumn extends ColumnBase {
  kind: 'boolean';
  /** Bit-packed like the validity bitmap. */
  values: Uint8Array;
}

/**
 * Lists, objects and keys whose values mix types: JSON text per row, parsed on
 * demand (`jsonValueAt`) and cached.
 */
export interface JsonColumn extends ColumnBase {
  kind: 'json';
  texts: (string | null)[];
  parsed: unknown[] | null;
  /**
   * The UTF-8 bytes the texts come from (row i: bytes[offsets[i]..offsets[i+1])), when the
   * column was read from a file: kernels that need only a text's first byte or its number
   * read these and leave `texts` undecoded (it is decoded on first access).
   */
  raw?: Utf8Raw;
}

export interface Utf8Raw {
  offsets: Int32Array;
  bytes: Uint8Array;
}

export type Column = StringColumn | NumberColumn | BooleanColumn | JsonColumn;

export function bitAt(bitmap: Uint8Array, i: number): number {
  return (bitmap[i >> 3]! >> (i & 7)) & 1;
}

export function isPresent(col: Column, i: number): boolean {
  return col.present === null || bitAt(col.present, i) === 1;
}

export function isNullAt(col: Column, i: number): boolean {
  return col.nulls !== null && bitAt(col.nulls, i) === 1;
}

/** Parse (and cache) the JSON value at row i of a json column. */
export function jsonValueAt(col: JsonColumn, i: number): unknown {
  if (col.parsed === null) col.parsed = new Array(col.length);
  let v = col.parsed[i];
  if (v === undefined) {
    const text = col.texts[i];
    if (text === null || text === undefined) return undefined;
    v = JSON.parse(text);
    col.parsed[i] = v;
  }
  return v;
}

/**
 * The plain JavaScript value at row i: undefined for a missing key, null for JSON
 * null. Reference semantics for every vectorized path; not for hot loops.
 */
export function valueAt(col: Column | undefined, i: number): unknown {
  if (col === undefined) return undefined;
  if (!isPresent(col, i)) return isNullAt(col, i) ? null : undefined;
  switch (col.kind) {
    case 'string':
      return col.dictionary[col.indices[i]!];
    case 'number':
      return col.values[i];
    case 'boolean':
      return bitAt(col.values, i) === 1;
    case 'json':
      return jsonValueAt(col, i);
  }
}
