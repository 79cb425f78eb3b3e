/**
 * A direct reader for the column files quarry writes (column-codec.ts): one Arrow IPC
 * file with at most one dictionary batch and one record batch, fields `v` and
 * optionally `n`. It walks the file's flatbuffers (footer, schema, batch headers) and
 * views the body's buffers in place. apache-arrow's reader builds a Table, schema
 * objects, visitors and vectors per file; for a query that opens 180 small files that
 * machinery cost more than the bytes (profile in docs/benchmarks.md, decision 0023).
 *
 * It reads only what it understands. Anything else (compression, several batches,
 * delta dictionaries, big-endian, other types) gives null and the caller reads the
 * file with apache-arrow, so files from elsewhere still read. The property test
 * (test/unit/store/ipc-read.test.ts) compares both readers on random columns.
 */

/** One Utf8 array: row i's bytes are bytes[offsets[i]..offsets[i+1]). */
export interface RawUtf8 {
  length: number;
  valueOffsets: Int32Array;
  values: Uint8Array;
}

export type RawType = 'utf8' | 'dictionary' | 'float64' | 'int32' | 'bool';

/** One top-level field's data, as views into the file's bytes. */
export interface RawField {
  type: RawType;
  length: number;
  nullCount: number;
  /** Arrow validity bitmap (empty when the writer left it out). */
  validity: Uint8Array;
  /** Values: Int8/Int16/Int32 dictionary indices, Float64/Int32 numbers, bit-packed booleans, or Utf8 bytes. */
  values: Float64Array | Int32Array | Int16Array | Int8Array | Uint8Array;
  /** Utf8 only. */
  valueOffsets: Int32Array | null;
  /** Dictionary only: the dictionary's strings. */
  dictionary: RawUtf8 | null;
}

export interface RawColumnFile {
  /** The schema's `quarry.kind` metadata. */
  kind: string | undefined;
  fields: Map<string, RawField>;
}

// Flatbuffers enums of Arrow's format (Message.fbs / Schema.fbs).
const HEADER_DICTIONARY_BATCH = 2;
const HEADER_RECORD_BATCH = 3;
const TYPE_INT = 2;
const TYPE_FLOAT = 3;
const TYPE_UTF8 = 5;
const TYPE_BOOL = 6;
const PRECISION_DOUBLE = 2;
const MAGIC = [0x41, 0x52, 0x52, 0x4f, 0x57, 0x31]; // "ARROW1"

/** A field of the schema: its name, type and (for dictionary fields) the dictionary id. */
interface SchemaField {
  name: string;
  type: RawType;
  dictionaryId: number | null;
  /** Dictionary fields: the indices' width in bits (signed). */
  indexBits?: 8 | 16 | 32;
}

/** Unsupported layout: the caller falls back to apache-arrow. */
class Unsupported extends Error {}

/** The file's fields, or null when this reader does not handle the file. */
export function readColumnFile(bytes: Uint8Array): RawColumnFile | null {
  try {
    return read(bytes);
  } catch (e) {
    if (e instanceof Unsupported || e instanceof RangeError) return null;
    throw e;
  }
}

function read(bytes: Uint8Array): RawColumnFile {
  const n = bytes.length;
  if (n < 22) throw new Unsupported();
  for (let i = 0; i < 6; i++) if (bytes[i] !== MAGIC[i] || bytes[n - 6 + i] !== MAGIC[i]) throw new Unsupported();
  const fb = new Flat(bytes);
  const footerLength = fb.i32(n - 10);
  const footerStart = n - 10 - footerLength;
  if (footerLength <= 0 || footerStart < 8) throw new Unsupported();
  const footer = fb.root(footerStart);
  const schema = fb.table(footer, 1);
  if (schema === 0) throw new Unsupported();
  const { fields, kind } = readSchema(fb, schema);
  const dictBlocks = fb.vector(footer, 2);
  const batchBlocks = fb.vector(footer, 3);
  if (batchBlocks === null || batchBlocks.length !== 1) throw new Unsupported();
  const dictIds = fields.filter((f) => f.dictionaryId !== null);
  if (dictIds.length > 1 || (dictBlocks?.length ?? 0) !== dictIds.length) throw new Unsupported();

  let dictionary: RawUtf8 | null = null;
  if (dictIds.length === 1) {
    const { header, body } = message(fb, dictBlocks!.start, HEADER_DICTIONARY_BATCH);
    if (fb.i64(header, 0, 0) !== dictIds[0]!.dictionaryId || fb.bool(header, 2)) throw new Unsupported();
    const batch = fb.table(header, 1);
    const [d] = batchFields(fb, batch, body, [{ name: '', type: 'utf8', dictionaryId: null }]);
    dictionary = { length: d!.length, valueOffsets: d!.valueOffsets!, values: d!.values as Uint8Array };
  }
  const { header, body } = message(fb, batchBlocks.start, HEADER_RECORD_BATCH);
  const data = batchFields(fb, header, body, fields);
  const out = new Map<string, RawField>();
  fields.forEach((f, i) => {
    const d = data[i]!;
    if (f.dictionaryId !== null) d.dictionary = dictionary;
    out.set(f.name, d);
  });
  return { kind, fields: out };
}

