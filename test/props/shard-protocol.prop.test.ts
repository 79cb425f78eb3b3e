/**
 * The shard protocol on random data: a random script (source, reducers, a later
 * stage) split into a random number of tasks, run in a random order and merged in
 * three groupings, gives the same bytes in every grouping, and those of a one-thread
 * run (integer data: no float tolerance needed) except for joins (see below). The
 * same job with its states split into 1, 2 or 3 key slices (tasks in another random
 * order, one run twice, each slice merged in three groupings) gives the same bytes.
 */
import fc from 'fast-check';
import fs from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import * as ingest from '../../src/ingest/index.js';
import { shutdownSandboxPool } from '../../src/sandbox/index.js';
import { Store } from '../../src/store/index.js';
import { makePropStore, planProfiles, type GenEvent, userEventArb } from '../helpers/prop-store.js';
import { collectQuery } from '../helpers/query.js';
import { runDistributed } from '../helpers/shard-protocol.js';
import { runSliced } from '../unit/exec/distributed/run-sliced.js';

afterAll(() => shutdownSandboxPool());

const storeOf = (events: GenEvent[]) => makePropStore({ Store, ...ingest }, events, planProfiles(7));

const SOURCES = [
  `Events({from_date: '2016-03-14', to_date: '2016-03-21'})`,
  `Events({from_date: '2016-03-14', to_date: '2016-03-21'}).filter(function (e) { return e.properties.country != "FR"; })`,
  `join(Events({from_date: '2016-03-14', to_date: '2016-03-21'}), People(), {type: 'full'})`,
];
const AGGREGATES = [
  `.groupBy(["name", "properties.country"], [mixpanel.reducer.count(), mixpanel.reducer.sum("properties.amount"), mixpanel.reducer.min_by("properties.amount"), mixpanel.reducer.any(), mixpanel.reducer.numeric_percentiles("properties.amount", [50])])`,
  `.groupByUser(["name"], mixpanel.reducer.count())`,
  `.groupByUser(function (s, evs) { s = s || []; for (var i = 0; i < evs.length; i++) s.push(evs[i].name || evs[i].event && evs[i].event.name); return s; })`,
  `.groupBy([function (e) { return (e.name || 'j') + "/" + (e.properties ? e.properties.country : 'x'); }], function (accs, items) { var n = items.length; for (var i = 0; i < accs.length; i++) n += accs[i]; return n; })`,
  `.reduce([mixpanel.reducer.count(), mixpanel.reducer.any(), mixpanel.reducer.count_unique("distinct_id"), mixpanel.reducer.top(2)])`,
  `.groupBy(["distinct_id"], mixpanel.reducer.object_merge())`,
];
const AFTER = [
  // after a groupByUser split by users, the shards run these through the groupBy (rules/shard-stages.ts)
  `.map(function (r) { return { n: (r && r.value && r.value.length) || 0, k: r && r.key }; }).filter(function (r) { return r.n != 2; }).groupBy(["n"], [mixpanel.reducer.count(), mixpanel.reducer.min("n"), mixpanel.reducer.max("n")])`,
  '',
  `.map(function (r) { return { k: r.key, v: r.value }; })`,
  `.sortDesc(function (r) { return JSON.stringify(r.value); })`,
  `.groupBy([function (r) { return typeof r.value; }], mixpanel.reducer.count())`,
];

let slicedRuns = 0;

describe('shard protocol = one thread', () => {
  it('random data, random scripts, random task counts and orders', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(userEventArb, { minLength: 1, maxLength: 60 }),
        fc.constantFrom(...SOURCES),
        fc.constantFrom(...AGGREGATES),
        fc.constantFrom(...AFTER),
        fc.integer({ min: 1, max: 5 }),
        fc.integer(),
        fc.constantFrom(1, 2, 3),
        async (events, source, aggregate, after, shards, order, keySlices) => {
          const store = await storeOf(events);
          try {
            const script = `function main() { return ${source}${aggregate}${after}; }`;
            const o = { store, source: script, filename: 'p.js', seed: 5, nowMs: Date.UTC(2016, 2, 25) };
            const { results } = await runDistributed({ ...o, shards }, order);
            expect(results.tree).toBe(results.all);
            expect(results.leftToRight).toBe(results.all);
            // One thread's bytes, but for a join: it is split by users, so ties of
            // any/top/object_merge fall by user shard, not by day (as with worker threads).
            if (!source.startsWith('join')) expect(results.all).toBe(JSON.stringify(await collectQuery({ ...o, threads: 1 })));
            // Key slices: the same bytes as the unsplit job, whatever the grouping and order.
            const sliced = await runSliced({ ...o, shards, keySlices }, order + 1);
            if (sliced.slices > 1) slicedRuns++;
            expect(sliced.results.all).toBe(results.all);
            expect(sliced.results.tree).toBe(results.all);
            expect(sliced.results.leftToRight).toBe(results.all);
          } finally {
            fs.rmSync(store.dir, { recursive: true, force: true });
          }
        },
      ),
      { numRuns: Number(process.env.PROP_RUNS ?? 15) },
    );
    // The key-slice half of the property ran with real slices, not only with 1.
    expect(slicedRuns).toBeGreaterThan(0);
  }, 300_000);
});
