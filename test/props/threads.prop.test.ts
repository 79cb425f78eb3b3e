/**
 * Parallel aggregation (worker threads, split by days or by users) gives the same
 * result as one thread, for built-in reducers, custom reducers, custom groupByUser
 * reducers and joins, on random data.
 */
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { collectItems } from '../helpers/collect-items.js';
import { planProfiles, userEventArb, withPropStore } from '../helpers/prop-store.js';
import { quarryModules } from '../helpers/quarry-build.js';

type Store = import('../../src/store/index.js').Store;

// The compiled build (npm test builds first): worker threads then load plain .js
// instead of transpiling the sources in every thread.
const quarry = await quarryModules('dist');

afterAll(() => quarry.shutdownSandboxPool());

async function run(store: Store, body: string, source: string, threads: number): Promise<unknown> {
  const script = `function main() { return ${source}${body}; }`;
  return collectItems(await quarry.runQuery({ store, source: script, filename: 't.js', threads, parallelMinRows: 0 }));
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
      fc.asyncProperty(fc.array(userEventArb, { minLength: 1, maxLength: 40 }), fc.constantFrom('full', 'left', 'right', 'inner'), async (events, type) => {
        await withPropStore(quarry, events, planProfiles(7), async (store) => {
          const q = (sel: string) =>
            `join(Events({from_date: '2016-03-14', to_date: '2016-03-21'}), People(), {type: '${type}', selectors: [{selector: ${JSON.stringify(sel)}}]})`;
          const body = `.groupBy(["distinct_id", "event.name", "user.properties.plan"], mixpanel.reducer.count())`;
          for (const sel of ['user["plan"] == "paid"', 'not defined(user["plan"])']) {
            // The second form also reads an event property, so it is decided per pair.
            const perPair = `(${sel}) or (defined(properties["never"]) and false)`;
            expect(await run(store, body, q(sel), 1)).toEqual(await run(store, body, q(perPair), 1));
          }
        });
      }),
      { numRuns: 8 },
    );
  });
});

describe('threads give the same answers as one thread', () => {
  it('on random data', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(userEventArb, { minLength: 1, maxLength: 60 }), async (events) => {
        await withPropStore(quarry, events, planProfiles(7), async (store) => {
          for (const [source, body] of CASES) expect(await run(store, body, source, 2)).toEqual(await run(store, body, source, 1));
        });
      }),
      { numRuns: 6 },
    );
    // 42 two-thread runs: past vitest's 60 s on a loaded machine (as shard-functions').
  }, 300_000);
});
