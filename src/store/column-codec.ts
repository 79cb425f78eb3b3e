/**
 * One column <-> one Arrow IPC file.
 *
 * Every column of a partition is its own small Arrow IPC file (as ClickHouse's wide
 * parts keep one file per column), so a query that reads two properties opens two
 * files and never touches the other 300: projection happens on disk. Each file holds
 * one record batch with field `v` (the values, Arrow validity = "has a non-null
 * value") and, only when some rows hold an explicit JSON null, field `n` (a bool
 * bitmap of those rows). The column's kind is in the schema metadata `quarry.kind`.
 */
import type * as AT from 'apache-arrow';
import { Arrow } from './arrow.js';
import { type RawUtf8, readColumnFile } from './ipc-read.js';

const A = Arrow;
import type { Column, ColumnKind, DictionaryIndices, JsonColumn, StringColumn } from './column.js';

/** Column values in sparse form: row numbers and their values, rows ascending. */
export interface SparseValues {
  /** A typed array from writers that know the count (no JS array of 500k rows to mark and grow). */
  rows: readonly number[] | Int32Array;
  values: unknown[];
  /**
   * Optional, from a writer that already knows which values are equal strings: the
   * dictionary id of each string value (ids in order of first appearance, as the encoder
   * would give them; other values' entries unused) and the dictionary. Saves a Map look-up
   * per value; the bytes written are the same.
   */
  strings?: { ids: Int32Array; dictionary: string[] };
  /**
   * Optional, from a writer that holds the values packed (ingest/packed-day-rows.ts): each
   * value as a type tag and a number, so encoding a string, number or boolean column
   * makes no JS value per row. `values` then gives the same values, made when first read.
   */
  packed?: PackedValues;
}

/** Sparse values being built row by row (rows appended). */
export interface SparseBuilder extends SparseValues {
  rows: number[];
}

/** A packed value's type (`PackedValues.tags`). */
export const ValueTag = { Absent: 0, String: 1, Number: 2, True: 3, False: 4, Null: 5, Json: 6 } as const;

/** Values as (tag, number): a number's value, a string's index in `dictionary`, a JSON value's index in `json` (its text). */
export interface PackedValues {
  tags: Uint8Array;
  nums: Float64Array;
  /** Strings in order of first appearance (the dictionary the encoder would make). */
  dictionary: string[];
  json: string[];
  /** The same dictionary as UTF-8, when the values came as bytes: the encoder writes it as it is. */
  utf8?: Utf8Texts;
  /**
   * When the packer kept them: the tags that occur (bit 1 << tag) and how many values
   * are neither null nor absent, so that sparseKind and sparseCount need not read every
   * tag again (two passes over a 5M import's ~30M values).
   */
  seen?: { tags: number; present: number };
}

/** The kind values of these tags (bits 1 << tag) are stored as: inferKind by tags. */
function kindOfTags(mask: number): ColumnKind {
  if (mask & (1 << ValueTag.Json)) return 'json';
  const s = (mask >> ValueTag.String) & 1;
  const n = (mask >> ValueTag.Number) & 1;
  const b = (mask & ((1 << ValueTag.True) | (1 << ValueTag.False))) !== 0 ? 1 : 0;
  if (s + n + b > 1) return 'json';
  return n ? 'number' : b ? 'boolean' : 'string';
}

/**
 * Packed strings (and nulls) whose dictionary is UTF-8 bytes already (a `$insert_id`
 * column: Utf8Dictionary over the parse workers' bytes). The encoder writes the bytes;
 * `dictionary` is decoded only if some reader asks for JS values.
 */
export function utf8Packed(tags: Uint8Array, nums: Float64Array, utf8: Utf8Texts): PackedValues {
  let dictionary: string[] | undefined;
  return {
    tags,
    nums,
    json: [],
    utf8,
    get dictionary() {
      dictionary ??= Array.from({ length: utf8.offsets.length - 1 }, (_, i) => utf8Text(utf8, i));
      return dictionary;
    },
  };
}

