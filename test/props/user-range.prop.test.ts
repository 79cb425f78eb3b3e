/**
 * A user-range shard's rows of a day (store/event-user-range.ts) are exactly the day's
 * rows of those users, column by column, for every kind of column; the ranges a parallel
 * query splits users into cover every user once; and queries split that way give the
 * answers of one thread (three threads here; threads.prop.test.ts runs two).
 */
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { collectItems } from '../helpers/collect-items.js';
import { DAY, maybe, planProfiles, withPropStore } from '../helpers/prop-store.js';
import { quarryModules } from '../helpers/quarry-build.js';
import { rangesOf } from '../../src/exec/parallel/user-ranges.js';
import { EventPartition, EventUserRange, NO_USER, sliceBits, sliceColumn, valueAt, type Column } from '../../src/store/index.js';

type Store = import('../../src/store/index.js').Store;

// Worker threads load the compiled build (as threads.prop.test.ts).
const quarry = await quarryModules('dist');
afterAll(() => quarry.shutdownSandboxPool());

/** Events over two days by users 0..29 (some without a user), with properties of every kind. */
const eventArb = fc.record({
  name: fc.constantFrom('a', 'b', 'c'),
  user: fc.option(fc.integer({ min: 0, max: 29 }), { nil: undefined, freq: 8 }),
  t: fc.integer({ min: 0, max: 2 * DAY - 1 }),
  s: maybe(fc.constantFrom('x', 'y', 'zé')),
  n: maybe(fc.integer({ min: -3, max: 99 })),
  b: maybe(fc.boolean()),
  mixed: maybe(fc.oneof(fc.constant(null), fc.integer(), fc.string({ maxLength: 3 }), fc.array(fc.integer(), { maxLength: 2 }))),
  rare: fc.option(fc.constant('r'), { nil: undefined, freq: 12 }),
});

function values(col: Column | undefined, rows: number[]): unknown[] {
  return rows.map((r) => valueAt(col, r));
}

describe('sliceBits', () => {
  it('bit i of the slice is bit r0 + i of the bitmap, and no bit past the end is set', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 1, maxLength: 24 }), fc.nat(), fc.nat(), (bm, a, b) => {
        const bits = bm.length * 8;
        const r0 = a % bits;
        const n = b % (bits - r0 + 1);
        const out = sliceBits(bm, r0, n)!;
        for (let i = 0; i < out.length * 8; i++) {
          const want = i < n ? (bm[(r0 + i) >> 3]! >> ((r0 + i) & 7)) & 1 : 0;
          expect((out[i >> 3]! >> (i & 7)) & 1).toBe(want);
        }
      }),
    );
  });
});

describe('rangesOf', () => {
  it('covers -1 (no user) and every user number once, ascending, for any sample', () => {
    fc.assert(
      fc.property(fc.array(fc.array(fc.integer({ min: -1, max: 50 }), { maxLength: 40 }), { maxLength: 3 }), fc.integer({ min: 1, max: 5 }), (sample, n) => {
        const ranges = rangesOf(
          sample.map((a) => Int32Array.from(a)),
          51,
          n,
        );
        expect(ranges).toHaveLength(n);
        expect(ranges[0]![0]).toBe(NO_USER);
        for (let k = 0; k < n; k++) {
          expect(ranges[k]![0]).toBeLessThanOrEqual(ranges[k]![1]);
          if (k > 0) expect(ranges[k]![0]).toBe(ranges[k - 1]![1]);
        }
        expect(ranges[n - 1]![1]).toBeGreaterThan(50);
      }),
    );
  });
});

describe('EventUserRange', () => {
  it('holds the rows of users [lo, hi) of a day, every column equal to the whole day read and filtered', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(eventArb, { minLength: 1, maxLength: 80 }),
        fc.integer({ min: -1, max: 31 }),
        fc.integer({ min: 0, max: 32 }),
        async (events, a, span) => {
          await withPropStore(quarry, events, [], async (store: Store) => {
            const lo = a;
            const hi = a + span;
            for (const day of store.days()) {
              const meta = store.partitionMeta(day)!;
              const whole = new EventPartition(store.dir, day, meta);
              const rows = [...whole.user.keys()].filter((r) => whole.user[r]! >= lo && whole.user[r]! < hi);
              const range = EventUserRange.open(store.dir, day, meta, lo, hi);
              if (rows.length === 0) {
                expect(range).toBeNull();
                continue;
              }
              if (range === null || range === 'unsorted') throw new Error(`expected rows for [${lo}, ${hi}) on ${day}`);
              const all = [...Array(range.length).keys()];
              expect([...range.user]).toEqual(rows.map((r) => whole.user[r]));
              expect([...range.time]).toEqual(rows.map((r) => whole.time[r]));
              expect(values(range.name, all)).toEqual(values(whole.name, rows));
              expect(range.keys()).toEqual(whole.keys());
              for (const key of [...whole.keys(), '$insert_id', 'never']) {
                const col = range.column(key);
                expect(col === undefined).toBe(whole.column(key) === undefined);
                expect(values(col, all)).toEqual(values(whole.column(key), rows));
                if (col?.kind === 'json') expect(col.texts).toEqual(rows.map((r) => (whole.column(key) as typeof col).texts[r]));
              }
            }
          });
        },
      ),
      { numRuns: 25 },
    );
  });

  it('sliceColumn of a whole column is the column', async () => {
    await withPropStore(quarry, [{ name: 'a', user: 1, t: 5, s: 'x', n: 3, b: true, mixed: [1] }], [], async (store: Store) => {
      const day = store.days()[0]!;
      const whole = new EventPartition(store.dir, day, store.partitionMeta(day)!);
      for (const key of whole.keys()) expect(values(sliceColumn(whole.column(key)!, 0, 1), [0])).toEqual(values(whole.column(key), [0]));
    });
  });
});

describe('user-range shards give the answers of one thread', () => {
  const EVENTS = `Events({from_date: '2016-03-14', to_date: '2016-03-21'})`;
  const CASES = [
    `${EVENTS}.groupByUser(function (s, evs) { s = s || []; for (var i = 0; i < evs.length; i++) s.push([evs[i].name, evs[i].properties.s, evs[i].properties.mixed]); return s; })`,
    `${EVENTS}.groupByUser(["properties.b"], function (s, evs) { return (s || 0) + evs.length; }).groupBy(["value"], mixpanel.reducer.count())`,
    `join(${EVENTS}, People(), {type: 'full'}).groupByUser(function (s, ps) { return (s || 0) + ps.length; })`,
  ];
  it('on random data, three threads', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(eventArb, { minLength: 1, maxLength: 60 }), async (events) => {
        await withPropStore(quarry, events, planProfiles(12), async (store: Store) => {
          for (const source of CASES) {
            const run = async (threads: number) =>
              collectItems(await quarry.runQuery({ store, source: `function main() { return ${source}; }`, filename: 't.js', threads, parallelMinRows: 0 }));
            expect(await run(3)).toEqual(await run(1));
          }
        });
      }),
      { numRuns: 5 },
    );
  }, 300_000);
});
