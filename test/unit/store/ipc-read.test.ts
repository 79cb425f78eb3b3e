/**
 * The direct column-file reader (ipc-read.ts) against apache-arrow's: every column
 * quarry writes decodes to the same column either way, and files it does not take
 * fall back to apache-arrow instead of being misread.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Arrow as A } from '../../../src/store/arrow.js';
import type { Column } from '../../../src/store/column.js';
import {
  decodeColumn,
  decodeColumnWithArrow,
  decodeDense,
  decodeDenseWithArrow,
  encodeColumn,
  encodeDense,
  encodeDictionary,
} from '../../../src/store/column-codec.js';
import { readColumnFile } from '../../../src/store/ipc-read.js';
import { sparseOf } from '../../helpers/sparse.js';

/** A column as plain data: typed arrays as arrays, a JSON column by its texts. */
function plain(c: Column): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(c)) {
    if (k === 'raw' || k === 'parsed') continue;
    out[k] = ArrayBuffer.isView(v) ? Array.from(v as Uint8Array) : v;
  }
  if (c.kind === 'json') {
    out.texts = c.texts;
    const { offsets, bytes } = c.raw!;
    out.raw = Array.from({ length: c.length }, (_, i) => Buffer.from(bytes.subarray(offsets[i]!, offsets[i + 1]!)).toString());
  }
  return out;
}

const scalar = fc.oneof(
  fc.string({ unit: 'grapheme', maxLength: 6 }),
  fc.constantFrom('US', 'FR', ''),
  fc.double({ noNaN: true }),
  fc.integer(),
  fc.boolean(),
  fc.constant(null),
);
const value = fc.oneof({ weight: 4, arbitrary: scalar }, { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 2 }) });
/** One kind of value per column mostly (string, number, boolean), mixed now and then (json). */
const columnArb = fc
  .tuple(fc.constantFrom('string', 'number', 'boolean', 'mixed'), fc.array(fc.option(value, { nil: undefined, freq: 3 }), { maxLength: 70 }))
  .map(([kind, values]) => {
    const pick = (v: unknown) =>
      v === undefined || v === null || kind === 'mixed' ? v : kind === 'string' ? String(v) : kind === 'number' ? (typeof v === 'number' ? v : 1) : Boolean(v);
    return values.map(pick);
  });