function utf8Text(t: Utf8Texts, i: number): string {
  return decoder.decode(t.bytes.subarray(t.offsets[i]!, t.offsets[i + 1]!));
}

/** Sparse values given packed; `values` is made from them only if some reader asks for it. */
export function packedSparse(rows: readonly number[] | Int32Array, packed: PackedValues): SparseValues {
  let values: unknown[] | undefined;
  return {
    rows,
    packed,
    get values() {
      values ??= Array.from(packed.tags, (tag, j) => unpackValue(tag, packed.nums[j]!, packed.dictionary, packed.json));
      return values;
    },
  };
}

/**
 * The value a packed (tag, number) stands for: a string is `strings[num]`, a JSON value
 * the parse of `json[num]` (a batch keeps both in one table, a column in two).
 */
export function unpackValue(tag: number, num: number, strings: readonly string[], json: readonly string[] = strings): unknown {
  switch (tag) {
    case ValueTag.String:
      return strings[num]!;
    case ValueTag.Number:
      return num;
    case ValueTag.True:
      return true;
    case ValueTag.False:
      return false;
    case ValueTag.Null:
      return null;
    case ValueTag.Json:
      return JSON.parse(json[num]!);
    default:
      return undefined;
  }
}

/** The kind `sparse`'s values are stored as (inferKind, from the tags when packed). */
export function sparseKind(sparse: SparseValues): ColumnKind {
  if (sparse.packed === undefined) return inferKind(sparse.values);
  if (sparse.packed.seen !== undefined) return kindOfTags(sparse.packed.seen.tags);
  let mask = 0;
  for (const tag of sparse.packed.tags) mask |= 1 << tag;
  return kindOfTags(mask);
}

/** Values of `sparse` that are neither null nor absent. */
export function sparseCount(sparse: SparseValues): number {
  let count = 0;
  if (sparse.packed === undefined) {
    for (const v of sparse.values) if (v !== null && v !== undefined) count++;
  } else if (sparse.packed.seen !== undefined) count = sparse.packed.seen.present;
  else for (const tag of sparse.packed.tags) if (tag !== ValueTag.Null && tag !== ValueTag.Absent) count++;
  return count;
}

/** The kind a set of JSON values is stored as. null values do not decide the kind. */
export function inferKind(values: readonly unknown[]): ColumnKind {
  let kind: ColumnKind | undefined;
  for (const v of values) {
    if (v === null || v === undefined) continue;
    const t = typeof v;
    const k: ColumnKind = t === 'string' ? 'string' : t === 'number' ? 'number' : t === 'boolean' ? 'boolean' : 'json';
    if (k === 'json') return 'json';
    if (kind === undefined) kind = k;
    else if (kind !== k) return 'json';
  }
  return kind ?? 'string';
}

export function newBitmap(length: number): Uint8Array {
  return new Uint8Array(((length + 63) >> 6) << 3);
}

export const setBit = (bm: Uint8Array, i: number) => {
  bm[i >> 3]! |= 1 << (i & 7);
};

/**
 * Build the Arrow data for a column of `length` rows from sparse values.
 * `kind` defaults to the inferred kind.
 */
