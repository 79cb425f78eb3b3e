/**
 * The shard protocol through its library API: for every example (on the demo store)
 * and every JQL case (on the fixture store), plan -> tasks in a shuffled order (one
 * run twice) -> merges grouped three ways -> finish gives the result of a one-thread
 * run (equal JSON, or floats within the documented tolerance), and the three
 * groupings give the same bytes. Script errors surface as in a one-thread run.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildDemoStore } from '../../../../src/cli/build-demo.js';
import { shutdownSandboxPool } from '../../../../src/sandbox/index.js';
import type { Store } from '../../../../src/store/index.js';
import { makeJqlStore } from '../../../helpers/jql-store.js';
import { collectQuery } from '../../../helpers/query.js';
import { runDistributed, sameWithinFloatTolerance } from '../../../helpers/shard-protocol.js';
import { expectCaseError, loadCases } from '../../../jql/run-cases.js';

const EXAMPLES = path.join(import.meta.dirname, '..', '..', '..', '..', 'examples');
const cases = loadCases(path.join(import.meta.dirname, '..', '..', '..', 'cases', 'jql'));
const NOW = Date.UTC(2016, 2, 20, 12);
const stores = new Map<string, Store>();
let demo: Store;

beforeAll(async () => {
  for (const tz of new Set(cases.map((c) => c.timezone))) stores.set(tz, await makeJqlStore(tz));
  demo = await buildDemoStore(path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'quarry-shards-demo-')), 'store'));
});
afterAll(() => shutdownSandboxPool());

async function check(store: Store, source: string, filename: string, params: unknown, shards: number, nowMs: number): Promise<string> {
  const expected = await collectQuery({ store, source, filename, params, nowMs, seed: 1, threads: 1 });
  const run = await runDistributed({ store, source, filename, params, nowMs, seed: 1, shards });
  const { all, tree, leftToRight } = run.results;
  expect(tree).toBe(all);
  expect(leftToRight).toBe(all);
  if (all !== JSON.stringify(expected))
    expect(sameWithinFloatTolerance(JSON.parse(all), expected), `${filename}: ${all.slice(0, 300)} vs ${JSON.stringify(expected).slice(0, 300)}`).toBe(true);
  return run.plan.stage?.mode ?? 'whole';
}

describe('shard protocol: examples on the demo store', () => {
  const files = fs
    .readdirSync(EXAMPLES)
    .filter((f) => f.endsWith('.js'))
    .sort();
  const modes: Record<string, number> = {};
  for (const f of files) {
    it(f, async () => {
      const mode = await check(demo, fs.readFileSync(path.join(EXAMPLES, f), 'utf8'), f, {}, 4, Date.UTC(2024, 3, 1));
      modes[mode] = (modes[mode] ?? 0) + 1;
    }, 300_000);
  }
  it('the examples exercise days, users and whole-query plans', () => {
    expect(Object.keys(modes).sort()).toEqual(['days', 'users', 'whole'].filter((m) => m in modes).sort());
    expect(modes.days ?? 0).toBeGreaterThan(0);
  });
});

describe('shard protocol: JQL cases on the fixture store', () => {
  for (const c of cases) {
    it(c.name, async () => {
      const store = stores.get(c.timezone)!;
      const filename = path.basename(c.file);
      if (c.error !== undefined) {
        await expectCaseError(runDistributed({ store, source: c.source, filename, params: c.params, nowMs: NOW, seed: 1, shards: 3 }), c);
        return;
      }
      await check(store, c.source, filename, c.params, 3, NOW);
    });
  }
});

describe('shard protocol: stages after a groupByUser run in the user shards', () => {
  const scripts: Record<string, [string, number]> = {
    'map-filter-groupBy': [
      `function main() {
  return Events({ from_date: '2016-03-15', to_date: '2016-03-17' })
    .groupByUser(function (s, evs) { s = s || { n: 0 }; s.n += evs.length; return s; })
    .map(function (r) { return { n: r.value.n, u: r.key[0] }; })
    .filter(function (r) { return r.u !== 'bob'; })
    .groupBy(['n'], [mixpanel.reducer.count(), mixpanel.reducer.max('n'), mixpanel.reducer.count_unique('u')])
    .map(function (r) { return [r.key[0], r.value]; });
}`,
      3,
    ],
    'flatten-reduce': [
      `function main() {
  return Events({ from_date: '2016-03-15', to_date: '2016-03-17' })
    .groupByUser(function (s, evs) { s = s || []; evs.forEach(function (e) { s.push(e.name); }); return s; })
    .map(function (r) { return r.value; })
    .flatten()
    .reduce([mixpanel.reducer.count(), mixpanel.reducer.count_unique()]);
}`,
      3,
    ],
  };
  for (const [name, [source, through]] of Object.entries(scripts)) {
    it(name, async () => {
      const store = stores.get('UTC')!;
      const expected = await collectQuery({ store, source, filename: `${name}.js`, nowMs: NOW, seed: 1, threads: 1 });
      const run = await runDistributed({ store, source, filename: `${name}.js`, nowMs: NOW, seed: 1, shards: 3 });
      expect(run.plan.stage).toEqual({ index: 0, mode: 'users', through });
      for (const r of Object.values(run.results)) expect(r).toBe(JSON.stringify(expected));
    });
  }
});
