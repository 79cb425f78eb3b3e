import { describe, expect, it } from 'vitest';
import { makeReducer, reducerAccessor, REDUCER_NAMES } from '../../../../src/exec/reducers/index.js';
import { ScriptError } from '../../../../src/errors.js';
import { reduceAll, values, type Fed } from './helpers.js';

const r = (name: string, args?: unknown[], options?: Record<string, unknown>) => makeReducer({ name, args, options });
const mixed = values(3, '4', null, undefined, true, 1.5, NaN, Infinity, -2, { a: 1 }, [5]);

describe('count', () => {
  it('counts items', () => {
    expect(reduceAll(r('count'), values(1, null, undefined, 'x'))).toBe(4);
    expect(reduceAll(r('count'), [])).toBe(0);
  });
  it('account_for_sampling divides each item by its sampling_factor', () => {
    const items: Fed[] = [
      { value: undefined, item: { sampling_factor: 0.5 } },
      { value: undefined, item: { sampling_factor: 0.25 } },
      { value: undefined, item: { sampling_factor: 1 } },
      { value: undefined, item: {} }, // missing -> 1
      { value: undefined, item: { event: { sampling_factor: 0.1 }, user: {} } }, // join row
      { value: undefined, item: { sampling_factor: 0 } }, // invalid -> 1
    ];
    expect(reduceAll(r('count', [{ account_for_sampling: true }]), items)).toBeCloseTo(2 + 4 + 1 + 1 + 10 + 1, 10);
    expect(reduceAll(r('count', [], { account_for_sampling: true }), items)).toBeCloseTo(19, 10);
    expect(reduceAll(r('count'), items)).toBe(6);
  });
  it('uses the weight the engine passes', () => {
    const c = r('count', [{ account_for_sampling: true }]);
    expect(c.result(c.add(c.init(), undefined, {}, 0.5))).toBe(2);
  });
});

describe('sum / avg / min / max', () => {
  it('skip everything but finite numbers (numeric strings and booleans too)', () => {
    expect(reduceAll(r('sum', ['x']), mixed)).toBe(2.5);
    expect(reduceAll(r('avg', ['x']), mixed)).toBeCloseTo(2.5 / 3, 12);
    expect(reduceAll(r('min', ['x']), mixed)).toBe(-2);
    expect(reduceAll(r('max', ['x']), mixed)).toBe(3);
  });
  it('of nothing: sum 0, avg/min/max null', () => {
    const none = values('a', null);
    expect(reduceAll(r('sum', ['x']), none)).toBe(0);
    expect(reduceAll(r('avg', ['x']), none)).toBeNull();
    expect(reduceAll(r('min', ['x']), none)).toBeNull();
    expect(reduceAll(r('max', ['x']), none)).toBeNull();
  });
  it('avg with account_for_sampling weighs by 1/sampling_factor', () => {
    const fed: Fed[] = [
      { value: 10, item: { sampling_factor: 0.5 } }, // weight 2
      { value: 40, item: { sampling_factor: 1 } }, // weight 1
    ];
    expect(reduceAll(r('avg', ['x', { account_for_sampling: true }]), fed)).toBe(20);
    expect(reduceAll(r('avg', ['x']), fed)).toBe(25);
  });
});

describe('min_by / max_by', () => {
  const items = [
    { name: 'a', t: 5 },
    { name: 'b', t: 1 },
    { name: 'c', t: 9 },
    { name: 'd', t: 1 },
    { name: 'e', t: 9 },
    { name: 'f' },
    { name: 'g', t: null },
  ];
  const fed = items.map((item) => ({ value: (item as { t?: unknown }).t, item }));
  it('return the whole item, ties first seen, missing skipped', () => {
    expect(reduceAll(r('min_by', ['t']), fed)).toEqual({ name: 'b', t: 1 });
    expect(reduceAll(r('max_by', ['t']), fed)).toEqual({ name: 'c', t: 9 });
  });
  it('null with no rankable value', () => {
    expect(reduceAll(r('max_by', ['t']), fed.slice(5))).toBeNull();
  });
  it('rank strings after numbers, like keys', () => {
    const f = values(2, 'a', 10, 'b');
    expect(reduceAll(r('max_by', []), f)).toBe('b');
    expect(reduceAll(r('min_by', []), f)).toBe(2);
  });
});

describe('numeric_summary', () => {
  it('matches hand computation (population stddev)', () => {
    // 2, 4, 4, 4, 5, 5, 7, 9: mean 5, population stddev 2
    const res = reduceAll(r('numeric_summary', ['x']), values(2, 4, 4, 4, 5, 5, 7, 9, 'x', null));
    expect(res).toEqual({ count: 8, sum: 40, sum_squares: 232, avg: 5, stddev: 2 });
  });
  it('empty', () => {
    expect(reduceAll(r('numeric_summary', ['x']), values('x'))).toEqual({
      count: 0,
      sum: 0,
      sum_squares: 0,
      avg: null,
      stddev: null,
    });
  });
  it('stays accurate for large values close together', () => {
    const res = reduceAll(r('numeric_summary', ['x']), values(1e9 + 4, 1e9 + 7, 1e9 + 13, 1e9 + 16)) as {
      stddev: number;
    };
    expect(res.stddev).toBeCloseTo(Math.sqrt(22.5), 6);
  });
});