export function encodeColumn(length: number, sparse: SparseValues, kindHint?: ColumnKind): Uint8Array {
  const kind = kindHint ?? sparseKind(sparse);
  if (sparse.packed !== undefined)
    return kind === 'json' ? encodePackedJson(length, sparse.rows, sparse.packed) : encodePacked(length, sparse.rows, sparse.packed, kind);
  const valid = newBitmap(length);
  let nullBits: Uint8Array | null = null;
  let validCount = 0;
  const { rows, values } = sparse;
  for (let j = 0; j < rows.length; j++) {
    const v = values[j];
    if (v === null) {
      nullBits ??= newBitmap(length);
      setBit(nullBits, rows[j]!);
    } else if (v !== undefined) {
      setBit(valid, rows[j]!);
      validCount++;
    }
  }
  const nullCount = length - validCount;
  let data: AT.Data;
  switch (kind) {
    case 'string': {
      const indices = new Int32Array(length);
      if (sparse.strings !== undefined) {
        const { ids, dictionary } = sparse.strings;
        for (let j = 0; j < rows.length; j++) if (typeof values[j] === 'string') indices[rows[j]!] = ids[j]!;
        data = makeDictionaryData(length, nullCount, valid, indices, dictionary);
        break;
      }
      const dict = new Map<string, number>();
      for (let j = 0; j < rows.length; j++) {
        const v = values[j];
        if (typeof v !== 'string') continue;
        let id = dict.get(v);
        if (id === undefined) {
          id = dict.size;
          dict.set(v, id);
        }
        indices[rows[j]!] = id;
      }
      data = makeDictionaryData(length, nullCount, valid, indices, [...dict.keys()]);
      break;
    }
    case 'number': {
      const out = new Float64Array(length);
      for (let j = 0; j < rows.length; j++) {
        const v = values[j];
        if (typeof v === 'number') out[rows[j]!] = v;
      }
      data = A.makeData({ type: new A.Float64(), length, nullCount, nullBitmap: valid, data: out });
      break;
    }
    case 'boolean': {
      const bits = newBitmap(length);
      for (let j = 0; j < rows.length; j++) if (values[j] === true) setBit(bits, rows[j]!);
      data = A.makeData({ type: new A.Bool(), length, nullCount, nullBitmap: valid, data: bits });
      break;
    }
    case 'json': {
      const texts: (string | null)[] = new Array(length).fill(null);
      for (let j = 0; j < rows.length; j++) {
        const v = values[j];
        if (v !== null && v !== undefined) texts[rows[j]!] = JSON.stringify(v);
      }
      data = utf8Data(texts);
      break;
    }
  }
  return toIpc(kind, length, data, nullBits);
}

/** encodeColumn of packed values (a string, number or boolean column): the same bytes, no JS value per row. */
function encodePacked(length: number, rows: readonly number[] | Int32Array, p: PackedValues, kind: ColumnKind): Uint8Array {
  // One pass per column: the validity bits, the null bits and the values are set in the
  // same loop (each row is a random write, and a second pass over rows and tags cost a
  // third of the encode: decision 0034). In a string column every present value is a
  // string, in a number column a number, in a boolean column a boolean (inferKind).
  const valid = newBitmap(length);
  const { tags, nums } = p;
  const n = rows.length;
  let nullBits: Uint8Array | null = null;
  let validCount = 0;
  let data: AT.Data;
  if (kind === 'string') {
    const indices = indexArray(length, p.utf8 ? p.utf8.offsets.length - 1 : p.dictionary.length);
    for (let j = 0; j < n; j++) {
      const tag = tags[j]!;
      const r = rows[j]!;
      if (tag === ValueTag.String) {
        valid[r >> 3]! |= 1 << (r & 7);
        validCount++;
        indices[r] = nums[j]!;
      } else if (tag === ValueTag.Null) setBit((nullBits ??= newBitmap(length)), r);
    }
    data = p.utf8
      ? utf8DictionaryData(length, length - validCount, valid, indices, p.utf8)
      : makeDictionaryData(length, length - validCount, valid, indices, p.dictionary);
  } else if (kind === 'number') {
    const out = new Float64Array(length);
    for (let j = 0; j < n; j++) {
      const tag = tags[j]!;
      const r = rows[j]!;
      if (tag === ValueTag.Number) {
        valid[r >> 3]! |= 1 << (r & 7);
        validCount++;
        out[r] = nums[j]!;
      } else if (tag === ValueTag.Null) setBit((nullBits ??= newBitmap(length)), r);
    }
    data = A.makeData({ type: new A.Float64(), length, nullCount: length - validCount, nullBitmap: valid, data: out });
  } else {
    const bits = newBitmap(length);
    for (let j = 0; j < n; j++) {
      const tag = tags[j]!;
      const r = rows[j]!;
      if (tag === ValueTag.True || tag === ValueTag.False) {
        valid[r >> 3]! |= 1 << (r & 7);
        validCount++;
        if (tag === ValueTag.True) bits[r >> 3]! |= 1 << (r & 7);
      } else if (tag === ValueTag.Null) setBit((nullBits ??= newBitmap(length)), r);
    }
    data = A.makeData({ type: new A.Bool(), length, nullCount: length - validCount, nullBitmap: valid, data: bits });
  }
  return toIpc(kind, length, data, nullBits);
}