describe('direct column-file reader', () => {
  it('decodes every column encodeColumn writes as apache-arrow does', () => {
    fc.assert(
      fc.property(columnArb, (values) => {
        const bytes = encodeColumn(values.length, sparseOf(values));
        expect(readColumnFile(bytes)).not.toBeNull();
        expect(plain(decodeColumn(bytes))).toEqual(plain(decodeColumnWithArrow(bytes)));
      }),
      { numRuns: 300 },
    );
  });

  it('decodes dictionary (names) and dense (time, users) files as apache-arrow does', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom('a', 'b', 'Page View', 'é'), { maxLength: 50 }), fc.array(fc.double(), { maxLength: 50 }), (names, times) => {
        const dictionary = [...new Set(names)];
        const named = encodeDictionary(
          Int32Array.from(names, (n) => dictionary.indexOf(n)),
          dictionary,
        );
        expect(plain(decodeColumn(named))).toEqual(plain(decodeColumnWithArrow(named)));
        const dense = encodeDense(Float64Array.from(times));
        expect(Array.from(decodeDense(dense))).toEqual(Array.from(decodeDenseWithArrow(dense)));
        const users = encodeDense(Int32Array.from(times, (_, i) => i - 3));
        const read = decodeDense(users);
        expect(read).toBeInstanceOf(Int32Array);
        expect(Array.from(read)).toEqual(Array.from(decodeDenseWithArrow(users)));
      }),
      { numRuns: 100 },
    );
  });

  it('writes dictionary indices as narrow as the dictionary allows', () => {
    const widths = [
      [1, Int8Array],
      [127, Int8Array],
      [128, Int16Array],
      [32767, Int16Array],
      [32768, Int32Array],
    ] as const;
    for (const [entries, type] of widths) {
      const dictionary = Array.from({ length: entries }, (_, i) => `v${i}`);
      const indices = Int32Array.from({ length: entries + 3 }, (_, i) => (i * 7919) % entries);
      for (const bytes of [encodeDictionary(indices, dictionary), encodeColumn(indices.length, sparseOf(Array.from(indices, (i) => dictionary[i])))]) {
        const col = decodeColumn(bytes);
        if (col.kind !== 'string') throw new Error('a string column');
        expect(col.indices).toBeInstanceOf(type);
        expect(Array.from(col.indices, (i) => col.dictionary[i])).toEqual(Array.from(indices, (i) => dictionary[i]));
        expect(plain(col)).toEqual(plain(decodeColumnWithArrow(bytes)));
      }
    }
  });

  it('reads dictionary files with Int8, Int16 and Int32 indices (stores written before narrow indices hold Int32)', () => {
    fc.assert(
      fc.property(fc.array(fc.option(fc.constantFrom('a', 'b', 'Page View', 'é', ''), { nil: null, freq: 4 }), { minLength: 1, maxLength: 60 }), (values) => {
        const dictionary = [...new Set(values.filter((v) => v !== null))];
        for (const index of [new A.Int8(), new A.Int16(), new A.Int32()]) {
          const type = new A.Dictionary(new A.Utf8(), index, 0);
          const vector = A.vectorFromArray(values, type);
          const table = new A.Table({ v: vector });
          table.schema.metadata.set('quarry.kind', 'string');
          const bytes = A.tableToIPC(table, 'file');
          expect(readColumnFile(bytes)).not.toBeNull();
          const col = decodeColumn(bytes);
          if (col.kind !== 'string') throw new Error('a string column');
          expect(
            Array.from({ length: values.length }, (_, i) =>
              col.present === null || (col.present[i >> 3]! >> (i & 7)) & 1 ? col.dictionary[col.indices[i]!] : null,
            ),
          ).toEqual(values);
          expect(plain(col)).toEqual(plain(decodeColumnWithArrow(bytes)));
          expect(dictionary.every((d) => col.dictionary.includes(d))).toBe(true);
        }
      }),
      { numRuns: 100 },
    );
  });

  it('reads a file whose bytes are not aligned for its typed arrays', () => {
    const bytes = encodeDense(Float64Array.of(1.5, -2, 3));
    const shifted = new Uint8Array(bytes.length + 1).subarray(1);
    shifted.set(bytes);
    expect(Array.from(decodeDense(shifted))).toEqual([1.5, -2, 3]);
  });

  it('reads a dictionary file from an unaligned Buffer (a copy, not a view of the wrong bytes)', () => {
    const dictionary = Array.from({ length: 300 }, (_, i) => `v${i}`);
    const indices = Int32Array.from({ length: 41 }, (_, i) => (i * 37) % 300);
    const bytes = encodeDictionary(indices, dictionary);
    // A Buffer one byte into a larger one: Int16 indices are not aligned in it.
    const shifted = Buffer.alloc(bytes.length + 1).subarray(1);
    shifted.set(bytes);
    const raw = readColumnFile(shifted)?.fields.get('v');
    expect(Array.from(raw?.values ?? []).slice(0, indices.length)).toEqual(Array.from(indices));
    const col = decodeColumn(shifted);
    if (col.kind !== 'string') throw new Error('a string column');
    expect(col.indices).toBeInstanceOf(Int16Array);
    expect(Array.from(col.indices, (i) => col.dictionary[i])).toEqual(Array.from(indices, (i) => dictionary[i]));
  });

  it("reads another writer's unsigned dictionary indices through apache-arrow, as signed ones", () => {
    const values = ['b', 'a', 'b', null, 'c'];
    const table = new A.Table({ v: A.vectorFromArray(values, new A.Dictionary(new A.Utf8(), new A.Uint8(), 0)) });
    table.schema.metadata.set('quarry.kind', 'string');
    const bytes = A.tableToIPC(table, 'file');
    expect(readColumnFile(bytes)).toBeNull();
    const col = decodeColumn(bytes);
    if (col.kind !== 'string') throw new Error('a string column');
    expect(col.indices).toBeInstanceOf(Int32Array);
    expect(
      Array.from({ length: values.length }, (_, i) => (col.present === null || (col.present[i >> 3]! >> (i & 7)) & 1 ? col.dictionary[col.indices[i]!] : null)),
    ).toEqual(values);
  });

  it('leaves files it does not know to apache-arrow', () => {
    // A plain (non-dictionary) Utf8 string column, and an Int64 column: not quarry's layouts.
    const utf8 = A.tableToIPC(A.tableFromArrays({ v: ['x', 'y'] }), 'file');
    expect(readColumnFile(utf8)).not.toBeNull();
    expect(plain(decodeColumn(utf8))).toEqual(plain(decodeColumnWithArrow(utf8)));
    const int64 = A.tableToIPC(A.tableFromArrays({ v: BigInt64Array.of(1n, 2n) }), 'file');
    expect(readColumnFile(int64)).toBeNull();
    expect(readColumnFile(new Uint8Array(40))).toBeNull();
    const stream = A.tableToIPC(A.tableFromArrays({ v: Float64Array.of(1) }), 'stream');
    expect(readColumnFile(stream)).toBeNull();
  });
});
