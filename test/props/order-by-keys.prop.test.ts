/**
 * sortUsers' counting sort by key rank (orderByKeys) against the plain comparator sort
 * it replaced: missing keys last in both directions, ties in user-number order.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { orderByKeys } from '../../src/users/sort-users.js';

function reference(users: Int32Array, keys: Float64Array, desc: boolean): number[] {
  const order = Array.from(users, (_, i) => i);
  const sign = desc ? -1 : 1;
  order.sort((a, b) => {
    const ma = Number.isNaN(keys[a]!);
    const mb = Number.isNaN(keys[b]!);
    if (ma || mb) return ma && mb ? users[a]! - users[b]! : ma ? 1 : -1;
    if (keys[a] !== keys[b]) return keys[a]! < keys[b]! ? -sign : sign;
    return users[a]! - users[b]!;
  });
  return order.map((i) => users[i]!);
}

const key = fc.oneof(fc.constant(Number.NaN), fc.integer({ min: -3, max: 3 }), fc.double({ noNaN: true }), fc.constant(-0), fc.constant(0));

describe('orderByKeys', () => {
  it('equals the comparator sort', () => {
    fc.assert(
      fc.property(fc.array(key, { maxLength: 60 }), fc.boolean(), (ks, desc) => {
        // Ascending, gappy user numbers, as a selection is.
        const users = Int32Array.from(ks, (_, i) => i * 3 + 1);
        const keys = Float64Array.from(ks);
        expect(Array.from(orderByKeys(users, keys, desc))).toEqual(reference(users, keys, desc));
      }),
      { numRuns: 500 },
    );
  });
});