describe('numeric_percentiles', () => {
  const data = values(15, 20, 35, 40, 50, 'x', null);
  it('one percentile gives the value (linear interpolation between closest ranks)', () => {
    // h = (5-1)*p/100
    expect(reduceAll(r('numeric_percentiles', ['x', 50]), data)).toBe(35);
    expect(reduceAll(r('numeric_percentiles', ['x', 0]), data)).toBe(15);
    expect(reduceAll(r('numeric_percentiles', ['x', 100]), data)).toBe(50);
    expect(reduceAll(r('numeric_percentiles', ['x', 40]), data)).toBe(29); // h=1.6: 20+0.6*15
    expect(reduceAll(r('numeric_percentiles', ['x', 90]), data)).toBeCloseTo(46, 12); // h=3.6: 40+0.6*10
  });
  it('a list gives [{percentile, value}] in the given order; [] with no values', () => {
    expect(reduceAll(r('numeric_percentiles', ['x', [90, 25]]), data)).toEqual([
      { percentile: 90, value: expect.closeTo(46, 12) },
      { percentile: 25, value: 20 },
    ]);
    expect(reduceAll(r('numeric_percentiles', ['x', [50]]), values('a'))).toEqual([]);
    expect(reduceAll(r('numeric_percentiles', ['x', 50]), values('a'))).toBeNull();
  });
  it('one value', () => {
    expect(reduceAll(r('numeric_percentiles', ['x', 37]), values(7))).toBe(7);
  });
  it('rejects a bad p', () => {
    expect(() => r('numeric_percentiles', ['x', 150])).toThrow(ScriptError);
    expect(() => r('numeric_percentiles', ['x', ['50']])).toThrow(/0 to 100/);
    expect(() => r('numeric_percentiles', ['x'])).toThrow(ScriptError);
  });
});

describe('top', () => {
  const rows = [
    { key: ['b'], value: 3 },
    { key: ['a'], value: 3 },
    { key: ['c'], value: 10 },
    { key: ['d'], value: 'x' },
    { key: ['e'], value: 1 },
  ];
  const fed = rows.map((item) => ({ value: item, item }));
  it('the n largest by value, ties by key', () => {
    expect(reduceAll(r('top', [3]), fed)).toEqual([rows[2], rows[1], rows[0]]);
    expect(reduceAll(r('top', [10]), fed)).toEqual([rows[2], rows[1], rows[0], rows[4]]);
    expect(reduceAll(r('top', [0]), fed)).toEqual([]);
  });
  it('rejects a bad n', () => {
    expect(() => r('top', [-1])).toThrow(ScriptError);
    expect(() => r('top', ['3'])).toThrow(/whole number/);
  });
});

describe('any / null / noop', () => {
  it('any is the first item; null of nothing', () => {
    expect(reduceAll(r('any'), values(null, 2))).toBeNull();
    expect(reduceAll(r('any'), values(7, 2))).toBe(7);
    expect(reduceAll(r('any'), [])).toBeNull();
  });
  it('null and noop are always null', () => {
    expect(reduceAll(r('null'), values(1, 2))).toBeNull();
    expect(reduceAll(r('noop'), values(1, 2))).toBeNull();
  });
});

describe('object_merge', () => {
  it('deep merges, summing numeric leaves; objects beat numbers beat others; later others win', () => {
    const a = { x: 1, nested: { n: 2, s: 'a' }, list: [1] };
    const b = { x: 2, nested: { n: 3, s: 'b', extra: true }, list: [2], y: 'only b' };
    const c = 'not an object';
    const res = reduceAll(r('object_merge'), values(a, b, c, null, [1, 2]));
    expect(res).toEqual({ x: 3, nested: { n: 5, s: 'b', extra: true }, list: [2], y: 'only b' });
    // inputs untouched
    expect(a).toEqual({ x: 1, nested: { n: 2, s: 'a' }, list: [1] });
  });
  it('resolves kind conflicts by precedence, whatever the order', () => {
    const items = values({ p: 1 }, { p: 's' }, { p: 2 }, { q: 'a' }, { q: { z: 1 } }, { q: 3 }, { q: { z: 2 } });
    const expected = { p: 3, q: { z: 3 } };
    expect(reduceAll(r('object_merge'), items)).toEqual(expected);
    expect(reduceAll(r('object_merge'), [...items].reverse())).toEqual(expected);
  });
  it('of nothing is {}', () => {
    expect(reduceAll(r('object_merge'), [])).toEqual({});
  });
});

describe('count_unique', () => {
  it('distinct values, 1 and "1" differ, missing not counted', () => {
    expect(reduceAll(r('count_unique'), values('a', 'b', 'a', 1, '1', null, undefined, true, { a: 1 }, { a: 1 }))).toBe(6);
  });
  it('defaults to distinct_id', () => {
    expect(reducerAccessor({ name: 'count_unique', args: [] })).toBe('distinct_id');
    expect(reducerAccessor({ name: 'count_unique', args: ['properties.x'] })).toBe('properties.x');
    expect(reducerAccessor({ name: 'sum', args: [] })).toBeUndefined();
    expect(reducerAccessor({ name: 'numeric_percentiles', args: ['t', 50] })).toBe('t');
    expect(reducerAccessor({ name: 'top', args: [3] })).toBeUndefined();
  });
});

describe('makeReducer', () => {
  it('knows every built-in', () => {
    for (const name of REDUCER_NAMES) {
      const args = name === 'numeric_percentiles' ? ['x', 50] : name === 'top' ? [1] : [];
      expect(makeReducer({ name, args }).name).toBe(name);
    }
  });
  it('an unknown name is an InvalidQuery error listing the reducers', () => {
    try {
      makeReducer({ name: 'median' });
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(ScriptError);
      expect((e as ScriptError).kind).toBe('InvalidQuery');
      expect((e as Error).message).toMatch(/median is not a reducer.*numeric_percentiles\(\)/);
    }
  });
});