/**
 * encodeColumn of packed values in a JSON-kind column: each value's JSON text, as the
 * values path writes it (JSON.stringify of the value), straight into UTF-8 bytes: a
 * string's text is made and encoded once per dictionary entry, a number's is its
 * String(). The values path made a JS value and a string per row and joined them (a
 * mixed-type key such as a price on 40% of events was ~0.6 s of a 5M import).
 */
function encodePackedJson(length: number, rows: readonly number[] | Int32Array, p: PackedValues): Uint8Array {
  const { tags, nums, dictionary, json } = p;
  const n = rows.length;
  /** Per value: its text's UTF-8 bytes, or (numbers) its text, which is ASCII. */
  const parts: Array<Uint8Array | string | undefined> = new Array(n);
  const ofString: Array<Uint8Array | undefined> = [];
  // Each row's byte length first (at r + 1), summed into offsets below.
  const offsets = new Int32Array(length + 1);
  const validBits = newBitmap(length);
  let nullBits: Uint8Array | null = null;
  let validCount = 0;
  for (let j = 0; j < n; j++) {
    const tag = tags[j]!;
    const r = rows[j]!;
    let part: Uint8Array | string;
    switch (tag) {
      case ValueTag.String: {
        const id = nums[j]!;
        part = ofString[id] ??= encoder.encode(JSON.stringify(dictionary[id]!));
        break;
      }
      case ValueTag.Number: {
        const x = nums[j]!;
        part = Number.isFinite(x) ? String(x) : 'null';
        break;
      }
      case ValueTag.True:
        part = 'true';
        break;
      case ValueTag.False:
        part = 'false';
        break;
      case ValueTag.Json:
        // The import's packer stores JSON.stringify's text, which this gives back as it is;
        // parsed and written again all the same, as the values path does, for any other text.
        part = encoder.encode(JSON.stringify(JSON.parse(json[nums[j]!]!)));
        break;
      case ValueTag.Null:
        setBit((nullBits ??= newBitmap(length)), r);
        continue;
      default:
        continue;
    }
    parts[j] = part;
    offsets[r + 1] = part.length;
    validBits[r >> 3]! |= 1 << (r & 7);
    validCount++;
  }
  for (let r = 0; r < length; r++) offsets[r + 1] = offsets[r + 1]! + offsets[r]!;
  // As utf8Data gives it: a validity bitmap only when some row has no text.
  const valid = validCount < length ? validBits : null;
  const bytes = new Uint8Array(offsets[length]!);
  for (let j = 0; j < n; j++) {
    const part = parts[j];
    if (part === undefined) continue;
    const at = offsets[rows[j]!]!;
    if (typeof part === 'string') for (let k = 0; k < part.length; k++) bytes[at + k] = part.charCodeAt(k);
    else if (part.length > 32) bytes.set(part, at);
    else for (let k = 0; k < part.length; k++) bytes[at + k] = part[k]!;
  }
  return toIpc('json', length, utf8DataOf({ offsets, bytes, nulls: length - validCount, valid }), nullBits);
}

/** Encode an already-dictionary-encoded string column (used for event names). */
export function encodeDictionary(indices: Int32Array, dictionary: string[]): Uint8Array {
  const valid = newBitmap(indices.length);
  valid.fill(255);
  return toIpc('string', indices.length, makeDictionaryData(indices.length, 0, valid, indices, dictionary), null);
}

/** Encode a plain numeric column with no missing values (time, user numbers). */
export function encodeDense(values: Float64Array | Int32Array): Uint8Array {
  const type = values instanceof Int32Array ? new A.Int32() : new A.Float64();
  const data = A.makeData({ type, length: values.length, nullCount: 0, data: values } as never) as AT.Data;
  return toIpc('number', values.length, data, null);
}

