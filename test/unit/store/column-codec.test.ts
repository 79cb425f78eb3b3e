/** One column <-> one Arrow IPC file: every kind, missing vs null, bitmap edges, exact lengths. */
import { Arrow as A } from '../../../src/store/arrow.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  decodeColumn,
  decodeDense,
  encodeColumn,
  encodeDense,
  encodeDictionary,
  inferKind,
  packedSparse,
  type PackedValues,
  sparseCount,
  sparseKind,
  utf8Data,
  utf8Length,
  ValueTag,
  valueAt,
} from '../../../src/store/index.js';
import { sparseOf } from '../../helpers/sparse.js';

const roundTrip = (values: unknown[]) => {
  const col = decodeColumn(encodeColumn(values.length, sparseOf(values)));
  return { col, read: values.map((_, i) => valueAt(col, i)) };
};

describe('inferKind', () => {
  it.each([
    [['a', null, 'b'], 'string'],
    [[1, 2.5, null], 'number'],
    [[true, false], 'boolean'],
    [[1, 'a'], 'json'],
    [[true, 1], 'json'],
    [[[1]], 'json'],
    [[{ a: 1 }], 'json'],
    [['a', [1]], 'json'],
    [[null, null], 'string'],
    [[], 'string'],
  ])('%j -> %s', (values, kind) => {
    expect(inferKind(values)).toBe(kind);
  });
});

describe('encodeColumn / decodeColumn', () => {
  it.each([
    ['string', ['x', undefined, null, 'y', 'x', '', 'é漢🙂']],
    ['number', [1.5, undefined, null, -0.25, 0, 1e300, Number.MAX_SAFE_INTEGER]],
    ['boolean', [true, undefined, null, false, true]],
    ['json', [[1, 'a'], undefined, null, { k: { d: [null] } }, 1, 'text', false, []]],
  ])('%s values, missing and null round-trip', (kind, values) => {
    const { col, read } = roundTrip(values);
    expect(col.kind).toBe(kind);
    expect(col.length).toBe(values.length);
    expect(read).toEqual(values);
    // toEqual treats undefined and missing alike; check the states one by one.
    expect(read.map((v) => (v === undefined ? 'missing' : v === null ? 'null' : 'value'))).toEqual(
      values.map((v) => (v === undefined ? 'missing' : v === null ? 'null' : 'value')),
    );
  });

  it('the kind is stored in the schema metadata; the null bitmap only when some row is null', () => {
    const withNull = A.tableFromIPC(encodeColumn(3, sparseOf([1, null, 2])));
    expect(withNull.schema.metadata.get('quarry.kind')).toBe('number');
    expect(withNull.schema.fields.map((f) => f.name)).toEqual(['v', 'n']);
    const noNull = A.tableFromIPC(encodeColumn(3, sparseOf([1, undefined, 2])));
    expect(noNull.schema.fields.map((f) => f.name)).toEqual(['v']);
    expect(decodeColumn(encodeColumn(3, sparseOf([1, 2, 3]))).present).toBeNull();
  });

  it('strings are dictionary-encoded, in first-seen order', () => {
    const col = decodeColumn(encodeColumn(4, sparseOf(['b', 'a', 'b', undefined])));
    expect(col.kind === 'string' && col.dictionary).toEqual(['b', 'a']);
    expect(col.kind === 'string' && Array.from(col.indices)).toEqual([0, 1, 0, 0]);
  });

  it('typed arrays have exactly the column length (Arrow pads buffers to 8 bytes)', () => {
    for (const n of [1, 3, 7, 9]) {
      const s = decodeColumn(encodeColumn(n, sparseOf(Array.from({ length: n }, (_, i) => `v${i % 2}`))));
      expect(s.kind === 'string' && s.indices.length).toBe(n);
      const num = decodeColumn(encodeColumn(n, sparseOf(Array.from({ length: n }, (_, i) => i))));
      expect(num.kind === 'number' && num.values.length).toBe(n);
      expect(decodeDense(encodeDense(Int32Array.from({ length: n }, (_, i) => i - 1)))).toEqual(Int32Array.from({ length: n }, (_, i) => i - 1));
      expect(decodeDense(encodeDense(Float64Array.from({ length: n }, (_, i) => i / 3)))).toEqual(Float64Array.from({ length: n }, (_, i) => i / 3));
    }
  });

  it('dense and dictionary columns round-trip; zero-length columns too', () => {
    expect(decodeDense(encodeDense(new Int32Array([5, -1, 7])))).toBeInstanceOf(Int32Array);
    expect(decodeDense(encodeDense(new Float64Array([1.5])))).toBeInstanceOf(Float64Array);
    const d = decodeColumn(encodeDictionary(new Int32Array([1, 0, 1]), ['a', 'b']));
    expect([0, 1, 2].map((i) => valueAt(d, i))).toEqual(['b', 'a', 'b']);
    expect(decodeColumn(encodeColumn(0, sparseOf([]))).length).toBe(0);
    expect(decodeDense(encodeDense(new Int32Array(0))).length).toBe(0);
  });

  it('property: any mix of missing, null and values of one kind (or mixed -> json) round-trips at any length', () => {
    const scalar = fc.oneof(
      fc.string(),
      fc.double({ noNaN: true, noDefaultInfinity: true }).filter((x) => !Object.is(x, -0)),
      fc.boolean(),
    );
    const value = fc.oneof(
      { weight: 3, arbitrary: scalar },
      // A JSON value is stored as its JSON text, which has no -0 (JSON.stringify(-0) is "0",
      // also inside a list or object): generated as that text reads back.
      { weight: 1, arbitrary: fc.jsonValue().map((v) => JSON.parse(JSON.stringify(v)) as unknown) },
      { weight: 2, arbitrary: fc.constant(null) },
      { weight: 2, arbitrary: fc.constant(undefined) },
    );
    const kindOf = fc.constantFrom('string', 'number', 'boolean', 'any');
    fc.assert(
      fc.property(kindOf, fc.array(value, { maxLength: 140 }), (k, raw) => {
        const values = k === 'any' ? raw : raw.map((v) => (v === null || v === undefined || typeof v === k ? v : undefined));
        const { col, read } = roundTrip(values);
        expect(col.length).toBe(values.length);
        expect(read.map((v) => (v === undefined ? '<missing>' : v))).toEqual(values.map((v) => (v === undefined ? '<missing>' : v)));
      }),
      { numRuns: 300 },
    );
  });

  it('property: string ids given with the values (first-seen order) write the same bytes as the encoder finding them', () => {
    const value = fc.oneof(fc.constantFrom('a', 'b', '', 'é'), fc.constant(null), fc.constant(undefined));
    fc.assert(
      fc.property(fc.array(value, { maxLength: 60 }), fc.array(fc.nat(59)), (dense, swaps) => {
        // Sparse rows need not be ascending: the partition writer gives them in ingest order.
        const s = sparseOf(dense);
        const n = s.rows.length;
        for (const x of swaps) {
          if (n === 0) break;
          const a = x % n;
          const b = (x * 7 + 3) % n;
          [s.rows[a], s.rows[b]] = [s.rows[b]!, s.rows[a]!];
          [s.values[a], s.values[b]] = [s.values[b], s.values[a]];
        }
        const dictionary: string[] = [];
        const ids = Int32Array.from(s.values, (v) => {
          if (typeof v !== 'string') return -1;
          if (!dictionary.includes(v)) dictionary.push(v);
          return dictionary.indexOf(v);
        });
        const given = encodeColumn(dense.length, { ...s, strings: { ids, dictionary } }, 'string');
        expect(Buffer.from(given).equals(Buffer.from(encodeColumn(dense.length, s, 'string')))).toBe(true);
      }),
      { numRuns: 200 },
    );
  });
});

