import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { compareKeyComponents, compareKeys, decodeKey, encodeKey, toKeyComponent, type KeyComponent } from '../../../../src/exec/accessors/index.js';

const component: fc.Arbitrary<KeyComponent> = fc
  .oneof(
    fc.constantFrom(null, true, false, 0, -0, 1, '', 'a', 'b', '1'),
    fc.double(),
    fc.integer({ min: -3, max: 3 }),
    fc.string({ maxLength: 3 }),
    fc.string({ unit: 'binary', maxLength: 2 }),
  )
  .map((v) => toKeyComponent(v));
const key = fc.array(component, { maxLength: 3 });

describe('key order', () => {
  it('hand cases: null < false < true < numbers < strings', () => {
    const sorted = ['b', 10, null, true, 'a', -1, false, 2].map(toKeyComponent).sort(compareKeyComponents);
    expect(sorted).toEqual([null, false, true, -1, 2, 10, 'a', 'b']);
    expect([['a', 2], ['a'], [1, 'z'], ['a', 1]].sort(compareKeys)).toEqual([[1, 'z'], ['a'], ['a', 1], ['a', 2]]);
  });
  it('is a total order consistent with encodeKey equality', () => {
    fc.assert(
      fc.property(key, key, key, (a, b, c) => {
        const ab = compareKeys(a, b);
        expect(Math.sign(compareKeys(b, a)) + Math.sign(ab)).toBe(0); // antisymmetric
        expect(ab === 0).toBe(encodeKey(a) === encodeKey(b)); // equality = encoding equality
        if (ab <= 0 && compareKeys(b, c) <= 0) expect(compareKeys(a, c)).toBeLessThanOrEqual(0); // transitive
        expect(compareKeys(a, a)).toBe(0);
      }),
      { numRuns: 2000 },
    );
  });
  it('encodeKey round-trips', () => {
    fc.assert(
      fc.property(key, (k) => {
        expect(decodeKey(encodeKey(k))).toStrictEqual(k);
      }),
    );
  });
});