function makeDictionaryData(length: number, nullCount: number, valid: Uint8Array, indices: DictionaryIndices, dictionary: string[]): AT.Data {
  return utf8DictionaryData(length, nullCount, valid, indices, utf8Texts(dictionary));
}

/**
 * Dictionary-encoded string data over a dictionary already in UTF-8 (the one place both
 * kinds of dictionary become Arrow data). The indices are written as narrow as the
 * dictionary allows (indexArray). Most property columns hold a few distinct values, so
 * their files are a quarter of the size, and a query reads them in place
 * (column.ts DictionaryIndices).
 */
function utf8DictionaryData(length: number, nullCount: number, valid: Uint8Array, indices: DictionaryIndices, dictionary: Utf8Texts): AT.Data {
  const dictVector = A.makeVector(utf8DataOf(dictionary));
  const data = fitIndices(indices, dictionary.offsets.length - 1);
  const index = data instanceof Int8Array ? new A.Int8() : data instanceof Int16Array ? new A.Int16() : new A.Int32();
  const type = new A.Dictionary(new A.Utf8(), index, 0);
  return A.makeData({ type, length, nullCount, nullBitmap: valid, data, dictionary: dictVector } as never) as AT.Data;
}

/**
 * The index array type for a dictionary of `entries`: signed (as Arrow prefers) and as
 * narrow as the entries allow: Int8 up to 127, Int16 up to 32,767, else Int32.
 */
function indexType(entries: number): Int8ArrayConstructor | Int16ArrayConstructor | Int32ArrayConstructor {
  return entries <= 0x7f ? Int8Array : entries <= 0x7fff ? Int16Array : Int32Array;
}

/** Zeroed indices for `length` rows into a dictionary of `entries` (indexType's width). */
export function indexArray(length: number, entries: number): DictionaryIndices {
  return new (indexType(entries))(length);
}

/** `indices` in indexType's width for `entries` (itself when it already is). */
function fitIndices(indices: DictionaryIndices, entries: number): DictionaryIndices {
  const T = indexType(entries);
  return indices instanceof T ? indices : new T(indices);
}

const encoder = new TextEncoder();
/** utf8Data encodes the texts this many at a time: joined, and at once when ASCII. */
const JOIN_CHUNK = 4096;

/**
 * Utf8 Arrow data built directly (offsets + one byte buffer) rather than through
 * Arrow's row-wise builder. The texts are joined a chunk at a time and a chunk that is
 * ASCII (the usual case: ids, names) is encoded in one native call; a chunk with any
 * other character is encoded text by text. Chunks, not the whole column: a day's
 * `$insert_id` dictionary (~700k texts) joined at once was a copy as large as its bytes
 * at a write's peak, and text by text it was a per-character loop in JS (~1.6 s of a 5M
 * import). Same bytes either way.
 */
export function utf8Data(texts: readonly (string | null)[]): AT.Data<AT.Utf8> {
  return utf8DataOf(utf8Texts(texts));
}

/** The texts in UTF-8 (utf8Data's encoding, before it becomes Arrow data). */
function utf8Texts(texts: readonly (string | null)[]): Utf8Texts {
  const n = texts.length;
  const offsets = new Int32Array(n + 1);
  let nulls = 0;
  let valid: Uint8Array | null = null;
  let units = 0;
  for (let i = 0; i < n; i++) {
    const t = texts[i];
    if (t === null) nulls++;
    else units += t.length;
  }
  if (nulls > 0) {
    valid = newBitmap(n);
    for (let i = 0; i < n; i++) if (texts[i] !== null) setBit(valid, i);
  }
  // Sized for ASCII (a byte per code unit); grown if a chunk has other characters.
  let bytes = new Uint8Array(units);
  let at = 0;
  const room = (need: number) => {
    if (at + need <= bytes.length) return;
    const grown = new Uint8Array(Math.max(at + need, Math.ceil(bytes.length * 1.5)));
    grown.set(bytes.subarray(0, at));
    bytes = grown;
  };
  for (let s = 0; s < n; s += JOIN_CHUNK) {
    const e = Math.min(n, s + JOIN_CHUNK);
    // join writes null as ''.
    const joined = texts.slice(s, e).join('');
    // ASCII exactly when every code unit became one byte (any other takes 2-4 bytes for
    // 1-2 units, so the encoder stops short of the room or writes more than it read).
    room(joined.length);
    const { read, written } = encoder.encodeInto(joined, bytes.subarray(at, at + joined.length));
    if (read === joined.length && written === joined.length) {
      for (let i = s; i < e; i++) offsets[i + 1] = at += texts[i]?.length ?? 0;
      continue;
    }
    for (let i = s; i < e; i++) {
      const t = texts[i] ?? '';
      const len = utf8Length(t);
      room(len);
      if (len === t.length) for (let k = 0; k < len; k++) bytes[at + k] = t.charCodeAt(k);
      else encoder.encodeInto(t, bytes.subarray(at, at + len));
      offsets[i + 1] = at += len;
    }
  }
  if (at !== bytes.length) bytes = bytes.slice(0, at);
  return { offsets, bytes, nulls, valid };
}

