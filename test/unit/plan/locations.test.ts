import { describe, expect, it } from 'vitest';
import type { Plan } from '../../../src/plan/index.js';
import { refineLocations } from '../../../src/plan/index.js';
import { analyzeElementReads } from '../../../src/plan/reads.js';

describe('refineLocations', () => {
  it('moves each stage from the statement start to its own call', () => {
    const source = [
      'function main() {',
      '  return Events({from_date: "2016-01-01", to_date: "2016-01-02"})',
      '    .filter(function (e) { return e.name; })',
      '    .groupBy(["name"], mixpanel.reducer.count())',
      '    .map(function (r) { return r; }) .map(function (r) { return r; });',
      '}',
    ].join('\n');
    const at = { line: 2, column: 3 };
    const plan = {
      source: { kind: 'events', fromDate: '2016-01-01', toDate: '2016-01-02', eventSelectors: [], cohorts: [], loc: { ...at } },
      stages: [
        { kind: 'filter', fn: 0, loc: { ...at } },
        { kind: 'groupBy', keys: [], reducers: [], list: false, loc: { ...at } },
        { kind: 'map', fn: 1, loc: { ...at } },
        { kind: 'map', fn: 2, loc: { ...at } },
      ],
      fns: [],
    } as unknown as Plan;
    refineLocations(plan, source);
    expect(plan.source.loc).toEqual({ line: 2, column: 10 });
    expect(plan.stages.map((s) => s.loc)).toEqual([
      { line: 3, column: 6 },
      { line: 4, column: 6 },
      { line: 5, column: 6 },
      { line: 5, column: 39 },
    ]);
  });
});

describe('analyzeElementReads (what a reducer reads from its items)', () => {
  it.each([
    ['function (s, evs) { for (var i = 0; i < evs.length; i++) if (evs[i].name == "x") s++; return s; }', ['name']],
    ['(s, xs) => xs[0].properties.amount + xs[xs.length - 1]["time"]', ['properties.amount', 'time']],
    ['(s, evs) => (s || 0) + evs.length', []],
    ['function (s) { return 1; }', []],
    ['function (s, items) { return items.map(function (e) { return e.name; }); }', null],
    ['function (s, items) { items[0] = 1; return s; }', null],
    ['function (s, items) { return items[0]; }', null],
    ['function (s, items) { return f(items); }', null],
  ])('%s', (src, want) => {
    expect(analyzeElementReads(src)).toEqual(want);
  });
});
