import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { StringIndex } from '../../../src/store/string-index.js';

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
          const got = i % 2 === 0 ? index.add(s) : index.add(joined, at, at + s.length);
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

  it('keeps growing past its first table', () => {
    const index = new StringIndex(100);
    for (let i = 0; i < 20000; i++) expect(index.add(`user-${i}`)).toBe(i);
    for (let i = 0; i < 20000; i += 997) expect(index.find(`user-${i}`)).toBe(i);
    expect(index.find('user-20000')).toBe(-1);
    expect(index.values.length).toBe(20000);
  });
});
