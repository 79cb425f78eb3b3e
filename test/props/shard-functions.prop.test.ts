/**
 * Shard workers that compile the user functions from source (no main()) give the
 * same bytes as one thread, and so do those that fall back to re-running main():
 * functions using globals, params, top-level helpers, top-level counters, helpers
 * declared in main(), closures over main()'s variables (fallback), console.log. A
 * user error thrown in a shard reads as in one thread. And a shard never calls
 * main() when the plan says its functions compile.
 */
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { DAY, withPropStore } from '../helpers/prop-store.js';
import { fromDist, quarryModules } from '../helpers/quarry-build.js';

type Store = import('../../src/store/index.js').Store;

// The compiled build (npm test builds first), as threads.prop.test.ts.
const quarry = await quarryModules('dist');
const { runShard } = await fromDist<typeof import('../../src/exec/parallel/run-shard.js')>('exec/parallel/run-shard.js');

afterAll(() => quarry.shutdownSandboxPool());

const RANGE = `{from_date: '2016-03-14', to_date: '2016-03-21'}`;

// Every event has a user and an amount.
const eventArb = fc.record({
  name: fc.constantFrom('a', 'b', 'c'),
  user: fc.integer({ min: 0, max: 9 }),
  t: fc.integer({ min: 0, max: 6 * DAY - 1 }),
  amount: fc.integer({ min: -5, max: 50 }),
});

interface Outcome {
  mode: string;
  bytes: string;
  console: string[];
}

async function run(store: Store, source: string, threads: number): Promise<Outcome> {
  const lines: string[] = [];
  const q = await quarry.runQuery({
    store,
    source,
    filename: 't.js',
    threads,
    parallelMinRows: 0,
    translate: false,
    params: { min: 10 },
    onConsole: (line) => lines.push(line),
  });
  const out: unknown[] = [];
  for await (const item of q.items) out.push(item);
  await q.close();
  // Shards print their functions' lines as they run: compared as a multiset.
  return { mode: q.physical.shardFns.mode, bytes: JSON.stringify(out), console: lines.sort() };
}

/** [name, script, path its shards take] */
const SCRIPTS: Array<[string, string, 'compiled' | 'main']> = [
  [
    'globals',
    `var MIN = 10;\nvar NAMES = {a: 1, b: 1};\nfunction main() {\n  return Events(${RANGE})\n    .filter(function (e) { return NAMES[e.name] && e.properties.amount > MIN; })\n    .groupBy([function (e) { return e.name; }], mixpanel.reducer.sum('properties.amount'));\n}`,
    'compiled',
  ],
  [
    'params',
    `function main() {\n  return Events(${RANGE})\n    .filter(function (e) { return e.properties.amount > params.min; })\n    .groupBy(['name'], mixpanel.reducer.count());\n}`,
    'compiled',
  ],
  [
    'top-level helper',
    `function size(x) { return x > 20 ? 'big' : x > 0 ? 'small' : 'none'; }\nfunction main() {\n  return Events(${RANGE}).groupBy([function (e) { return size(e.properties.amount); }], mixpanel.reducer.count());\n}`,
    'compiled',
  ],
  [
    'top-level counter',
    `var seen = 0;\nfunction key(e) { seen++; return seen > 0 ? e.name : 'never'; }\nfunction main() {\n  return Events(${RANGE}).groupBy([key], mixpanel.reducer.count());\n}`,
    'compiled',
  ],
  [
    'helper declared in main',
    `function main() {\n  function big(e) { return e.properties.amount > 25; }\n  return Events(${RANGE}).filter(big).groupBy(['name'], mixpanel.reducer.count());\n}`,
    'compiled',
  ],
  [
    'groupByUser state',
    `function main() {\n  return Events(${RANGE})\n    .groupByUser(function (s, evs) { s = s || {n: 0, sum: 0}; evs.forEach(function (e) { s.n++; s.sum += e.properties.amount; }); return s; });\n}`,
    'compiled',
  ],
  [
    'custom reducer',
    `function main() {\n  return Events(${RANGE}).groupBy(['name'], function (accs, items) { var n = items.length; for (var i = 0; i < accs.length; i++) n += accs[i]; return n; });\n}`,
    'compiled',
  ],
  [
    'console.log',
    `function main() {\n  console.log('main ran');\n  return Events(${RANGE})\n    .filter(function (e) { if (e.properties.amount === 7) console.log('seven: ' + e.name); return true; })\n    .groupBy(['name'], mixpanel.reducer.count());\n}\nconsole.log('top level ran');`,
    'compiled',
  ],
  [
    'closure over main (fallback)',
    `function main() {\n  var t = params.min;\n  console.log('main ran');\n  return Events(${RANGE}).filter(function (e) { return e.properties.amount > t; }).groupBy(['name'], mixpanel.reducer.count());\n}`,
    'main',
  ],
  [
    'main writes a global (fallback)',
    `var t = 0;\nfunction main() {\n  t = params.min;\n  return Events(${RANGE}).filter(function (e) { return e.properties.amount > t; }).groupBy(['name'], mixpanel.reducer.count());\n}`,
    'main',
  ],
];

describe('threads 2..4 give the bytes of one thread, compiled or not', () => {
  it('on random data', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(eventArb, { minLength: 1, maxLength: 60 }), fc.integer({ min: 2, max: 4 }), async (events, threads) => {
        await withPropStore(quarry, events, [], async (store) => {
          for (const [name, source, mode] of SCRIPTS) {
            const one = await run(store, source, 1);
            const many = await run(store, source, threads);
            expect(one.mode, name).toBe(mode);
            expect(many, name).toEqual(one);
          }
        });
      }),
      { numRuns: 3 },
    );
  }, 300_000);
});

