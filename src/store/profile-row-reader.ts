/**
 * Rows of a stored profile table read one at a time, for an importer updating it.
 * `ProfileTable.column` decodes a whole column (every dictionary string, every JSON
 * text, and the parsed values as they are read) and keeps it: an update import reads
 * each row about once, in any order, so holding all columns decoded cost more than
 * the profiles being imported (1.19M profiles updated peaked at 1.8 GB). Here a column
 * stays its file's bytes and a value is decoded when asked for, never cached.
 *
 * Values equal `valueAt(table.column(key), row)`, decoded the same way (decodeUtf8:
 * ASCII by slicing, other text by TextDecoder); a file the direct reader does not take
 * is decoded whole, as before.
 */
import { bitAt, type Column, type DictionaryIndices, valueAt } from './column.js';
import { decodeColumn } from './column-codec.js';
import { type RawField, readColumnFile } from './ipc-read.js';
import type { ProfileTable } from './profiles.js';
import { propertyBag } from './property-bag.js';

interface RawColumn {
  kind: 'string' | 'number' | 'boolean' | 'json';
  present: Uint8Array | null;
  nulls: Uint8Array | null;
  v: RawField;
  /** Dictionary (string) or text (json) bytes and offsets. */
  offsets: Int32Array;
  bytes: Uint8Array;
}

const decoder = new TextDecoder();

/** Text of bytes[start..end), as decodeUtf8 decodes it. */
function textAt(bytes: Uint8Array, start: number, end: number): string {
  for (let i = start; i < end; i++) if (bytes[i]! >= 0x80) return decoder.decode(bytes.subarray(start, end));
  return Buffer.from(bytes.buffer, bytes.byteOffset + start, end - start).toString('latin1');
}

export class ProfileRowReader {
  private readonly table: ProfileTable;
  private readonly columns = new Map<string, RawColumn | Column | undefined>();
  private readonly keys: string[];

  constructor(table: ProfileTable) {
    this.table = table;
    this.keys = table.keys();
  }

  /** Properties of `row` as a fresh bag, keys in the table's order (as ProfileTable.propertiesAt). */
  propertiesAt(row: number): Record<string, unknown> {
    const out = propertyBag();
    for (const k of this.keys) {
      const v = this.valueAt(k, row);
      if (v !== undefined) out[k] = v;
    }
    return out;
  }

  valueAt(key: string, row: number): unknown {
    const c = this.column(key);
    if (c === undefined) return undefined;
    if (!('v' in c)) return valueAt(c, row);
    if (c.present !== null && bitAt(c.present, row) === 0) return c.nulls !== null && bitAt(c.nulls, row) === 1 ? null : undefined;
    switch (c.kind) {
      case 'string': {
        const id = (c.v.values as DictionaryIndices)[row]!;
        return textAt(c.bytes, c.offsets[id]!, c.offsets[id + 1]!);
      }
      case 'number':
        return c.v.values[row]!;
      case 'boolean':
        return bitAt(c.v.values as Uint8Array, row) === 1;
      case 'json':
        return JSON.parse(textAt(c.bytes, c.offsets[row]!, c.offsets[row + 1]!));
    }
  }

  /** Let go of a column's bytes (a writer done with it; read again if asked). */
  forget(key: string): void {
    this.columns.delete(key);
    this.table.forget(key);
  }

  private column(key: string): RawColumn | Column | undefined {
    if (this.columns.has(key)) return this.columns.get(key);
    const c = this.open(key);
    this.columns.set(key, c);
    return c;
  }

  /** The column's raw views when the direct reader takes the file as decodeColumn does; else the decoded column. */
  private open(key: string): RawColumn | Column | undefined {
    const file = this.table.fileOf(key);
    if (file === undefined) return undefined;
    const bytes = this.table.readFile(file);
    const raw = readColumnFile(bytes);
    const v = raw?.fields.get('v');
    const n = raw?.fields.get('n');
    const decoded = () => decodeColumn(bytes);
    if (raw === null || raw === undefined || v === undefined || (raw.fields.size === 2 && n === undefined) || raw.fields.size > 2) return decoded();
    if (n !== undefined && n.type !== 'bool') return decoded();
    const kind = (raw.kind ?? 'string') as RawColumn['kind'];
    const present = v.nullCount === 0 || v.validity.length === 0 ? null : v.validity;
    if (v.nullCount !== 0 && v.validity.length === 0) return decoded(); // all rows set, written oddly: rare, decode
    const nulls = n === undefined ? null : (n.values as Uint8Array);
    const base = { kind, present, nulls, v };
    switch (kind) {
      case 'string':
        if (v.type !== 'dictionary' || v.dictionary === null) return decoded();
        return { ...base, offsets: v.dictionary.valueOffsets, bytes: v.dictionary.values };
      case 'number':
        return v.type === 'float64' || v.type === 'int32' ? { ...base, offsets: EMPTY, bytes: NO_BYTES } : decoded();
      case 'boolean':
        return v.type === 'bool' ? { ...base, offsets: EMPTY, bytes: NO_BYTES } : decoded();
      case 'json':
        return v.type === 'utf8' && v.valueOffsets !== null ? { ...base, offsets: v.valueOffsets, bytes: v.values as Uint8Array } : decoded();
      default:
        return decoded();
    }
  }
}

const EMPTY = new Int32Array(0);
const NO_BYTES = new Uint8Array(0);
