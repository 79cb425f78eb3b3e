/**
 * Parallel aggregation (worker threads, split by days or by users) gives the same
 * result as one thread, for built-in reducers, custom reducers, custom groupByUser
 * reducers and joins, on random data.
 */
import fc from 'fast-check';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

// The compiled build (npm test builds first): worker threads then load plain .js
// instead of transpiling the sources in every thread.
const dist = (m: string) => import(new URL(`../../dist/src/${m}`, import.meta.url).href);
const { runQuery } = (await dist('exec/index.js')) as typeof import('../../src/exec/index.js');
const { importEvents, importPeople } = (await dist('ingest/index.js')) as typeof import('../../src/ingest/index.js');
const { shutdownSandboxPool } = (await dist('sandbox/index.js')) as typeof import('../../src/sandbox/index.js');
const { Store } = (await dist('store/index.js')) as typeof import('../../src/store/index.js');
type Store = import('../../src/store/index.js').Store;

afterAll(() => shutdownSandboxPool());

const DAY = 86_400;
const T0 = 1458000000;

const eventArb = fc.record({
  name: fc.constantFrom('a', 'b', 'c'),
  user: fc.option(fc.integer({ min: 0, max: 9 }), { nil: undefined, freq: 10 }),
  t: fc.integer({ min: 0, max: 6 * DAY - 1 }),
  amount: fc.option(fc.integer({ min: -5, max: 50 }), { nil: undefined }),
  country: fc.constantFrom('US', 'CA', 'FR'),
});

async function storeOf(events: Array<{ name: string; user?: number; t: number; amount?: number; country: string }>): Promise<Store> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'quarry-threads-'));
  const store = Store.init(dir);
  await importEvents(store, [
    {
      label: 'gen',
      records: events.map((e, i) => ({
        line: i + 1,
        value: {
          event: e.name,
          properties: {
            time: T0 + e.t,
            $insert_id: `i${i}`,
            distinct_id: e.user === undefined ? undefined : `u${e.user}`,
            amount: e.amount,
            country: e.country,
          },
        },
      })),
    },
  ]);
  const people = Array.from({ length: 7 }, (_, k) => ({ line: k + 1, value: { $distinct_id: `u${k}`, $properties: { plan: k % 2 ? 'free' : 'paid' } } }));
  await importPeople(store.reopen(), [{ label: 'people', records: people }]);
  return store.reopen();
}

async function run(store: Store, body: string, source: string, threads: number): Promise<unknown> {
  const script = `function main() { return ${source}${body}; }`;
  const q = await runQuery({ store, source: script, filename: 't.js', threads, parallelMinRows: 0 });
  const out: unknown[] = [];
  for await (const item of q.items) out.push(item);
  await q.close();
  return JSON.parse(JSON.stringify(out));
}

const EVENTS = `Events({from_date: '2016-03-14', to_date: '2016-03-21'})`;
const JOIN = `join(Events({from_date: '2016-03-14', to_date: '2016-03-21'}), People(), {type: 'full'})`;
const CASES: Array<[string, string]> = [
  [
    EVENTS,
    `.groupBy(["name", "properties.country"], [mixpanel.reducer.count(), mixpanel.reducer.sum("properties.amount"), mixpanel.reducer.min("properties.amount"), mixpanel.reducer.numeric_percentiles("properties.amount", [50])])`,
  ],
  [EVENTS, `.groupByUser(["name"], mixpanel.reducer.count())`],
  [EVENTS, `.groupByUser(function (s, evs) { s = s || []; for (var i = 0; i < evs.length; i++) s.push(evs[i].name); return s; })`],
  [
    EVENTS,
    `.filter(function (e) { var x = e.properties; return x.country != "FR"; }).groupBy([function (e) { return e.name + "/" + e.properties.country; }], function (accs, items) { var n = items.length; for (var i = 0; i < accs.length; i++) n += accs[i]; return n; })`,
  ],
  [JOIN, `.groupBy(["user.properties.plan", "event.name"], mixpanel.reducer.count())`],
  [EVENTS, `.reduce([mixpanel.reducer.count(), mixpanel.reducer.any(), mixpanel.reducer.count_unique("distinct_id")])`],
  // The user shards run the map, filter and groupBy after the groupByUser (rules/shard-stages.ts).
  [
    EVENTS,
    `.groupByUser(function (s, evs) { return (s || 0) + evs.length; }).map(function (r) { return { n: r.value, c: r.key[0].length }; }).filter(function (r) { return r.n != 2; }).groupBy(["n"], [mixpanel.reducer.count(), mixpanel.reducer.max("c"), mixpanel.reducer.count_unique("c")])`,
  ],
];

describe('join selectors on user[...] only: decided per profile = decided per pair', () => {
  it('on random data, every join type', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(eventArb, { minLength: 1, maxLength: 40 }), fc.constantFrom('full', 'left', 'right', 'inner'), async (events, type) => {
        const store = await storeOf(events);
        try {
          const q = (sel: string) =>
            `join(Events({from_date: '2016-03-14', to_date: '2016-03-21'}), People(), {type: '${type}', selectors: [{selector: ${JSON.stringify(sel)}}]})`;
          const body = `.groupBy(["distinct_id", "event.name", "user.properties.plan"], mixpanel.reducer.count())`;
          for (const sel of ['user["plan"] == "paid"', 'not defined(user["plan"])']) {
            // The second form also reads an event property, so it is decided per pair.
            const perPair = `(${sel}) or (defined(properties["never"]) and false)`;
            expect(await run(store, body, q(sel), 1)).toEqual(await run(store, body, q(perPair), 1));
          }
        } finally {
          fs.rmSync(store.dir, { recursive: true, force: true });
        }
      }),
      { numRuns: 8 },
    );
  });
});

describe('threads give the same answers as one thread', () => {
  it('on random data', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(eventArb, { minLength: 1, maxLength: 60 }), async (events) => {
        const store = await storeOf(events);
        try {
          for (const [source, body] of CASES) expect(await run(store, body, source, 2)).toEqual(await run(store, body, source, 1));
        } finally {
          fs.rmSync(store.dir, { recursive: true, force: true });
        }
      }),
      { numRuns: 6 },
    );
  });
});
