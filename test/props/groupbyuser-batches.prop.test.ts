/**
 * A custom groupByUser reducer that records the batches it receives gets exactly one
 * call per user (below the bound, merge-users.ts) holding all of the user's events of
 * the range in time order, at 1 and N threads and whatever the sandbox batch size,
 * over events and over a full join.
 * The expectation is computed from the generated events, not by quarry.
 */
import fc from 'fast-check';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

// The compiled build (npm test builds first): worker threads load plain .js.
const dist = (m: string) => import(new URL(`../../dist/src/${m}`, import.meta.url).href);
const { runQuery } = (await dist('exec/index.js')) as typeof import('../../src/exec/index.js');
const { importEvents, importPeople } = (await dist('ingest/index.js')) as typeof import('../../src/ingest/index.js');
const { shutdownSandboxPool } = (await dist('sandbox/index.js')) as typeof import('../../src/sandbox/index.js');
const { Store } = (await dist('store/index.js')) as typeof import('../../src/store/index.js');
type Store = import('../../src/store/index.js').Store;

afterAll(() => shutdownSandboxPool());

const _DAY = 86_400;
const T0 = 1458000000; // 2016-03-15 00:00 UTC

interface Ev {
  name: string;
  user?: number;
  t: number;
}

const eventArb = fc.record({
  name: fc.constantFrom('a', 'b', 'c'),
  user: fc.option(fc.integer({ min: 0, max: 7 }), { nil: undefined, freq: 10 }),
  // Few distinct seconds over 5 days: many users span several day partitions, some ties.
  t: fc.integer({ min: 0, max: 5 * 24 - 1 }).map((h) => h * 3600),
});

async function storeOf(events: Ev[]): Promise<Store> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'quarry-gbu-'));
  const store = Store.init(dir);
  await importEvents(store, [
    {
      label: 'gen',
      records: events.map((e, i) => ({
        line: i + 1,
        value: { event: e.name, properties: { time: T0 + e.t, $insert_id: `i${i}`, distinct_id: e.user === undefined ? undefined : `u${e.user}` } },
      })),
    },
  ]);
  // Profiles for u0..u5: some users have events and a profile, some only one of them.
  const people = Array.from({ length: 6 }, (_, k) => ({ line: k + 1, value: { $distinct_id: `u${k}`, $properties: { k } } }));
  await importPeople(store.reopen(), [{ label: 'people', records: people }]);
  return store.reopen();
}

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
  const q = await runQuery({ store, source, filename: 'rec.js', threads, parallelMinRows: 0, batchRows });
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
          const store = await storeOf(events);
          try {
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
          } finally {
            fs.rmSync(store.dir, { recursive: true, force: true });
          }
        },
      ),
      { numRuns: 12 },
    );
  });
});