function readSchema(fb: Flat, schema: number): { fields: SchemaField[]; kind: string | undefined } {
  if (fb.i16(schema, 0, 0) !== 0) throw new Unsupported(); // big-endian
  let kind: string | undefined;
  const meta = fb.vector(schema, 2);
  if (meta !== null) {
    for (let i = 0; i < meta.length; i++) {
      const kv = fb.ref(meta.start + 4 * i);
      if (fb.string(kv, 0) === 'quarry.kind') kind = fb.string(kv, 1);
    }
  }
  const list = fb.vector(schema, 1);
  if (list === null) throw new Unsupported();
  const fields: SchemaField[] = [];
  for (let i = 0; i < list.length; i++) {
    const f = fb.ref(list.start + 4 * i);
    const children = fb.vector(f, 5);
    if (children !== null && children.length > 0) throw new Unsupported();
    const typeType = fb.u8(f, 2);
    const type = fb.table(f, 3);
    const dict = fb.table(f, 4);
    const name = fb.string(f, 0) ?? '';
    if (dict !== 0) {
      const index = fb.table(dict, 1);
      // Arrow's default index type is a signed Int32; quarry writes Int8 and Int16 for small dictionaries.
      const width = index === 0 ? 32 : fb.i32Field(index, 0, 0);
      if (typeType !== TYPE_UTF8 || (width !== 8 && width !== 16 && width !== 32) || (index !== 0 && !fb.bool(index, 1))) throw new Unsupported();
      fields.push({ name, type: 'dictionary', dictionaryId: fb.i64(dict, 0, 0), indexBits: width });
      continue;
    }
    let t: RawType;
    if (typeType === TYPE_UTF8) t = 'utf8';
    else if (typeType === TYPE_BOOL) t = 'bool';
    else if (typeType === TYPE_FLOAT && fb.i16(type, 0, 0) === PRECISION_DOUBLE) t = 'float64';
    else if (typeType === TYPE_INT && fb.i32Field(type, 0, 0) === 32 && fb.bool(type, 1)) t = 'int32';
    else throw new Unsupported();
    fields.push({ name, type: t, dictionaryId: null });
  }
  return { fields, kind };
}

/** The message a footer Block at `block` points to: its header table and body start. */
function message(fb: Flat, block: number, headerType: number): { header: number; body: number } {
  const offset = fb.i64At(block);
  const metaLength = fb.i32(block + 8);
  // Since Arrow 0.15 a message starts with 0xFFFFFFFF, then its length.
  const start = fb.i32(offset) === -1 ? offset + 8 : offset + 4;
  const msg = fb.root(start);
  if (fb.u8(msg, 1) !== headerType) throw new Unsupported();
  const header = fb.table(msg, 2);
  if (header === 0) throw new Unsupported();
  return { header, body: offset + metaLength };
}

/** The fields' data of a RecordBatch table, in schema order. */
function batchFields(fb: Flat, batch: number, body: number, fields: SchemaField[]): RawField[] {
  if (fb.table(batch, 3) !== 0) throw new Unsupported(); // compressed bodies
  const nodes = fb.vector(batch, 1);
  const buffers = fb.vector(batch, 2);
  if (nodes === null || buffers === null || nodes.length !== fields.length) throw new Unsupported();
  let b = 0;
  const buffer = (): { at: number; length: number } => {
    if (b >= buffers.length) throw new Unsupported();
    const p = buffers.start + 16 * b++;
    return { at: body + fb.i64At(p), length: fb.i64At(p + 8) };
  };
  return fields.map((f, i) => {
    const length = fb.i64At(nodes.start + 16 * i);
    const nullCount = fb.i64At(nodes.start + 16 * i + 8);
    const validity = fb.view(buffer(), 1) as Uint8Array;
    let values: RawField['values'];
    let valueOffsets: Int32Array | null = null;
    switch (f.type) {
      case 'utf8':
        valueOffsets = fb.view(buffer(), 4) as Int32Array;
        values = fb.view(buffer(), 1) as Uint8Array;
        if (valueOffsets.length < length + 1 || valueOffsets[length]! > values.length) throw new Unsupported();
        break;
      case 'dictionary':
        values = fb.view(buffer(), ((f.indexBits ?? 32) / 8) as 1 | 2 | 4, true);
        break;
      case 'int32':
        values = fb.view(buffer(), 4) as Int32Array;
        break;
      case 'float64':
        values = fb.view(buffer(), 8) as Float64Array;
        break;
      case 'bool':
        values = fb.view(buffer(), 1) as Uint8Array;
        break;
    }
    if (f.type !== 'bool' && f.type !== 'utf8' && values.length < length) throw new Unsupported();
    return { type: f.type, length, nullCount, validity, values, valueOffsets, dictionary: null };
  });
}

