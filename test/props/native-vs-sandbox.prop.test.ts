/**
 * Two paths, one answer: the same computation written with native accessors
 * (paths, selectors, built-in reducers over columns) and with user functions (run
 * in the sandbox over items built there) must give identical results on random data.
 */
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import type { Store } from '../../src/store/index.js';
import { collectItems } from '../helpers/collect-items.js';
import { DAY, maybe, withPropStore } from '../helpers/prop-store.js';
import { quarryModules } from '../helpers/quarry-build.js';

const quarry = await quarryModules('src');

afterAll(() => quarry.shutdownSandboxPool());

const scalar = fc.oneof(fc.constantFrom('US', 'CA', 'us', '', '10', 'x.y'), fc.constantFrom(0, 1, 2.5, -3, 10, 1e6), fc.boolean(), fc.constant(null));

const eventArb = fc.record({
  name: fc.constantFrom('a', 'b', 'Sign up'),
  user: fc.option(fc.constantFrom('u1', 'u2', 'u3', 'u4', 'u5'), { nil: undefined, freq: 8 }),
  t: fc.integer({ min: 0, max: 3 * DAY - 1 }),
  country: maybe(scalar),
  x: maybe(scalar),
  amount: maybe(fc.oneof(fc.double({ min: -100, max: 100, noNaN: true }), fc.constantFrom('7', true))),
});

async function run(store: Store, body: string, batchRows?: number, translate = true): Promise<unknown> {
  const source = `function main() { return Events({from_date: '2016-03-15', to_date: '2016-03-17'})${body}; }`;
  return collectItems(await quarry.runQuery({ store, source, filename: 'prop.js', batchRows, translate }));
}

// [native form, sandboxed form] of the same computation.
const PAIRS: Array<[string, string]> = [
  // Answered from the manifest's name counts vs counted row by row.
  [`.groupBy(["name"], mixpanel.reducer.count())`, `.groupBy([function(e){ return e.name; }], mixpanel.reducer.count())`],
  [`.reduce(mixpanel.reducer.count())`, `.filter(function(e){ return true; }).reduce(mixpanel.reducer.count())`],
  [`.groupBy(["properties.x"], mixpanel.reducer.count())`, `.groupBy([function(e){ return e.properties.x; }], mixpanel.reducer.count())`],
  [
    `.groupBy(["name", "properties.country"], mixpanel.reducer.sum("properties.amount"))`,
    `.groupBy([function(e){ return e.name; }, function(e){ return e.properties.country; }], mixpanel.reducer.sum(function(e){ return e.properties.amount; }))`,
  ],
  [
    `.groupBy(["distinct_id"], [mixpanel.reducer.avg("properties.amount"), mixpanel.reducer.min("properties.amount"), mixpanel.reducer.max("properties.amount")])`,
    `.groupBy([function(e){ return e.distinct_id; }], [mixpanel.reducer.avg(function(e){return e.properties.amount}), mixpanel.reducer.min(function(e){return e.properties.amount}), mixpanel.reducer.max(function(e){return e.properties.amount})])`,
  ],
  [
    `.groupByUser(["properties.country"], mixpanel.reducer.count())`,
    `.groupByUser([function(e){ return e.properties.country; }], function(state, items){ return (state || 0) + items.length; })`,
  ],
  [`.reduce(mixpanel.reducer.numeric_summary("properties.amount"))`, `.reduce(mixpanel.reducer.numeric_summary(function(e){ return e.properties.amount; }))`],
  [
    `.groupBy(["name"], mixpanel.reducer.count_unique("properties.x"))`,
    `.groupBy([function(e){ return e.name; }], mixpanel.reducer.count_unique(function(e){ return e.properties.x; }))`,
  ],
  [
    `.groupBy([mixpanel.numeric_bucket("time", mixpanel.daily_time_buckets)], mixpanel.reducer.count())`,
    `.groupBy([function(e){ var d = new Date(e.time); return Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate()); }], mixpanel.reducer.count())`,
  ],
  [
    `.groupBy(["properties.country"], mixpanel.reducer.count())`,
    `.groupBy([function(e){ return e.properties.country; }], function(accs, items){ var n = items.length; for (var i = 0; i < accs.length; i++) n += accs[i]; return n; })`,
  ],
  // Built-in reducers passed directly vs called as functions inside a custom reducer
  // (stdlib/reducer-functions.js), chunk results passed back as accumulators.
  [
    `.groupBy(["name"], [mixpanel.reducer.count(), mixpanel.reducer.sum("properties.x"), mixpanel.reducer.min("properties.amount"), mixpanel.reducer.max("properties.amount"), mixpanel.reducer.min_by("properties.x"), mixpanel.reducer.max_by("properties.amount"), mixpanel.reducer.any()])`,
    `.groupBy(["name"], function(accs, items){ var R = mixpanel.reducer; var col = function(k){ return accs.map(function(a){ return a[k]; }); };
      return [R.count()(col(0), items), R.sum("properties.x")(col(1), items), R.min("properties.amount")(col(2), items), R.max(function(e){ return e.properties.amount; })(col(3), items),
        R.min_by("properties.x")(col(4), items), R.max_by("properties.amount")(col(5), items), R.any()(col(6), items)]; })`,
  ],
  [
    `.groupBy(["properties.country"], mixpanel.reducer.count()).reduce(mixpanel.reducer.top(2))`,
    `.groupBy(["properties.country"], mixpanel.reducer.count()).reduce(function(accs, items){ return mixpanel.reducer.top(2)(accs, items); })`,
  ],
  [
    `.map(function(e){ return {n: {c: 1, x: e.properties.x}, s: e.name}; }).reduce(mixpanel.reducer.object_merge())`,
    `.map(function(e){ return {n: {c: 1, x: e.properties.x}, s: e.name}; }).reduce(function(accs, items){ return mixpanel.reducer.object_merge()(accs, items); })`,
  ],
];

