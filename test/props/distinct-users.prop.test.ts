/**
 * Distinct users per key (plan/physical/rules/distinct-users.ts) against the generic
 * groupByUser-then-groupBy path: the same question written so the rule applies and so
 * it does not (a groupByUser value the next stage could read; a key function in the
 * sandbox) must give identical rows on random data, including mixed-type keys, events
 * without a user, several keys, time buckets and fused filters.
 */
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import type { Store } from '../../src/store/index.js';
import { collectItems } from '../helpers/collect-items.js';
import { DAY, maybe, withPropStore } from '../helpers/prop-store.js';
import { quarryModules } from '../helpers/quarry-build.js';

const quarry = await quarryModules('src');

afterAll(() => quarry.shutdownSandboxPool());

const scalar = fc.oneof(fc.constantFrom('US', 'CA', '', '10'), fc.constantFrom(0, 2.5, 10), fc.boolean(), fc.constant(null));

const eventArb = fc.record({
  name: fc.constantFrom('a', 'b', 'Sign up'),
  user: fc.option(fc.constantFrom('u1', 'u2', 'u3', 'u4', 'u5', 'u6'), { nil: undefined, freq: 8 }),
  t: fc.integer({ min: 0, max: 3 * DAY - 1 }),
  country: maybe(fc.constantFrom('US', 'CA', 'FR')),
  mixed: maybe(scalar),
  list: maybe(fc.array(fc.constantFrom('p', 'q', 3), { maxLength: 3 })),
});

async function run(store: Store, body: string, batchRows?: number, translate = true): Promise<{ rows: unknown; fused: boolean }> {
  const source = `function main() { return Events({from_date: '2016-03-15', to_date: '2016-03-17'})${body}; }`;
  const q = await quarry.runQuery({ store, source, filename: 'prop.js', batchRows, translate });
  const first = q.physical.stages[0];
  return { rows: await collectItems(q), fused: first?.op === 'aggregate' && first.distinctUsers === true };
}

// [groupByUser keys, next groupBy's keys, what follows]
const CASES: Array<[string, string, string]> = [
  ['"properties.country"', 'mixpanel.slice("key", 1)', ''],
  ['"name"', 'mixpanel.slice("key", 1)', ''],
  ['"properties.mixed"', 'mixpanel.slice("key", 1)', ''],
  ['"properties.list"', 'mixpanel.slice("key", 1)', ''],
  ['"name", "properties.mixed"', 'mixpanel.slice("key", 2)', ''],
  ['"name", "properties.country"', 'mixpanel.slice("key", 1, 2), mixpanel.slice("key", 2)', ''],
  ['mixpanel.numeric_bucket("time", mixpanel.daily_time_buckets)', 'mixpanel.slice("key", 1)', ''],
  ['"properties.country"', 'mixpanel.slice("key", 1)', '.reduce(mixpanel.reducer.count())'],
];

function fused(keys: string, next: string, rest: string, reducer = 'mixpanel.reducer.null()'): string {
  return `.groupByUser([${keys}], ${reducer}).groupBy([${next}], mixpanel.reducer.count())${rest}`;
}

describe('distinct users per key: the fused operator and the generic path agree', () => {
  CASES.forEach(([keys, next, rest], k) => {
    it(`case ${k}: groupByUser([${keys}]) then groupBy([${next}])`, async () => {
      await fc.assert(
        fc.asyncProperty(fc.array(eventArb, { maxLength: 40 }), fc.constantFrom(1, 7, 4096), async (events, batchRows) => {
          await withPropStore(quarry, events, [], async (store) => {
            const viaRule = await run(store, fused(keys, next, rest), batchRows);
            expect(viaRule.fused).toBe(true);
            // any(): the groupByUser's value could be read next, so the rule stays off.
            const generic = await run(store, fused(keys, next, rest, 'mixpanel.reducer.any()'), batchRows);
            expect(generic.fused).toBe(false);
            expect(viaRule.rows).toEqual(generic.rows);
            // The next stage's key as a sandboxed function over the groupByUser rows.
            const guestNext = next.replace(
              /mixpanel\.slice\("key", (\d+)(?:, (\d+))?\)/g,
              (_m, a, b) => `function(r){ return r.key.slice(${a}${b ? `, ${b}` : ''}); }`,
            );
            const viaGuest = await run(store, fused(keys, guestNext, rest), batchRows, false);
            expect(viaGuest.fused).toBe(false);
            expect(viaRule.rows).toEqual(viaGuest.rows);
          });
        }),
        { numRuns: 12 },
      );
    });
  });

  it('fuses with a filter in the scan and with a list reducer', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(eventArb, { maxLength: 40 }), async (events) => {
        await withPropStore(quarry, events, [], async (store) => {
          const filter = '.filter(function(e){ return e.name !== "b"; })';
          const body = (r: string) => `${filter}.groupByUser(["properties.country"], ${r}).groupBy([mixpanel.slice("key", 1)], [mixpanel.reducer.count()])`;
          const a = await run(store, body('mixpanel.reducer.null()'));
          expect(a.fused).toBe(true);
          const b = await run(store, body('mixpanel.reducer.any()'));
          const c = await run(store, body('mixpanel.reducer.null()'), undefined, false);
          expect(a.rows).toEqual(b.rows);
          expect(a.rows).toEqual(c.rows);
        });
      }),
      { numRuns: 12 },
    );
  });
});
