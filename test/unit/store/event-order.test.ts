/** eventOrder is the (user, time, ingest order) comparator sort, by counting sort or not. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { eventOrder } from '../../../src/store/event-order.js';

const reference = (users: number[], times: number[]) => users.map((_, i) => i).sort((a, b) => users[a]! - users[b]! || times[a]! - times[b]! || a - b);

describe('eventOrder', () => {
  it('property: equals the comparator order (dense users, sparse users, NO_USER, ties, long runs)', () => {
    const user = fc.oneof(fc.integer({ min: -1, max: 5 }), fc.integer({ min: -1, max: 2_000_000 }));
    const rows = fc.array(fc.tuple(user, fc.integer({ min: 0, max: 40 })), { maxLength: 300 });
    fc.assert(
      fc.property(rows, fc.boolean(), (rs, oneUser) => {
        const users = rs.map(([u]) => (oneUser ? 3 : u));
        const times = rs.map(([, t]) => t * 1000);
        expect(Array.from(eventOrder(users, times))).toEqual(reference(users, times));
      }),
      { numRuns: 300 },
    );
  });
});
