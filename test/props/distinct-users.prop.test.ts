/**
 * Distinct users per key (plan/physical/rules/distinct-users.ts) against the generic
 * groupByUser-then-groupBy path: the same question written so the rule applies and so
 * it does not (a groupByUser value the next stage could read; a key function in the
 * sandbox) must give identical rows on random data, including mixed-type keys, events
 * without a user, several keys, time buckets and fused filters.
 */
import fc from 'fast-check';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runQuery } from '../../src/exec/index.js';
import { importEvents } from '../../src/ingest/index.js';
import { shutdownSandboxPool } from '../../src/sandbox/index.js';
import { Store } from '../../src/store/index.js';

afterAll(() => shutdownSandboxPool());

const DAY = 86_400;
const T0 = 1458000000; // 2016-03-15 00:00 UTC

const scalar = fc.oneof(fc.constantFrom('US', 'CA', '', '10'), fc.constantFrom(0, 2.5, 10), fc.boolean(), fc.constant(null));
const maybe = <T>(arb: fc.Arbitrary<T>) => fc.option(arb, { nil: undefined, freq: 3 });

const eventArb = fc.record({
  name: fc.constantFrom('a', 'b', 'Sign up'),
  user: fc.option(fc.constantFrom('u1', 'u2', 'u3', 'u4', 'u5', 'u6'), { nil: undefined, freq: 8 }),
  t: fc.integer({ min: 0, max: 3 * DAY - 1 }),
  country: maybe(fc.constantFrom('US', 'CA', 'FR')),
  mixed: maybe(scalar),
  list: maybe(fc.array(fc.constantFrom('p', 'q', 3), { maxLength: 3 })),
});

type GenEvent = typeof eventArb extends fc.Arbitrary<infer T> ? T : never;

async function storeOf(events: GenEvent[]): Promise<Store> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'quarry-prop-'));
  const store = Store.init(dir);
  const records = events.map((e, i) => {
    const properties: Record<string, unknown> = { time: T0 + e.t, $insert_id: `i${i}` };
    if (e.user !== undefined) properties.distinct_id = e.user;
    if (e.country !== undefined) properties.country = e.country;
    if (e.mixed !== undefined) properties.mixed = e.mixed;
    if (e.list !== undefined) properties.list = e.list;
    return { line: i + 1, value: { event: e.name, properties } };
  });
  await importEvents(store, [{ label: 'gen', records }]);
  return store.reopen();
}

async function run(store: Store, body: string, batchRows?: number, translate = true): Promise<{ rows: unknown; fused: boolean }> {
  const source = `function main() { return Events({from_date: '2016-03-15', to_date: '2016-03-17'})${body}; }`;
  const q = await runQuery({ store, source, filename: 'prop.js', batchRows, translate });
  const out: unknown[] = [];
  for await (const item of q.items) out.push(item);
  await q.close();
  const first = q.physical.stages[0];
  return { rows: JSON.parse(JSON.stringify(out)), fused: first?.op === 'aggregate' && first.distinctUsers === true };
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
          const store = await storeOf(events);
          try {
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
          } finally {
            fs.rmSync(store.dir, { recursive: true, force: true });
          }
        }),
        { numRuns: 12 },
      );
    });
  });

  it('fuses with a filter in the scan and with a list reducer', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(eventArb, { maxLength: 40 }), async (events) => {
        const store = await storeOf(events);
        try {
          const filter = '.filter(function(e){ return e.name !== "b"; })';
          const body = (r: string) => `${filter}.groupByUser(["properties.country"], ${r}).groupBy([mixpanel.slice("key", 1)], [mixpanel.reducer.count()])`;
          const a = await run(store, body('mixpanel.reducer.null()'));
          expect(a.fused).toBe(true);
          const b = await run(store, body('mixpanel.reducer.any()'));
          const c = await run(store, body('mixpanel.reducer.null()'), undefined, false);
          expect(a.rows).toEqual(b.rows);
          expect(a.rows).toEqual(c.rows);
        } finally {
          fs.rmSync(store.dir, { recursive: true, force: true });
        }
      }),
      { numRuns: 12 },
    );
  });
});
