/**
 * A custom groupByUser reducer that records the batches it receives gets exactly one
 * call per user (below the bound, merge-users.ts) holding all of the user's events of
 * the range in time order, at 1 and N threads and whatever the sandbox batch size,
 * over events and over a full join.
 * The expectation is computed from the generated events, not by quarry.
 */
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { T0, withPropStore } from '../helpers/prop-store.js';
import { quarryModules } from '../helpers/quarry-build.js';

type Store = import('../../src/store/index.js').Store;

// The compiled build (npm test builds first): worker threads load plain .js.
const quarry = await quarryModules('dist');

afterAll(() => quarry.shutdownSandboxPool());

const eventArb = fc.record({
  name: fc.constantFrom('a', 'b', 'c'),
  user: fc.option(fc.integer({ min: 0, max: 7 }), { nil: undefined, freq: 10 }),
  // Few distinct seconds over 5 days: many users span several day partitions, some ties.
  t: fc.integer({ min: 0, max: 5 * 24 - 1 }).map((h) => h * 3600),
});

// Profiles for u0..u5: some users have events and a profile, some only one of them.
const PROFILES = Array.from({ length: 6 }, (_, k) => ({ k }));

// Each call appends [its batch size, the batch's times] to the user's state.
const RECORDER = `function main() {
  return Events({from_date: '2016-03-14', to_date: '2016-03-21'}).groupByUser(function (state, events) {
    state = state || [];
    state.push([events.length, events.map(function (e) { return e.time; })]);
    return state;
  });
}`;

// The same over a full join: a pair's time is its event's, null for a user without events.
const JOIN_RECORDER = `function main() {
  return join(Events({from_date: '2016-03-14', to_date: '2016-03-21'}), People(), {type: 'full'}).groupByUser(function (state, rows) {
    state = state || [];
    state.push([rows.length, rows.map(function (r) { return r.event ? r.event.time : null; })]);
    return state;
  });
}`;

async function calls(store: Store, threads: number, batchRows: number, source = RECORDER): Promise<Record<string, Array<[number, Array<number | null>]>>> {
  const q = await quarry.runQuery({ store, source, filename: 'rec.js', threads, parallelMinRows: 0, batchRows });
  const out: Record<string, Array<[number, Array<number | null>]>> = {};
  try {
    for await (const row of q.items) {
      const r = row as { key: [string]; value: Array<[number, Array<number | null>]> };
      out[r.key[0]] = r.value;
    }
  } finally {
    await q.close();
  }
  return out;
}

describe('groupByUser: one reducer call per user, all its events, in time order', () => {
  it('on random data, at 1 and 3 threads, batch sizes 2 and 4096', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(eventArb, { minLength: 1, maxLength: 80 }),
        fc.constantFrom(1, 3),
        fc.constantFrom(2, 4096),
        async (events, threads, batchRows) => {
          await withPropStore(quarry, events, PROFILES, async (store) => {
            const expected: Record<string, number[]> = {};
            for (const e of events) if (e.user !== undefined) (expected[`u${e.user}`] ??= []).push((T0 + e.t) * 1000);
            for (const k of Object.keys(expected)) expected[k]!.sort((a, b) => a - b);
            const check = (got: Record<string, Array<[number, Array<number | null>]>>, want: Record<string, Array<number | null>>) => {
              expect(Object.keys(got).sort()).toEqual(Object.keys(want).sort());
              for (const [user, list] of Object.entries(got)) {
                expect(list.length, `${user}: one call`).toBe(1);
                const [size, times] = list[0]!;
                expect(size).toBe(want[user]!.length);
                // In time order, and exactly the user's events.
                expect(times).toEqual(want[user]);
              }
            };
            check(await calls(store, threads, batchRows), expected);
            // Full join: users u0..u5 have profiles; one without events gets one pair, no event.
            const withProfiles: Record<string, Array<number | null>> = { ...expected };
            for (let k = 0; k < 6; k++) withProfiles[`u${k}`] ??= [null];
            check(await calls(store, threads, batchRows, JOIN_RECORDER), withProfiles);
          });
        },
      ),
      { numRuns: 12 },
    );
  });
});
