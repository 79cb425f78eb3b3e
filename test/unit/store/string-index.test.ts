import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { StringIndex, stringHash } from '../../../src/store/string-index.js';
import { UserDictionary } from '../../../src/store/index.js';

// Short strings over a small alphabet (many repeats and equal hashes' neighbours), with
// lone surrogates and astral characters, so ranges can cut a pair in half.
const text = fc.array(fc.constantFrom('a', 'b', 'é', '\ud800', '\udc00', '😀', ''), { maxLength: 6 }).map((p) => p.join(''));

describe('StringIndex', () => {
  it('gives the ids a Map gives, for whole strings and for ranges of a joined string', () => {
    fc.assert(
      fc.property(fc.array(text, { maxLength: 400 }), fc.array(text, { maxLength: 50 }), (added, probes) => {
        const index = new StringIndex();
        const map = new Map<string, number>();
        // Half the strings are added as ranges of one joined string, as an import batch gives them.
        const joined = added.join('');
        let at = 0;
        added.forEach((s, i) => {
          const want = map.get(s) ?? map.set(s, map.size).get(s)!;
          const got = i % 2 === 0 ? index.add(s) : index.add(joined, at, at + s.length, (x) => `${x}`);
          expect(got).toBe(want);
          at += s.length;
        });
        expect(index.values).toEqual([...map.keys()]);
        for (const p of probes) expect(index.find(p)).toBe(map.get(p) ?? -1);
        const wrapped = `x${probes.join('|')}y`;
        let from = 1;
        for (const p of probes) {
          expect(index.find(wrapped, from, from + p.length)).toBe(map.get(p) ?? -1);
          from += p.length + 1;
        }
      }),
      { numRuns: 300 },
    );
  });

  it('indexes strings it starts with, and keeps growing past its first table', () => {
    const first = Array.from({ length: 3000 }, (_, i) => `user-${i}`);
    const index = new StringIndex(first);
    expect(index.find('user-2999')).toBe(2999);
    for (let i = 3000; i < 20000; i++) expect(index.add(`user-${i}`)).toBe(i);
    for (let i = 0; i < 20000; i += 997) expect(index.find(`user-${i}`)).toBe(i);
    expect(index.find('user-20000')).toBe(-1);
    expect(index.values).toBe(first); // the array given is the one kept
  });

  it('numbers a string given twice at the start by its later place, as a Map built by set() did', () => {
    const index = new StringIndex(['a', 'b', 'a']);
    expect([index.find('a'), index.find('b'), index.add('a')]).toEqual([2, 1, 2]);
  });

  it('keeps a copy of a new range only through `keep`', () => {
    const index = new StringIndex();
    const kept: string[] = [];
    const id = index.add('abc-def', 4, 7, (s) => {
      kept.push(s);
      return s;
    });
    expect([id, kept, index.values]).toEqual([0, ['def'], ['def']]);
    expect(index.add('def')).toBe(0);
  });
});

describe('UserDictionary.internHashed', () => {
  it('numbers a range as intern numbers the string, in first-seen order', () => {
    const d = new UserDictionary(['u1']);
    const batch = 'u2u1u3u2';
    const got = [0, 2, 4, 6].map((at) => d.internHashed(stringHash(batch, at, at + 2), batch, at, at + 2));
    expect(got).toEqual([1, 0, 2, 1]);
    expect(d.ids).toEqual(['u1', 'u2', 'u3']);
    expect(d.lookup('u3')).toBe(2);
    expect(d.intern('u2')).toBe(1);
  });
});