/**
 * Texts already in UTF-8: row i is bytes[offsets[i]..offsets[i+1]); `valid` (null when
 * `nulls` is 0) has a bit per row that has a text. What utf8Data builds from strings.
 */
export interface Utf8Texts {
  offsets: Int32Array;
  bytes: Uint8Array;
  nulls: number;
  valid: Uint8Array | null;
}

function utf8DataOf(t: Utf8Texts): AT.Data<AT.Utf8> {
  const length = t.offsets.length - 1;
  return A.makeData({ type: new A.Utf8(), length, nullCount: t.nulls, nullBitmap: t.valid ?? undefined, valueOffsets: t.offsets, data: t.bytes });
}

/**
 * A string column from UTF-8 bytes: what encodeColumn writes for `kind` 'string' when
 * the dictionary (in order of first appearance, no nulls) and each row's index are
 * known. `valid`: rows with a string; `nullBits`: rows holding JSON null (or null).
 */
export function encodeStringIndices(
  length: number,
  validCount: number,
  valid: Uint8Array,
  nullBits: Uint8Array | null,
  indices: Int32Array,
  dictionary: Utf8Texts,
): Uint8Array {
  return toIpc('string', length, utf8DictionaryData(length, length - validCount, valid, indices, dictionary), nullBits);
}

/** A JSON-kind column from its texts in UTF-8 (what encodeColumn writes for `kind` 'json'). */
export function encodeJsonTexts(texts: Utf8Texts, nullBits: Uint8Array | null): Uint8Array {
  return toIpc('json', texts.offsets.length - 1, utf8DataOf(texts), nullBits);
}

/** Bytes of `s` in UTF-8 as TextEncoder writes it (a lone surrogate becomes U+FFFD, 3 bytes). */
export function utf8Length(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x80) n += 1;
    else if (c < 0x800) n += 2;
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length && (s.charCodeAt(i + 1) & 0xfc00) === 0xdc00) {
      n += 4;
      i++;
    } else n += 3;
  }
  return n;
}

function toIpc(kind: ColumnKind, length: number, v: AT.Data, nullBits: Uint8Array | null): Uint8Array {
  const fields = [new A.Field('v', v.type, true)];
  const children: AT.Data[] = [v];
  if (nullBits !== null) {
    fields.push(new A.Field('n', new A.Bool(), false));
    children.push(A.makeData({ type: new A.Bool(), length, nullCount: 0, data: nullBits }));
  }
  const schema = new A.Schema(fields, new Map([['quarry.kind', kind]]));
  const struct = A.makeData({ type: new A.Struct(fields), length, nullCount: 0, children });
  return A.tableToIPC(new A.Table([new A.RecordBatch(schema, struct)]), 'file');
}

