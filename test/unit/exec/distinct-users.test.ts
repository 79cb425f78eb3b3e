/**
 * KeyUsers (exec/operators/distinct-users.ts): distinct users per key code, in
 * bitmaps, in the pair set, and in both after a bitmap moves past its budget, against
 * a plain Set of "user,code" strings.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { KeyUsers, PairSet } from '../../../src/exec/operators/distinct-users.js';

const pairs = fc.array(fc.tuple(fc.integer({ min: 0, max: 5000 }), fc.integer({ min: 0, max: 6 })), { maxLength: 400 });

function reference(ps: Array<[number, number]>): number[] {
  const seen = new Set<string>();
  const out = [0, 0, 0, 0, 0, 0, 0];
  for (const [u, c] of ps) {
    if (seen.has(`${u},${c}`)) continue;
    seen.add(`${u},${c}`);
    out[c]!++;
  }
  return out;
}

describe('distinct users per key code', () => {
  it.each([
    ['bitmaps', 1 << 30],
    ['the pair set only', 0],
    ['bitmaps that move to the pair set', 8192],
  ])('%s count each (user, key) pair once', (_name, budget) => {
    fc.assert(
      fc.property(pairs, (ps) => {
        const k = new KeyUsers(budget);
        for (let c = 0; c < 7; c++) k.code([`k${c}`]);
        for (const [u, c] of ps) k.add(u, c);
        expect(k.users).toEqual(reference(ps));
      }),
    );
  });

  it('the pair set grows and keeps every pair', () => {
    const s = new PairSet();
    for (let u = 0; u < 5000; u++) expect(s.add(u, u % 3)).toBe(true);
    for (let u = 0; u < 5000; u++) expect(s.add(u, u % 3)).toBe(false);
    expect(s.size).toBe(5000);
  });
});
