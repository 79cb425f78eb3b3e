/**
 * profileColumn builds string and JSON-kind columns from packed bytes (and rows of the
 * stored table); the file must be the one encodeColumn writes from the same values:
 * same kind, count, dictionary order, bitmaps and texts.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { profileColumn } from '../../../src/ingest/profile-column.js';
import { encodeColumn, inferKind, type Profile, ProfileTable, propertyBag, type SparseBuilder, writeProfileTable } from '../../../src/store/index.js';
import { PackedProfiles } from '../../../src/store/packed-profiles.js';
import { ProfileRowReader } from '../../../src/store/profile-row-reader.js';
import { seededInts } from '../../helpers/seeded.js';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

type Gen = (r: (n: number) => number, i: number) => unknown;

const STRINGS: Gen = (r, i) => [`u${i}@mail.example`, `é${r(50)}`, 'same', '', `ü${'x'.repeat(r(200))}`, '\ufeffbom', null, undefined][r(8)];
const FEW_STRINGS: Gen = (r) => ['a', 'b', null, undefined][r(4)];
const MIXED: Gen = (r, i) => [`s${r(5)}`, r(1000) / 7, 1e21, true, null, undefined, ['a', i], { k: { n: null } }, `"q"\n`][r(9)];
const LISTS: Gen = (r) => [['x', r(3)], [], { a: 'é' }, null, undefined][r(5)];
const NUMBERS: Gen = (r) => [r(100), 0.5, -0, null, undefined][r(5)];
const ONLY_NULL: Gen = (r) => [null, undefined][r(2)];

/** n rows of `gen` values under key "k", each from the packed profiles or a stored table row. */
function column(gen: Gen, n: number, seed: number, baseShare: number) {
  const r = seededInts(seed);
  const values = Array.from({ length: n }, (_, i) => gen(r, i));
  const fromBase = values.map(() => r(100) < baseShare);
  const packed = new PackedProfiles();
  const stored = new Map<number, Profile>();
  const src: number[] = [];
  for (let i = 0; i < n; i++) {
    const properties = propertyBag();
    properties.other = i;
    if (values[i] !== undefined || r(2) === 0) properties.k = values[i];
    if (fromBase[i]) {
      stored.set(stored.size, { time: 1, lastSeen: 1, properties });
      src.push(-stored.size);
    } else src.push(packed.add({ time: 1, lastSeen: 1, properties }));
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'quarry-column-'));
  dirs.push(dir);
  const meta = writeProfileTable(path.join(dir, 't'), 't', stored, 'user');
  const base = new ProfileRowReader(new ProfileTable(dir, meta));
  return { values, src, packed, base };
}

/** The values in the sparse form encodeColumn takes (undefined rows left out). */
function sparseOf(values: unknown[]): SparseBuilder {
  const sparse: SparseBuilder = { rows: [], values: [] };
  values.forEach((v, i) => {
    if (v === undefined) return;
    sparse.rows.push(i);
    sparse.values.push(v);
  });
  return sparse;
}

describe('profileColumn', () => {
  const cases: [string, Gen][] = [
    ['distinct strings', STRINGS],
    ['repeated strings', FEW_STRINGS],
    ['mixed kinds (JSON texts)', MIXED],
    ['lists and objects', LISTS],
    ['numbers', NUMBERS],
    ['nulls only', ONLY_NULL],
  ];
  for (const [name, gen] of cases) {
    for (const baseShare of [0, 30, 100]) {
      it(`${name}, ${baseShare}% from the stored table: the bytes encodeColumn writes`, () => {
        for (const seed of [1, 2]) {
          const n = 3000 + seed;
          const c = column(gen, n, seed * 31 + baseShare, baseShare);
          // Stored rows come back through the table's own reader (a BOM is dropped there, as always).
          const values = c.values.map((v, i) => (c.src[i]! < 0 ? c.base.valueAt('k', -c.src[i]! - 1) : v));
          const sparse = sparseOf(values);
          const got = profileColumn('k', c.src, c.packed, c.base);
          if ('bytes' in got) {
            expect(got.entries).toBe(sparse.rows.length);
            expect(got.kind).toBe(inferKind(sparse.values));
            expect(got.count).toBe(sparse.values.filter((v) => v !== null).length);
            expect(Buffer.compare(Buffer.from(got.bytes), Buffer.from(encodeColumn(n, sparse)))).toBe(0);
          } else {
            expect(got).toEqual(sparse);
          }
        }
      });
    }
  }

  it('takes the byte paths for string and JSON-kind columns', () => {
    for (const gen of [STRINGS, MIXED, LISTS]) {
      const c = column(gen, 50, 7, 30);
      expect('bytes' in profileColumn('k', c.src, c.packed, c.base)).toBe(true);
    }
  });
});