/** Flatbuffers tables over the file's bytes, by absolute position (little-endian). */
class Flat {
  private readonly dv: DataView;
  constructor(private readonly bytes: Uint8Array) {
    this.dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }
  i32(p: number): number {
    return this.dv.getInt32(p, true);
  }
  /** A 64-bit integer that must fit a double exactly (sizes and offsets). */
  i64At(p: number): number {
    const hi = this.dv.getInt32(p + 4, true);
    if (hi < 0 || hi > 0x1fffff) throw new Unsupported();
    return hi * 2 ** 32 + this.dv.getUint32(p, true);
  }
  ref(p: number): number {
    return p + this.dv.getUint32(p, true);
  }
  root(start: number): number {
    return this.ref(start);
  }
  /** Absolute position of field `i` of the table at `t`, or 0 when absent. */
  private field(t: number, i: number): number {
    const vt = t - this.dv.getInt32(t, true);
    const slot = 4 + 2 * i;
    if (slot >= this.dv.getUint16(vt, true)) return 0;
    const o = this.dv.getUint16(vt + slot, true);
    return o === 0 ? 0 : t + o;
  }
  table(t: number, i: number): number {
    const p = this.field(t, i);
    return p === 0 ? 0 : this.ref(p);
  }
  vector(t: number, i: number): { start: number; length: number } | null {
    const v = this.table(t, i);
    return v === 0 ? null : { start: v + 4, length: this.dv.getUint32(v, true) };
  }
  string(t: number, i: number): string | undefined {
    const v = this.table(t, i);
    if (v === 0) return undefined;
    const len = this.dv.getUint32(v, true);
    return Buffer.from(this.bytes.buffer, this.bytes.byteOffset + v + 4, len).toString('utf8');
  }
  u8(t: number, i: number): number {
    const p = this.field(t, i);
    return p === 0 ? 0 : this.dv.getUint8(p);
  }
  bool(t: number, i: number): boolean {
    return this.u8(t, i) !== 0;
  }
  i16(t: number, i: number, dflt: number): number {
    const p = this.field(t, i);
    return p === 0 ? dflt : this.dv.getInt16(p, true);
  }
  i32Field(t: number, i: number, dflt: number): number {
    const p = this.field(t, i);
    return p === 0 ? dflt : this.dv.getInt32(p, true);
  }
  i64(t: number, i: number, dflt: number): number {
    const p = this.field(t, i);
    return p === 0 ? dflt : this.i64At(p);
  }
  /**
   * A typed view of a body buffer, `width`-byte elements (signed when `signed`: Int8/Int16
   * dictionary indices); copied when the file's bytes are not aligned for it.
   */
  view(buf: { at: number; length: number }, width: 1 | 2 | 4 | 8, signed = false): Uint8Array | Int8Array | Int16Array | Int32Array | Float64Array {
    const { at, length } = buf;
    if (at < 0 || at + length > this.bytes.length) throw new Unsupported();
    const abs = this.bytes.byteOffset + at;
    const count = Math.floor(length / width);
    if (abs % width === 0) return typedView(this.bytes.buffer, abs, count, width, signed);
    // A copy (a Buffer's own slice() would be a view of the same, unaligned memory).
    return typedView(Uint8Array.prototype.slice.call(this.bytes, at, at + count * width).buffer, 0, count, width, signed);
  }
}

/** `count` elements of `width` bytes at `offset` (signed when `signed`, for Int8 indices). */
function typedView(buffer: ArrayBufferLike, offset: number, count: number, width: 1 | 2 | 4 | 8, signed: boolean) {
  switch (width) {
    case 1:
      return signed ? new Int8Array(buffer, offset, count) : new Uint8Array(buffer, offset, count);
    case 2:
      return new Int16Array(buffer, offset, count);
    case 4:
      return new Int32Array(buffer, offset, count);
    case 8:
      return new Float64Array(buffer, offset, count);
  }
}
