/**
 * mergeByUser over the JQL fixture store's three day partitions: whole users per
 * merged batch, each user's rows in day (= time) order, a user past the bound cut
 * into pieces of `bound` rows in time order. Expectations from test/fixtures/jql.
 */
import { describe, expect, it } from 'vitest';
import { EventBatch } from '../../../../src/exec/batches/event-batch.js';
import { mergeByUser } from '../../../../src/exec/batches/merge-users.js';
import { makeJqlStore } from '../../../helpers/jql-store.js';

async function merged(target: number, bound: number) {
  const store = await makeJqlStore();
  const batches = store.days().map((d) => new EventBatch(store.openPartition(d), () => store.users, 'UTC'));
  return [...mergeByUser(batches, { target, bound, timezone: 'UTC', usersRef: () => store.users })].map((b) =>
    Array.from(b.sel, (r) => {
      const e = b.item(r) as { distinct_id: string; properties: { $insert_id: string } };
      return `${e.distinct_id}:${e.properties.$insert_id}`;
    }),
  );
}

describe('mergeByUser', () => {
  it('keeps users whole below the bound, in time order across days, and drops items without a user', async () => {
    expect(await merged(1, 100)).toEqual([['alice:e1', 'alice:e2', 'alice:e3', 'alice:e7'], ['bob:e4', 'bob:e5'], ['carol:e6', 'carol:e10'], ['dave:e8']]);
  });

  it('fills batches up to the target with whole users', async () => {
    expect(await merged(7, 100)).toEqual([
      ['alice:e1', 'alice:e2', 'alice:e3', 'alice:e7', 'bob:e4', 'bob:e5'],
      ['carol:e6', 'carol:e10', 'dave:e8'],
    ]);
  });

  it('cuts a user past the bound into pieces of `bound` rows, in time order', async () => {
    expect(await merged(1, 3)).toEqual([['alice:e1', 'alice:e2', 'alice:e3'], ['alice:e7'], ['bob:e4', 'bob:e5'], ['carol:e6', 'carol:e10'], ['dave:e8']]);
  });
});