describe('native accessors and sandboxed callbacks agree', () => {
  PAIRS.forEach(([native, guest], k) => {
    it(`pair ${k}: ${native.slice(0, 60)}`, async () => {
      await fc.assert(
        fc.asyncProperty(fc.array(eventArb, { minLength: 0, maxLength: 40 }), fc.constantFrom(1, 7, 4096), async (events, batchRows) => {
          await withPropStore(quarry, events, [], async (store) => {
            const expected = await run(store, native);
            // In the sandbox, and translated to native expressions where possible.
            expect(await run(store, guest, batchRows, false)).toEqual(expected);
            expect(await run(store, guest, batchRows, true)).toEqual(expected);
          });
        }),
        { numRuns: 12 },
      );
    });
  });

  it('a selector and the equivalent filter function keep the same events', async () => {
    const pairs: Array<[string, string]> = [
      ['properties["country"] == "US"', 'e.properties.country === "US"'],
      ['properties["x"] > 1 and properties["x"] < 20', 'typeof e.properties.x === "number" && e.properties.x > 1 && e.properties.x < 20'],
      ['not defined(properties["country"])', 'e.properties.country === undefined || e.properties.country === null'],
      ['"S" in properties["country"]', 'typeof e.properties.country === "string" && e.properties.country.indexOf("S") >= 0'],
    ];
    await fc.assert(
      fc.asyncProperty(fc.array(eventArb, { maxLength: 40 }), async (events) => {
        await withPropStore(quarry, events, [], async (store) => {
          for (const [sel, fn] of pairs) {
            const viaSelector = await runSelector(store, sel);
            const body = `.filter(function(e){ return ${fn}; }).groupBy(["name", "distinct_id"], mixpanel.reducer.count())`;
            expect(await run(store, body, undefined, false)).toEqual(viaSelector);
            expect(await run(store, body, undefined, true)).toEqual(viaSelector);
          }
        });
      }),
      { numRuns: 15 },
    );
  });
});

async function runSelector(store: Store, selector: string): Promise<unknown> {
  const source = `function main() { return Events({from_date: '2016-03-15', to_date: '2016-03-17', event_selectors: [{selector: ${JSON.stringify(selector)}}]}).groupBy(["name", "distinct_id"], mixpanel.reducer.count()); }`;
  return collectItems(await quarry.runQuery({ store, source, filename: 'prop.js' }));
}
