import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { encodeColumn } from '../../../src/store/column-codec.js';
import { NO_USER, UserDictionary } from '../../../src/store/index.js';
import { stringHash } from '../../../src/store/string-index.js';
import { cleanTemp, tempDir } from '../../helpers/index.js';

afterAll(cleanTemp);

describe('UserDictionary', () => {
  it('numbers ids in first-seen order, looks them up, survives encode/load', () => {
    const d = new UserDictionary([]);
    expect(d.intern('b')).toBe(0);
    expect(d.intern('a')).toBe(1);
    expect(d.intern('b')).toBe(0);
    expect(d.intern('')).toBe(2);
    expect(d.lookup('a')).toBe(1);
    expect(d.lookup('zz')).toBeUndefined();
    expect(d.idOf(1)).toBe('a');
    expect(d.idOf(NO_USER)).toBeUndefined();
    expect(d.changed).toBe(true);
    const dir = tempDir();
    fs.writeFileSync(path.join(dir, 'u.arrow'), d.encode());
    const back = UserDictionary.load(dir, 'u.arrow');
    expect(back.ids).toEqual(['b', 'a', '']);
    expect(back.changed).toBe(false);
    expect(back.lookup('a')).toBe(1);
    back.intern('c');
    expect(back.changed).toBe(true);
    expect(UserDictionary.load(dir, null).size).toBe(0);
  });

  it('numbers a range as intern numbers the string, in first-seen order', () => {
    const d = new UserDictionary(['u1']);
    const batch = 'u2u1u3u2';
    const got = [0, 2, 4, 6].map((at) => d.internHashed(stringHash(batch, at, at + 2), batch, at, at + 2));
    expect(got).toEqual([1, 0, 2, 1]);
    expect(d.ids).toEqual(['u1', 'u2', 'u3']);
    expect(d.lookup('u3')).toBe(2);
    expect(d.intern('u2')).toBe(1);
  });

  it('property: writes the bytes the generic string encoder writes, and reads back what it wrote', () => {
    const id = fc.array(fc.constantFrom('a', '7', '-', 'é', 'ж', '😀', ''), { maxLength: 5 }).map((p) => p.join(''));
    const dir = tempDir();
    fc.assert(
      fc.property(fc.array(id, { maxLength: 80 }), (ids) => {
        const d = new UserDictionary();
        for (const x of ids) d.intern(x);
        const distinct = [...new Set(ids)];
        const generic = encodeColumn(distinct.length, { rows: distinct.map((_, i) => i), values: distinct }, 'string');
        expect(Buffer.from(d.encode()).equals(Buffer.from(generic))).toBe(true);
        fs.writeFileSync(path.join(dir, 'p.arrow'), d.encode());
        const back = UserDictionary.load(dir, 'p.arrow');
        expect(back.ids).toEqual(distinct);
        distinct.forEach((x, i) => expect([back.lookup(x), back.idOf(i)]).toEqual([i, x]));
      }),
      { numRuns: 150 },
    );
  });

  it('stores a lone surrogate as U+FFFD: two such ids read back equal, and the later one is found', () => {
    const d = new UserDictionary(['a\ud800', 'b', 'a\udc00']);
    expect([d.lookup('a\ud800'), d.lookup('a\udc00')]).toEqual([0, 2]);
    const dir = tempDir();
    fs.writeFileSync(path.join(dir, 'u.arrow'), d.encode());
    const back = UserDictionary.load(dir, 'u.arrow');
    expect(back.ids).toEqual(['a\ufffd', 'b', 'a\ufffd']);
    expect(back.lookup('a\ufffd')).toBe(2);
    expect(back.intern('a\ufffd')).toBe(2);
    expect(back.changed).toBe(false);
  });

  it('keeps `ids` in step with ids added after it was read', () => {
    const d = new UserDictionary(['x']);
    expect(d.idOf(0)).toBe('x');
    const ids = d.ids;
    expect(d.intern('y')).toBe(1);
    expect(d.internHashed(stringHash('zz'), 'zz', 0, 2)).toBe(2);
    expect(d.intern('x')).toBe(0);
    expect(ids).toEqual(['x', 'y', 'zz']);
    expect([d.idOf(2), d.idOf(3), d.size]).toEqual(['zz', undefined, 3]);
  });

  it('reads a user file whose rows are not its dictionary in order through the generic decoder', () => {
    const dir = tempDir();
    const bytes = encodeColumn(2, { rows: [0, 1], values: ['b', 'a'], strings: { ids: Int32Array.of(1, 0), dictionary: ['a', 'b'] } }, 'string');
    fs.writeFileSync(path.join(dir, 'u.arrow'), bytes);
    const d = UserDictionary.load(dir, 'u.arrow');
    expect(d.ids).toEqual(['b', 'a']);
    expect([d.lookup('a'), d.intern('c')]).toEqual([1, 2]);
  });

  it('keeps finding the later of two equal stored ids after its table grows', () => {
    const dir = tempDir();
    fs.writeFileSync(path.join(dir, 'u.arrow'), new UserDictionary(['a\ud800', 'b', 'a\udc00']).encode());
    const d = UserDictionary.load(dir, 'u.arrow');
    for (let i = 0; i < 5000; i++) expect(d.intern(`u${i}`)).toBe(3 + i);
    expect(d.lookup('a\ufffd')).toBe(2);
    expect(d.intern('a\ufffd')).toBe(2);
  });

  it('property: a loaded dictionary answers alike whichever form is made first (strings, code units, or one id from the bytes)', () => {
    const id = fc.array(fc.constantFrom('a', '7', 'é', 'ж', '\ud800', ''), { maxLength: 4 }).map((p) => p.join(''));
    const op = fc.oneof(
      fc.record({ k: fc.constant('ids' as const) }),
      fc.record({ k: fc.constant('idOf' as const), i: fc.nat(30) }),
      fc.record({ k: fc.constant('lookup' as const), id }),
      fc.record({ k: fc.constant('intern' as const), id }),
    );
    const dir = tempDir();
    fc.assert(
      fc.property(fc.array(id, { maxLength: 30 }), fc.array(op, { maxLength: 12 }), (stored, ops) => {
        fs.writeFileSync(path.join(dir, 's.arrow'), new UserDictionary([...new Set(stored)]).encode());
        // The model: the ids as the file reads back (lone surrogates become U+FFFD), the later of equal ones found.
        const model = UserDictionary.load(dir, 's.arrow').ids.slice();
        const d = UserDictionary.load(dir, 's.arrow');
        const find = (x: string) => model.lastIndexOf(x);
        for (const o of ops) {
          if (o.k === 'ids') expect(d.ids).toEqual(model);
          else if (o.k === 'idOf') expect(d.idOf(o.i)).toBe(model[o.i]);
          else if (o.k === 'lookup') expect(d.lookup(o.id)).toBe(find(o.id) < 0 ? undefined : find(o.id));
          else {
            const want = find(o.id) >= 0 ? find(o.id) : model.push(o.id) - 1;
            expect(d.intern(o.id)).toBe(want);
          }
          expect(d.size).toBe(model.length);
        }
        expect(d.ids).toEqual(model);
        expect(d.changed).toBe(model.length !== new Set(stored).size);
      }),
      { numRuns: 200 },
    );
  });
});