/** Read a column file's bytes back into the in-memory column model. */
export function decodeColumn(bytes: Uint8Array): Column {
  const raw = readColumnFile(bytes);
  const v = raw?.fields.get('v');
  if (raw === null || v === undefined || (raw.fields.size === 2 && !raw.fields.has('n')) || raw.fields.size > 2) return decodeColumnWithArrow(bytes);
  const kind = (raw.kind ?? 'string') as ColumnKind;
  const n = raw.fields.get('n');
  if (n !== undefined && n.type !== 'bool') return decodeColumnWithArrow(bytes);
  const length = v.length;
  const present = v.nullCount === 0 ? null : v.validity.length > 0 ? v.validity : allSet(length);
  const nulls = n === undefined ? null : (n.values as Uint8Array);
  switch (kind) {
    case 'string':
      // A plain Utf8 string column is rare (quarry writes dictionaries): apache-arrow reads it.
      if (v.type !== 'dictionary' || v.dictionary === null) return decodeColumnWithArrow(bytes);
      return {
        kind,
        length,
        present,
        nulls,
        indices: exact(v.values as DictionaryIndices, length),
        dictionary: decodeUtf8(v.dictionary),
      } satisfies StringColumn;
    case 'number':
      if (v.type === 'float64') return { kind, length, present, nulls, values: exact(v.values as Float64Array, length) };
      if (v.type === 'int32') return { kind, length, present, nulls, values: Float64Array.from(exact(v.values as Int32Array, length)) };
      return decodeColumnWithArrow(bytes);
    case 'boolean':
      if (v.type !== 'bool') return decodeColumnWithArrow(bytes);
      return { kind, length, present, nulls, values: v.values as Uint8Array };
    case 'json':
      if (v.type !== 'utf8') return decodeColumnWithArrow(bytes);
      return lazyJsonColumn({ length, valueOffsets: v.valueOffsets!, values: v.values as Uint8Array }, length, present, nulls);
    default:
      return decodeColumnWithArrow(bytes);
  }
}

/** decodeColumn through apache-arrow's reader: files the direct reader (ipc-read.ts) does not take. */
export function decodeColumnWithArrow(bytes: Uint8Array): Column {
  const table = A.tableFromIPC(bytes);
  const kind = (table.schema.metadata.get('quarry.kind') ?? 'string') as ColumnKind;
  const v = single(table.getChild('v')!);
  const n = table.getChild('n');
  const length = v.length;
  const present = v.nullCount === 0 ? null : bitmapOf(v);
  const nulls = n === null ? null : (single(n).values as Uint8Array);
  switch (kind) {
    case 'string': {
      if (A.DataType.isDictionary(v.type)) {
        const d = v.dictionary!.data[0]!;
        const dictionary =
          v.dictionary!.data.length === 1 && d.offset === 0 ? decodeUtf8(d) : (v.dictionary!.toArray() as (string | null)[]).map((s) => s ?? '');
        return { kind, length, present, nulls, indices: signedIndices(v.values, length), dictionary } satisfies StringColumn;
      }
      // A plain Utf8 column: present it as a dictionary of itself.
      const texts = new A.Vector([v]).toArray() as (string | null)[];
      return { kind, length, present, nulls, indices: Int32Array.from(texts.keys()), dictionary: texts.map((s) => s ?? '') };
    }
    case 'number': {
      const values = v.values instanceof Float64Array ? exact(v.values, length) : Float64Array.from(exact(v.values as Int32Array, length));
      return { kind, length, present, nulls, values };
    }
    case 'boolean':
      return { kind, length, present, nulls, values: v.values as Uint8Array };
    case 'json':
      return lazyJsonColumn(v as RawUtf8, length, present, nulls);
  }
}

/**
 * A JSON-kind column whose texts are decoded on first access, in one pass; rows without a
 * value are null (not sliced at all: a mixed-type key is often on a few rows of many).
 * Until then kernels read `raw` (q2's `amount > 10` compares numbers straight from the
 * bytes and never decodes a text).
 */
function lazyJsonColumn(v: RawUtf8, length: number, present: Uint8Array | null, nulls: Uint8Array | null): JsonColumn {
  let texts: (string | null)[] | undefined;
  return {
    kind: 'json',
    length,
    present,
    nulls,
    parsed: null,
    raw: { offsets: v.valueOffsets as Int32Array, bytes: v.values as Uint8Array },
    get texts() {
      return (texts ??= decodeUtf8(v, present));
    },
    set texts(t) {
      texts = t;
    },
  };
}

