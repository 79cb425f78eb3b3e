/**
 * Waves of user ranges (exec/parallel/user-waves.ts): a user shard of a custom
 * groupByUser reducer run as several sub-ranges, one after another, gives the answers
 * of one wave and of one thread, whether the shard finishes the groupByUser itself or
 * runs the stages after it (rules/shard-stages.ts), over events and a full join; so
 * does one thread run in waves. A low budget and a few rows a wave force the wave path
 * on a small store.
 */
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { collectItems } from '../helpers/collect-items.js';
import { planProfiles, userEventArb, withPropStore } from '../helpers/prop-store.js';
import { quarryModules } from '../helpers/quarry-build.js';
import { capWaveUsers, groupWaves, WAVE_BYTES_PER_ROW, wavesPerShard } from '../../src/exec/parallel/user-waves.js';

type Store = import('../../src/store/index.js').Store;

// Worker threads load the compiled build (as threads.prop.test.ts).
const quarry = await quarryModules('dist');
afterAll(() => quarry.shutdownSandboxPool());

describe('wavesPerShard', () => {
  it('one wave within the budget; past it, waves of at most the given rows per shard', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 1e9 }),
        fc.integer({ min: 1, max: 8 }),
        fc.integer({ min: 0, max: 2 ** 40 }),
        fc.integer({ min: 1, max: 1e7 }),
        (rows, shards, budget, waveRows) => {
          const w = wavesPerShard(rows, shards, { budgetBytes: budget, rows: waveRows });
          if (rows * WAVE_BYTES_PER_ROW <= budget) expect(w).toBe(1);
          else {
            expect(w).toBeGreaterThanOrEqual(1);
            expect(rows / shards / w).toBeLessThanOrEqual(waveRows);
            if (w > 1) expect(rows / shards / (w - 1)).toBeGreaterThan(waveRows);
          }
        },
      ),
    );
  });
});

describe('groupWaves', () => {
  it('gives shard k the ranges k·w to k·w + w - 1 as its waves, its range their union', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 4 }),
        fc.integer({ min: 1, max: 5 }),
        fc.array(fc.nat({ max: 5 }), { minLength: 20, maxLength: 20 }),
        (n, w, steps) => {
          const ranges: Array<[number, number]> = [];
          let lo = -1;
          for (let i = 0; i < n * w; i++) {
            const hi = lo + steps[i]!;
            ranges.push([lo, hi]);
            lo = hi;
          }
          const shards = groupWaves(ranges, n);
          expect(shards).toHaveLength(n);
          shards.forEach((s, k) => {
            const mine = ranges.slice(k * w, (k + 1) * w);
            expect(s.userRange).toEqual([mine[0]![0], mine[w - 1]![1]]);
            expect(s.waves).toEqual(w > 1 ? mine : undefined);
          });
        },
      ),
    );
  });
});

describe('capWaveUsers', () => {
  it('cuts waves wider than the cap (counted up to the user count) into ascending parts covering the same numbers', () => {
    fc.assert(
      fc.property(
        fc.array(fc.nat({ max: 40 }), { minLength: 1, maxLength: 6 }),
        fc.integer({ min: 0, max: 150 }),
        fc.integer({ min: 1, max: 30 }),
        (steps, userCount, cap) => {
          const waves: Array<[number, number]> = [];
          let lo = -1;
          steps.forEach((st, i) => {
            const hi = i === steps.length - 1 ? 2 ** 31 - 1 : lo + st;
            waves.push([lo, hi]);
            lo = hi;
          });
          const out = capWaveUsers(waves, userCount, cap);
          expect(out[0]![0]).toBe(-1);
          expect(out[out.length - 1]![1]).toBe(2 ** 31 - 1);
          for (let i = 0; i < out.length; i++) {
            const [a, b] = out[i]!;
            expect(a).toBeLessThanOrEqual(b);
            if (i > 0) expect(a).toBe(out[i - 1]![1]);
            expect(Math.min(b, Math.max(a, userCount)) - a).toBeLessThanOrEqual(Math.max(cap, 0));
          }
          // Every input bound is still a bound: a part never straddles two waves.
          const bounds = new Set(out.flat());
          for (const [a, b] of waves) expect(bounds.has(a) && bounds.has(b)).toBe(true);
        },
      ),
    );
  });
});

describe('waves of users give the answers of one wave, in user shards and in one thread', () => {
  const EVENTS = `Events({from_date: '2016-03-14', to_date: '2016-03-21'})`;
  const CASES = [
    // Results leave the shard per user (the shard finishes the groupByUser).
    `${EVENTS}.groupByUser(function (s, evs) { s = s || []; for (var i = 0; i < evs.length; i++) s.push([evs[i].name, evs[i].properties.amount]); return s; })`,
    `${EVENTS}.groupByUser(["properties.country"], function (s, evs) { return (s || 0) + evs.length; })`,
    // The shard runs the stages after it into the next aggregation, wave by wave.
    `${EVENTS}.groupByUser(function (s, evs) { return (s || 0) + evs.length; }).map(function (r) { return { n: r.value, c: r.key[0].length }; }).groupBy(["n"], [mixpanel.reducer.count(), mixpanel.reducer.max("c")])`,
    `join(${EVENTS}, People(), {type: 'full'}).groupByUser(function (s, ps) { return (s || 0) + ps.length; })`,
  ];
  it('on random data, two threads and one', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(userEventArb, { minLength: 1, maxLength: 60 }),
        fc.integer({ min: 1, max: 6 }),
        fc.integer({ min: 1, max: 12 }),
        async (events, waveRows, waveUsers) => {
          await withPropStore(quarry, events, planProfiles(7), async (store: Store) => {
            for (const source of CASES) {
              const run = async (threads: number, waves?: { budgetBytes: number; rows: number; users?: number }) => {
                const q = await quarry.runQuery({
                  store,
                  source: `function main() { return ${source}; }`,
                  filename: 't.js',
                  threads,
                  parallelMinRows: 0,
                  waves,
                });
                const items = await collectItems(q);
                return { items, waves: q.stats.shards ? q.stats.shards.map((s) => s.waves ?? 1) : [q.stats.waves ?? 1] };
              };
              const inWaves = await run(2, { budgetBytes: 0, rows: waveRows, users: waveUsers });
              const oneWave = await run(2, { budgetBytes: 2 ** 40, rows: waveRows });
              expect(oneWave.waves).toEqual([1, 1]);
              // The wave path ran: more than one wave in a shard whenever its rows allow
              // (more when a wave spans more than waveUsers user numbers).
              const rows = store.days().reduce((s, d) => s + store.partitionMeta(d)!.rows, 0);
              expect(Math.min(...inWaves.waves)).toBeGreaterThanOrEqual(Math.max(1, Math.ceil(rows / 2 / waveRows)));
              expect(inWaves.items).toEqual(oneWave.items);
              const oneThread = await run(1);
              expect(oneThread.waves).toEqual([1]);
              expect(inWaves.items).toEqual(oneThread.items);
              // One thread in waves: the waves' rows, sorted by key as one pass sorts them.
              const oneThreadInWaves = await run(1, { budgetBytes: 0, rows: waveRows, users: waveUsers });
              expect(oneThreadInWaves.waves[0]).toBeGreaterThanOrEqual(Math.max(1, Math.ceil(rows / waveRows)));
              expect(oneThreadInWaves.items).toEqual(oneThread.items);
            }
          });
        },
      ),
      { numRuns: 5 },
    );
    // 100 runs of which 40 start two threads: past vitest's 60 s on a loaded machine.
  }, 300_000);
});