/** The values packed as the import's packed day buffers give them (tags, strings by first appearance, JSON as text). */
function pack(values: unknown[]): PackedValues {
  const p: PackedValues = { tags: new Uint8Array(values.length), nums: new Float64Array(values.length), dictionary: [], json: [] };
  values.forEach((v, j) => {
    if (typeof v === 'string') {
      if (!p.dictionary.includes(v)) p.dictionary.push(v);
      p.tags[j] = ValueTag.String;
      p.nums[j] = p.dictionary.indexOf(v);
    } else if (typeof v === 'number') {
      p.tags[j] = ValueTag.Number;
      p.nums[j] = v;
    } else if (typeof v === 'boolean') p.tags[j] = v ? ValueTag.True : ValueTag.False;
    else if (v === null) p.tags[j] = ValueTag.Null;
    else if (v === undefined) p.tags[j] = ValueTag.Absent;
    else {
      p.tags[j] = ValueTag.Json;
      p.nums[j] = p.json.length;
      p.json.push(JSON.stringify(v));
    }
  });
  return p;
}

describe('packed values', () => {
  it('property: encode to the same bytes, kind and count as the values themselves; values read back equal', () => {
    const scalar = fc.oneof(fc.constantFrom('a', 'b', '', 'é'), fc.double({ noNaN: true, noDefaultInfinity: true }), fc.boolean());
    const value = fc.oneof(
      { weight: 4, arbitrary: scalar },
      { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 2 }) },
      { weight: 2, arbitrary: fc.constant(null) },
    );
    const kindOf = fc.constantFrom('string', 'number', 'boolean', 'any');
    fc.assert(
      fc.property(kindOf, fc.array(value, { maxLength: 80 }), fc.nat(20), (k, raw, extra) => {
        const values = k === 'any' ? raw : raw.filter((v) => v === null || typeof v === k);
        // Rows in any order (the writer gives them in ingest order), some rows left empty.
        const rows = values.map((_, j) => (j * 7 + extra) % (values.length + extra));
        if (new Set(rows).size !== rows.length) return;
        const length = values.length + extra;
        const plain = { rows, values };
        const packed = packedSparse(rows, pack(values));
        expect(sparseKind(packed)).toBe(inferKind(values));
        expect(sparseCount(packed)).toBe(values.filter((v) => v !== null).length);
        expect(Buffer.from(encodeColumn(length, packed)).equals(Buffer.from(encodeColumn(length, plain)))).toBe(true);
        expect(packed.values).toEqual(values);
      }),
      { numRuns: 300 },
    );
  });
});

