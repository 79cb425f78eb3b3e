import { describe, expect, it } from 'vitest';
import { applyGroupLimits, internalLimitHierarchically } from '../../../src/exec/apply-group-limits.js';
import { ScriptError } from '../../../src/errors.js';

// groupBy(["name", "properties.$browser"], count()) output, sorted by key.
const rows = [
  { key: ['login', 'chrome'], value: 5 },
  { key: ['login', 'firefox'], value: 4 },
  { key: ['login', 'safari'], value: 4 },
  { key: ['purchase', 'chrome'], value: 12 },
  { key: ['signup', 'chrome'], value: 3 },
  { key: ['signup', 'edge'], value: 3 },
  { key: ['signup', 'firefox'], value: 3 },
  { key: ['signup', 'safari'], value: 1 },
];
// totals: login 13, purchase 12, signup 10

describe('applyGroupLimits', () => {
  it('ranks a parent by the sum of its subtree, not its largest row', () => {
    // by largest row, purchase (12) would beat login (5); by total, login (13) wins
    expect(applyGroupLimits(rows, [1])).toEqual(rows.slice(0, 3));
  });
  it('top limits[i] children within each parent; ties by key order; output keeps input order', () => {
    expect(applyGroupLimits(rows, [2, 2])).toEqual([rows[0], rows[1], rows[3]]);
    expect(applyGroupLimits(rows, [3, 2])).toEqual([rows[0], rows[1], rows[3], rows[4], rows[5]]);
  });
  it('null limit or missing depth = unlimited', () => {
    expect(applyGroupLimits(rows, [null, 1])).toEqual([rows[0], rows[3], rows[4]]);
    expect(applyGroupLimits(rows, [])).toEqual(rows);
  });
  it('globalLimit keeps the first rows in hierarchical rank order', () => {
    // ranked: login/chrome, login/firefox, login/safari, purchase/chrome, signup/chrome ...
    expect(applyGroupLimits(rows, [], 4)).toEqual(rows.slice(0, 4));
    expect(applyGroupLimits(rows, [3, 1], 2)).toEqual([rows[0], rows[3]]);
    expect(applyGroupLimits(rows, [3, 1], 0)).toEqual([]);
  });
  it('list values rank by their first element; keys of different lengths', () => {
    const r = [
      { key: ['a'], value: [1, 100] },
      { key: ['a', 'x'], value: [2, 0] },
      { key: ['b'], value: [5, 0] },
    ];
    expect(applyGroupLimits(r, [1])).toEqual([r[2]]);
    expect(applyGroupLimits(r, [2], 2)).toEqual([r[0], r[2]]);
  });
  it('internalLimitHierarchically is the same', () => {
    expect(internalLimitHierarchically(rows, [2, 2])).toEqual(applyGroupLimits(rows, [2, 2]));
  });
  it('bad input is an InvalidQuery error', () => {
    expect(() => applyGroupLimits(rows, 3 as never)).toThrow(ScriptError);
    expect(() => applyGroupLimits(rows, [1.5])).toThrow(/whole numbers/);
    expect(() => applyGroupLimits(rows, [1], -1)).toThrow(/globalLimit/);
    expect(() => applyGroupLimits([{ key: 'a', value: 1 }] as never, [1])).toThrow(/groupBy output/);
  });
});