const decoder = new TextDecoder();

/**
 * The strings of a Utf8 Arrow data, decoded at once: one TextDecoder call for the
 * whole buffer and substrings by offset when it is ASCII (the common case for ids and
 * names), per-string decoding otherwise. Nulls become ''.
 */
export function decodeUtf8(d: RawUtf8): string[];
/** With `present`: only the rows whose bit is set are decoded; the others are null. */
export function decodeUtf8(d: RawUtf8, present: Uint8Array | null): (string | null)[];
export function decodeUtf8(d: RawUtf8, present: Uint8Array | null = null): (string | null)[] {
  const offsets = d.valueOffsets;
  const bytes = d.values;
  const n = d.length;
  const out = new Array<string | null>(n);
  if (present !== null) out.fill(null);
  const has = (i: number) => present === null || ((present[i >> 3]! >> (i & 7)) & 1) === 1;
  const start = offsets[0]!;
  const end = offsets[n]!;
  let ascii = true;
  for (let i = start; i < end; i++) {
    if (bytes[i]! >= 0x80) {
      ascii = false;
      break;
    }
  }
  if (ascii) {
    const all = decoder.decode(bytes.subarray(start, end));
    for (let i = 0; i < n; i++) if (has(i)) out[i] = all.slice(offsets[i]! - start, offsets[i + 1]! - start);
  } else {
    for (let i = 0; i < n; i++) if (has(i)) out[i] = decoder.decode(bytes.subarray(offsets[i]!, offsets[i + 1]!));
  }
  return out;
}

/** The values of a dense numeric column file (time, user numbers). */
export function decodeDense(bytes: Uint8Array): Float64Array | Int32Array {
  const v = readColumnFile(bytes)?.fields.get('v');
  if (v !== undefined && v.nullCount === 0 && (v.type === 'float64' || v.type === 'int32')) return exact(v.values as Float64Array | Int32Array, v.length);
  return decodeDenseWithArrow(bytes);
}

/** decodeDense through apache-arrow's reader. */
export function decodeDenseWithArrow(bytes: Uint8Array): Float64Array | Int32Array {
  const table = A.tableFromIPC(bytes);
  const v = single(table.getChild('v')!);
  return exact(v.values as Float64Array | Int32Array, v.length);
}

/**
 * The first `length` values. Arrow pads buffers to 8 bytes, so the typed array read
 * from a file can be longer than the column (an Int32 column of 7 rows comes back
 * with 8 values); callers use `.length`.
 */
function exact<T extends Float64Array | DictionaryIndices>(values: T, length: number): T {
  return (values.length === length ? values : values.subarray(0, length)) as T;
}

/**
 * A dictionary's indices as one of the widths queries read (DictionaryIndices). quarry
 * writes signed Int8/16/32; another writer's unsigned or 64-bit indices are copied to Int32.
 */
function signedIndices(values: unknown, length: number): DictionaryIndices {
  if (values instanceof Int8Array || values instanceof Int16Array || values instanceof Int32Array) return exact(values, length);
  return Int32Array.from(values as ArrayLike<number | bigint> as ArrayLike<number>, (x) => Number(x)).subarray(0, length);
}

function single(vector: AT.Vector): AT.Data {
  if (vector.data.length === 1 && vector.data[0]!.offset === 0) return vector.data[0]!;
  // Files quarry writes hold one batch; anything else is concatenated once here.
  const merged = A.makeVector(vector.toArray());
  return merged.data[0]!;
}

function bitmapOf(d: AT.Data): Uint8Array {
  if (d.nullBitmap && d.nullBitmap.length > 0) return d.nullBitmap;
  return allSet(d.length);
}

/** A bitmap with every bit set (a column with no nulls; a file whose bitmap is missing). */
export function allSet(length: number): Uint8Array {
  const bm = newBitmap(length);
  bm.fill(255);
  return bm;
}
