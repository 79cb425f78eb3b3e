/**
 * A store with user buckets (B = 2, 3, 4) gives the same answers as the same events in
 * a store of one bucket, at 1 and 3 threads: the bucketed store is written by the
 * importer (two imports, so the second merges into bucketed days) and by `rebucket`.
 * The reference is the one-bucket store at one thread.
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
const { Store, rebucket } = (await dist('store/index.js')) as typeof import('../../src/store/index.js');
type Store = import('../../src/store/index.js').Store;

afterAll(() => shutdownSandboxPool());

const T0 = 1458000000; // 2016-03-15 00:00 UTC

interface Ev {
  name: string;
  user?: number;
  t: number;
  amount?: unknown;
  country: string;
  id: number;
}

const eventArb = fc.record({
  name: fc.constantFrom('a', 'b', 'c'),
  user: fc.option(fc.integer({ min: 0, max: 11 }), { nil: undefined, freq: 8 }),
  // Few distinct seconds: ties on (user, time) and duplicate $insert_ids are common.
  t: fc.integer({ min: 0, max: 4 * 24 - 1 }).map((h) => h * 3600),
  // Values of mixed types: a key's kind can differ between buckets of one day.
  amount: fc.option(fc.oneof(fc.integer({ min: -5, max: 50 }), fc.constantFrom('x', 'y'), fc.constant(null), fc.constant([1, 2])), { nil: undefined }),
  country: fc.constantFrom('US', 'CA', 'FR'),
  id: fc.integer({ min: 0, max: 30 }),
});

function records(events: Ev[]) {
  return events.map((e, i) => ({
    line: i + 1,
    value: {
      event: e.name,
      properties: {
        time: T0 + e.t,
        $insert_id: `i${e.id}`,
        distinct_id: e.user === undefined ? undefined : `u${e.user}`,
        amount: e.amount,
        country: e.country,
      },
    },
  }));
}

async function storeOf(batches: Ev[][], buckets: number): Promise<Store> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'quarry-buckets-'));
  let store = Store.init(dir, { buckets });
  for (const b of batches) {
    await importEvents(store, [{ label: 'gen', records: records(b) }]);
    store = store.reopen();
  }
  const people = Array.from({ length: 9 }, (_, k) => ({ line: k + 1, value: { $distinct_id: `u${k}`, $properties: { plan: k % 3 ? 'free' : 'paid' } } }));
  await importPeople(store, [{ label: 'people', records: people }]);
  return store.reopen();
}

async function run(store: Store, script: string, threads: number): Promise<unknown> {
  const q = await runQuery({ store, source: `function main() { return ${script}; }`, filename: 't.js', threads, parallelMinRows: 0 });
  const out: unknown[] = [];
  for await (const item of q.items) out.push(item);
  await q.close();
  return JSON.parse(JSON.stringify(out));
}

const RANGE = `{from_date: '2016-03-14', to_date: '2016-03-20'}`;
const SCRIPTS = [
  // Rows in store order, with their properties (key order and values).
  `Events(${RANGE})`,
  `Events(${RANGE}).groupBy(["name", "properties.country"], [mixpanel.reducer.count(), mixpanel.reducer.sum("properties.amount"), mixpanel.reducer.any()])`,
  `Events(${RANGE}).groupByUser(function (s, evs) { s = s || []; for (var i = 0; i < evs.length; i++) s.push([evs[i].name, evs[i].time, evs[i].properties.amount]); return s; })`,
  `Events(${RANGE}).groupByUser(["properties.country"], mixpanel.reducer.count())`,
  `join(Events(${RANGE}), People(), {type: 'full'}).groupBy(["user.properties.plan", "event.name"], mixpanel.reducer.count())`,
  `join(Events(${RANGE}), People(), {type: 'inner', selectors: [{selector: 'user["plan"] == "paid"'}]}).groupBy(["event.properties.country"], mixpanel.reducer.count())`,
  `join(Events(${RANGE}), People(), {type: 'left'}).groupByUser(function (s, items) { return (s || 0) + items.length; })`,
  `Events(${RANGE}).reduce([mixpanel.reducer.count(), mixpanel.reducer.count_unique("distinct_id")])`,
];

const batchesArb = fc.tuple(fc.array(eventArb, { minLength: 1, maxLength: 40 }), fc.array(eventArb, { maxLength: 20 }));

describe('a bucketed store answers as a store of one bucket', () => {
  it('imported with B buckets, at 1 and 3 threads', async () => {
    await fc.assert(
      fc.asyncProperty(batchesArb, fc.constantFrom(2, 3, 4), async (batches, buckets) => {
        const one = await storeOf(batches, 1);
        const many = await storeOf(batches, buckets);
        try {
          expect(many.buckets).toBe(buckets);
          for (const s of SCRIPTS) {
            const want = await run(one, s, 1);
            expect(await run(many, s, 1)).toEqual(want);
            expect(await run(many, s, 3)).toEqual(want);
          }
        } finally {
          fs.rmSync(one.dir, { recursive: true, force: true });
          fs.rmSync(many.dir, { recursive: true, force: true });
        }
      }),
      { numRuns: 4 },
    );
  }, 600_000);

  it('rebucketed from one bucket to B and back', async () => {
    await fc.assert(
      fc.asyncProperty(batchesArb, fc.constantFrom(2, 3), async (batches, buckets) => {
        const one = await storeOf(batches, 1);
        const want = await Promise.all(SCRIPTS.map((s) => run(one, s, 1)));
        try {
          await rebucket(one, buckets);
          const many = one.reopen();
          expect(many.buckets).toBe(buckets);
          for (const [i, s] of SCRIPTS.entries()) expect(await run(many, s, 3)).toEqual(want[i]);
          await rebucket(many, 1);
          const back = one.reopen();
          expect(back.buckets).toBe(1);
          for (const [i, s] of SCRIPTS.entries()) expect(await run(back, s, 1)).toEqual(want[i]);
        } finally {
          fs.rmSync(one.dir, { recursive: true, force: true });
        }
      }),
      { numRuns: 3 },
    );
  }, 600_000);
});