/** What the user sees of a failed query: the error's class, message, place and user stack. */
async function failure(store: Store, source: string, threads: number) {
  try {
    await run(store, source, threads);
  } catch (e) {
    const { name, message, location, userStack, expression, column } = e as Error & Record<string, unknown>;
    return { name, message, location, userStack, expression, column };
  }
  throw new Error('expected the query to fail');
}

describe('a shard', () => {
  const events = Array.from({ length: 40 }, (_, i) => ({ name: 'abc'[i % 3]!, user: i % 5, t: (i * 12_347) % (6 * DAY), amount: i }));

  it('never calls main() when the functions compile', async () => {
    await withPropStore(quarry, events, [], async (store) => {
      const fn = 'function (e) { return e.properties.amount > params.min; }';
      for (const [source, mode] of [
        [`function main() { return Events(${RANGE}).filter(${fn}).groupBy(['name'], mixpanel.reducer.count()); }`, 'compiled'],
        [
          `function main() { var t = params.min; return Events(${RANGE}).filter(function (e) { return e.properties.amount > t; }).groupBy(['name'], mixpanel.reducer.count()); }`,
          'main',
        ],
      ] as const) {
        const q = await quarry.runQuery({ store, source, filename: 't.js', threads: 2, parallelMinRows: 0, translate: false, params: { min: 10 } });
        await q.close();
        const node = q.physical.stages[0];
        if (node?.op !== 'aggregate' || node.shards?.mode !== 'days') throw new Error('expected a plan split by days');
        expect(q.physical.shardFns.mode).toBe(mode);
        // The same script, whose main() now throws: appended, so every function keeps its place.
        const task = {
          storeDir: store.dir,
          manifest: store.manifest,
          plan: q.physical,
          stageIndex: 0,
          batchRows: 1024,
          shard: { days: node.shards.shards[0]! },
          script: {
            source: `${source}\nmain = function () { throw new Error('main() ran in a shard'); };`,
            filename: 't.js',
            params: { min: 10 },
            timeoutMs: 30_000,
            memoryBytes: 64 << 20,
            startedMs: Date.now(),
          },
        };
        const ran = runShard(task, () => {});
        if (mode === 'compiled') await expect(ran).resolves.toHaveProperty('state');
        else await expect(ran).rejects.toThrow(/main\(\) ran in a shard/);
      }
    });
  });

  it('binds the selectors the plan parsed, never parsing them again', async () => {
    await withPropStore(quarry, events, [], async (store) => {
      const source = `function main() {\n  return Events({from_date: '2016-03-14', to_date: '2016-03-21', event_selectors: [{event: 'a', selector: 'properties["amount"] > 5'}, {selector: 'properties["amount"] < 3'}]})\n    .groupBy(['name'], mixpanel.reducer.count());\n}`;
      const q = await quarry.runQuery({ store, source, filename: 't.js', threads: 2, parallelMinRows: 0 });
      await q.close();
      const node = q.physical.stages[0];
      if (node?.op !== 'aggregate' || node.shards?.mode !== 'days') throw new Error('expected a plan split by days');
      const parsed = q.physical.scan.source.kind === 'events' ? q.physical.scan.source.eventSelectors.map((e) => e.parsed) : [];
      expect(parsed.every((p) => p !== undefined && 'ast' in p)).toBe(true);
      const task = (plan: typeof q.physical) => ({
        storeDir: store.dir,
        manifest: store.manifest,
        plan,
        stageIndex: 0,
        batchRows: 1024,
        shard: { days: node.shards!.mode === 'days' ? node.shards!.shards[0]! : [] },
        script: { source, filename: 't.js', params: {}, timeoutMs: 30_000, memoryBytes: 64 << 20, startedMs: Date.now() },
      });
      // The same plan as JSON, with every selector's text made unparsable: the trees decide.
      const garbled = JSON.parse(JSON.stringify(q.physical).replaceAll('properties[\\"amount\\"]', '(((')) as typeof q.physical;
      expect(JSON.stringify(garbled)).not.toContain('properties[\\"amount\\"]');
      const want = await runShard(task(q.physical), () => {});
      const got = await runShard(task(garbled), () => {});
      expect(got.state).toEqual(want.state);
    });
  });

  it('reports a user error as one thread does: same message, line and column', async () => {
    await withPropStore(quarry, events, [], async (store) => {
      const source = `var LIMIT = 30;\nfunction main() {\n  return Events(${RANGE})\n    .groupBy([function (e) {\n      if (e.properties.amount > LIMIT) throw new Error('amount over the limit');\n      return e.name;\n    }], mixpanel.reducer.count());\n}`;
      const one = await failure(store, source, 1);
      expect(one.name).toBe('ScriptError');
      expect(one.message).toMatch(/^t\.js:5:/);
      expect(one.userStack).toMatch(/t\.js:5/);
      expect(await failure(store, source, 3)).toEqual(one);
    });
  });

  it('reports a selector error as one thread does', async () => {
    await withPropStore(quarry, events, [], async (store) => {
      const source = `function main() {
  return Events({from_date: '2016-03-14', to_date: '2016-03-21', event_selectors: [{event: 'a', selector: 'properties["amount"] > 3 and'}]})
    .groupBy([function (e) { return e.name; }], mixpanel.reducer.count());
}`;
      const one = await failure(store, source, 1);
      expect(one.message).toMatch(/invalid selector: line 1, column 29/);
      expect(await failure(store, source, 3)).toEqual(one);
    });
  });
});