describe('packed JSON-kind columns', () => {
  it('write numbers as JSON.stringify does: -0 as 0, NaN and infinities as the text null (a value, not a null)', () => {
    // A number column can hold what no JSON text gives (NaN, Infinity: a value computed elsewhere);
    // with a string among them the column is JSON-kind and each value becomes its JSON text.
    const values: unknown[] = [-0, Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, 1e21, 5e-324, 'n', null, true];
    const rows = values.map((_, j) => (j * 5 + 2) % 11);
    const packed = packedSparse(rows, pack(values));
    expect(sparseKind(packed)).toBe('json');
    const bytes = encodeColumn(11, packed);
    expect(Buffer.from(bytes).equals(Buffer.from(encodeColumn(11, { rows, values })))).toBe(true);
    const col = decodeColumn(bytes);
    expect(col.kind).toBe('json');
    const texts = (col as { texts: (string | null)[] }).texts;
    expect(rows.map((r) => texts[r])).toEqual(['0', 'null', 'null', 'null', '1e+21', '5e-324', '"n"', null, 'true']);
  });
});

describe('utf8Data', () => {
  const encoder = new TextEncoder();
  const text = fc.oneof(fc.string({ unit: 'grapheme' }), fc.string({ unit: 'binary' }), fc.string());
  it('writes the bytes and offsets TextEncoder gives, lone surrogates included', () => {
    expect(utf8Length('a\ud800b\udc00\ud83d\ude00é€')).toBe(encoder.encode('a\ud800b\udc00\ud83d\ude00é€').length);
    fc.assert(
      fc.property(fc.array(fc.option(text, { nil: null })), (texts) => {
        for (const t of texts) if (t !== null) expect(utf8Length(t)).toBe(encoder.encode(t).length);
        const d = utf8Data(texts);
        const parts = texts.map((t) => encoder.encode(t ?? ''));
        const expectedOffsets = [0];
        for (const p of parts) expectedOffsets.push(expectedOffsets.at(-1)! + p.length);
        expect(Array.from(d.valueOffsets as Int32Array)).toEqual(expectedOffsets);
        expect(Buffer.from((d.values as Uint8Array).subarray(0, expectedOffsets.at(-1)))).toEqual(Buffer.concat(parts));
        expect(d.nullCount).toBe(texts.filter((t) => t === null).length);
      }),
      { numRuns: 300 },
    );
  });
});

describe('utf8Data of many texts (not joined first)', () => {
  it('writes the bytes and offsets TextEncoder gives', () => {
    const encoder = new TextEncoder();
    const some = ['id-1', '', null, 'é', 'a\ud800', '\udc00b', '😀', 'plain'];
    const texts = Array.from({ length: 70_001 }, (_, i) => (i % 11 === 0 ? `u${i}` : some[i % some.length]!));
    const d = utf8Data(texts);
    const parts = texts.map((t) => encoder.encode(t ?? ''));
    const offsets = [0];
    for (const p of parts) offsets.push(offsets.at(-1)! + p.length);
    expect(Array.from(d.valueOffsets as Int32Array)).toEqual(offsets);
    expect(Buffer.from((d.values as Uint8Array).subarray(0, offsets.at(-1)))).toEqual(Buffer.concat(parts));
    expect(d.nullCount).toBe(texts.filter((t) => t === null).length);
  });

  it('encodes a surrogate pair split between two texts as two lone surrogates, within a chunk and across chunks', () => {
    const encoder = new TextEncoder();
    const texts: Array<string | null> = Array.from({ length: 8200 }, (_, i) => `t${i}`);
    texts[10] = 'a\ud83d';
    texts[11] = '\ude00b';
    texts[4095] = 'x\ud83d'; // the last text of the first 4096
    texts[4096] = '\ude00y';
    const d = utf8Data(texts);
    const all = Buffer.concat(texts.map((t) => encoder.encode(t ?? '')));
    expect(Buffer.from(d.values as Uint8Array)).toEqual(all);
    expect((d.valueOffsets as Int32Array)[12]! - (d.valueOffsets as Int32Array)[10]!).toBe(8); // 1 + 3, 3 + 1
  });

  it('encodes ASCII chunks after a chunk with other characters, into a buffer of exactly the bytes', () => {
    const encoder = new TextEncoder();
    // ~5 chunks of 4096: all ASCII but one text of the second, which takes 2 more bytes.
    const texts: Array<string | null> = Array.from({ length: 20_000 }, (_, i) => (i % 97 === 0 ? null : `id-${i.toString(36)}`));
    texts[5000] = 'price 5€';
    const d = utf8Data(texts);
    const all = Buffer.concat(texts.map((t) => encoder.encode(t ?? '')));
    expect((d.values as Uint8Array).length).toBe(all.length);
    expect(Buffer.from(d.values as Uint8Array)).toEqual(all);
    expect((d.valueOffsets as Int32Array)[5001]! - (d.valueOffsets as Int32Array)[5000]!).toBe(10);
  });
});
