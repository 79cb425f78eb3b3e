/**
 * Key slices in the library: the slice hash is FNV-1a (published test vectors, so it
 * cannot drift with a Node version), a groupBy with a group per user split into
 * 1-4 slices gives the unsplit job's bytes, console lines and state; when auto slices;
 * the console lines finish replays are capped as one run's are.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { autoKeySlices, AUTO_SLICE_MIN_ROWS, keySliceOf } from '../../../../src/exec/distributed/index.js';
import { replayTaskConsole } from '../../../../src/exec/distributed/task-console.js';
import type { AggregateNode } from '../../../../src/plan/index.js';
import { CONSOLE_BUDGET_BYTES } from '../../../../src/sandbox/console-budget.js';
import { shutdownSandboxPool } from '../../../../src/sandbox/index.js';
import type { Store } from '../../../../src/store/index.js';
import { makeJqlStore } from '../../../helpers/jql-store.js';
import { collectQuery } from '../../../helpers/query.js';
import { runDistributed } from '../../../helpers/shard-protocol.js';
import { runSliced } from './run-sliced.js';

let store: Store;
beforeAll(async () => {
  store = await makeJqlStore();
});
afterAll(() => shutdownSandboxPool());

describe('keySliceOf', () => {
  it('is 32-bit FNV-1a of the key text (reference vectors), modulo n', () => {
    expect(keySliceOf('', 2 ** 32)).toBe(0x811c9dc5);
    expect(keySliceOf('a', 2 ** 32)).toBe(0xe40c292c);
    expect(keySliceOf('foobar', 2 ** 32)).toBe(0xbf9cf968);
    expect(keySliceOf('foobar', 7)).toBe(0xbf9cf968 % 7);
  });
  it('spreads user keys over the slices', () => {
    const counts = [0, 0, 0, 0];
    for (let u = 0; u < 4000; u++) counts[keySliceOf(JSON.stringify([`user-${u}`]), 4)]!++;
    for (const c of counts) expect(c).toBeGreaterThan(800);
  });
});

describe('a sliced job = the unsplit job', () => {
  const NOW = Date.UTC(2016, 2, 20, 12);
  const SCRIPTS = {
    'groupBy per user': `function main() { return Events({ from_date: '2016-03-14', to_date: '2016-03-19' })
      .groupBy(['distinct_id', function (e) { if (e.properties.amount > 40) console.log('big', e.distinct_id); return e.name; }],
        [mixpanel.reducer.count(), mixpanel.reducer.any(), mixpanel.reducer.min_by('properties.amount'), function (accs, items) { return accs.length + items.length; }]); }`,
    'groupByUser then groupBy (through)': `function main() { return Events({ from_date: '2016-03-14', to_date: '2016-03-19' })
      .groupByUser(mixpanel.reducer.count()).map(function (r) { return { u: r.key[0], n: r.value }; }).groupBy(['u', 'n'], mixpanel.reducer.count()); }`,
    'custom groupByUser': `function main() { return Events({ from_date: '2016-03-14', to_date: '2016-03-19' })
      .groupByUser(function (s, evs) { s = s || 0; if (evs.length > 3) console.log('many', evs.length); return s + evs.length; }); }`,
  };
  for (const [name, source] of Object.entries(SCRIPTS)) {
    it(name, async () => {
      const o = { store, source, filename: 'k.js', seed: 2, nowMs: NOW, shards: 4 };
      const unsplit = await runDistributed(o);
      const lines: string[] = [];
      const expected = JSON.stringify(await collectQuery({ ...o, threads: 1, onConsole: (l: string) => lines.push(l) }));
      expect(unsplit.results.all).toBe(expected);
      if (source.includes('console.log')) expect(lines.length).toBeGreaterThan(0);
      for (const keySlices of [1, 2, 3, 4]) {
        const r = await runSliced({ ...o, keySlices }, keySlices);
        expect(r.slices).toBe(keySlices);
        expect(r.results.all).toBe(expected);
        expect(r.results.tree).toBe(expected);
        expect(r.results.leftToRight).toBe(expected);
        expect(r.console).toEqual(lines);
      }
    }, 300_000);
  }
});

describe('--key-slices auto', () => {
  const node = (kind: AggregateNode['kind'], keys: AggregateNode['keys']) => ({ kind, keys }) as AggregateNode;
  const big = AUTO_SLICE_MIN_ROWS * 10;
  it('slices states with many groups over big scans, in proportion to the tasks', () => {
    expect(autoKeySlices({ node: node('groupByUser', []), tasks: 4, rows: big })).toBe(2);
    expect(autoKeySlices({ node: node('groupBy', [{ kind: 'path', path: 'distinct_id' }]), tasks: 40, rows: big })).toBe(5);
    expect(autoKeySlices({ node: node('groupBy', [{ kind: 'fn', fnId: 1, reads: null }]), tasks: 400, rows: big })).toBe(8);
  });
  it('keeps one slice for a reduce, known-small keys, a small scan or a single task', () => {
    expect(autoKeySlices({ node: node('reduce', []), tasks: 40, rows: big })).toBe(1);
    expect(autoKeySlices({ node: node('groupBy', [{ kind: 'path', path: 'name' }]), tasks: 40, rows: big })).toBe(1);
    expect(autoKeySlices({ node: node('groupByUser', []), tasks: 40, rows: AUTO_SLICE_MIN_ROWS - 1 })).toBe(1);
    expect(autoKeySlices({ node: node('groupByUser', []), tasks: 1, rows: big })).toBe(1);
    expect(autoKeySlices({ node: null, tasks: 40, rows: big })).toBe(1);
  });
});

describe("tasks' console lines", () => {
  it('are replayed in task order, under the console budget of one run, with one line for what was dropped', () => {
    const long = 'x'.repeat(1024 * 1024);
    const out: string[] = [];
    replayTaskConsole(
      [
        { task: 2, lines: [['log', 'c']] },
        { task: 0, lines: [['log', 'a'], ...Array.from({ length: 6 }, () => ['log', long] as ['log', string])] },
        { task: 1, lines: [['warn', 'b']] },
      ],
      (line) => out.push(line === long ? 'long' : line),
    );
    const kept = Math.floor((CONSOLE_BUDGET_BYTES - 2) / (long.length + 1));
    expect(out.slice(0, 1 + kept)).toEqual(['a', ...Array(kept).fill('long')]);
    expect(out.at(-1)).toMatch(/dropped: 5 lines/);
    expect(out).not.toContain('b');
  });
});
