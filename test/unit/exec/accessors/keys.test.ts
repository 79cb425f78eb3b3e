import { describe, expect, it } from 'vitest';
import { composeKeys, readPath, sliceKey, toBoolean, toKeyComponent, toNumber, toString } from '../../../../src/exec/accessors/index.js';
import { ScriptError } from '../../../../src/errors.js';

describe('readPath', () => {
  const item = {
    name: 'e',
    properties: { $city: 'Paris', codes: [7, 8], nested: { a: null }, 'os.version': '14' },
    key: ['x', 2],
    value: { city: 'Rome' },
  };
  it.each([
    ['properties.$city', 'Paris'],
    ['key.0', 'x'],
    ['key.1', 2],
    ['value.city', 'Rome'],
    ['properties.codes.0', 7],
    ['properties.codes.length', 2],
    ['properties.nested.a', null],
    ['properties.os.version', '14'],
    ['properties.missing', undefined],
    ['properties.missing.deeper', undefined],
    ['properties.$city.length', undefined],
    ['properties.constructor', undefined],
    ['key.5', undefined],
    ['name', 'e'],
  ])('%s', (path, expected) => {
    expect(readPath(item, path)).toStrictEqual(expected);
  });
  it('on non-objects', () => {
    expect(readPath(null, 'a')).toBeUndefined();
    expect(readPath(5, 'a')).toBeUndefined();
  });
});

describe('toKeyComponent', () => {
  it('normalizes scalars', () => {
    expect(toKeyComponent(undefined)).toBeNull();
    expect(toKeyComponent(null)).toBeNull();
    expect(toKeyComponent(NaN)).toBeNull();
    expect(Object.is(toKeyComponent(-0), 0)).toBe(true);
    expect(toKeyComponent('a')).toBe('a');
    expect(toKeyComponent(false)).toBe(false);
    expect(toKeyComponent(new Date(0))).toBe('1970-01-01T00:00:00.000Z');
  });
  it('an object key is an InvalidQuery script error that says how to fix it', () => {
    try {
      toKeyComponent({ plan: 'pro' });
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(ScriptError);
      expect((e as ScriptError).kind).toBe('InvalidQuery');
      expect((e as Error).message).toMatch(/\{"plan":"pro"\}.*Group by one of its properties/);
    }
    expect(() => toKeyComponent(() => 1)).toThrow(/function/);
  });
});

describe('composeKeys', () => {
  it('plain keys', () => {
    expect(composeKeys([{ value: 'a' }, { value: undefined }])).toEqual([['a', null]]);
  });
  it('a list without multiple_keys is spliced into the key', () => {
    expect(composeKeys([{ value: 'a' }, { value: [1, 2] }, { value: 'z' }])).toEqual([['a', 1, 2, 'z']]);
    expect(composeKeys([{ value: [] }, { value: 'z' }])).toEqual([['z']]);
  });
  it('multiple_keys: one group per distinct element; cross product; empty list -> no group', () => {
    expect(composeKeys([{ value: ['a', 'b', 'a'], multiple: true }, { value: 1 }])).toEqual([
      ['a', 1],
      ['b', 1],
    ]);
    expect(
      composeKeys([
        { value: [1, 2], multiple: true },
        { value: ['x', 'y'], multiple: true },
      ]),
    ).toEqual([
      [1, 'x'],
      [1, 'y'],
      [2, 'x'],
      [2, 'y'],
    ]);
    expect(composeKeys([{ value: [], multiple: true }, { value: 1 }])).toEqual([]);
    expect(composeKeys([{ value: 'solo', multiple: true }])).toEqual([['solo']]);
    expect(composeKeys([{ value: [null, undefined], multiple: true }])).toEqual([[null]]);
  });
  it('objects and nested lists are errors', () => {
    expect(() => composeKeys([{ value: [{ a: 1 }] }])).toThrow(ScriptError);
    expect(() => composeKeys([{ value: [[1]] }])).toThrow(/list containing a list/);
  });
});

describe('sliceKey', () => {
  const row = { key: ['a', 'b', 'c'], value: 1 };
  it('takes [start, limit) of an earlier key', () => {
    expect(sliceKey(row, 'key', 1)).toEqual(['b', 'c']);
    expect(sliceKey(row, 'key', 0, 2)).toEqual(['a', 'b']);
    expect(composeKeys([{ value: sliceKey(row, 'key', 1, 3) }])).toEqual([['b', 'c']]);
    expect(sliceKey({ key: 'x' }, 'key', 0, 1)).toBe('x');
  });
});

describe('to_number / to_string / to_boolean', () => {
  it.each([
    [5, 5],
    ['12.5', 12.5],
    [' 7 ', 7],
    ['', undefined],
    ['abc', undefined],
    ['Infinity', undefined],
    [true, 1],
    [false, 0],
    [new Date(1000), 1000],
    [null, undefined],
    [undefined, undefined],
    [NaN, undefined],
    [[1], undefined],
    // ISO dates and date-times: epoch seconds (hand-computed; no zone = UTC).
    ['2016-01-04T12:00:00', 1451908800],
    ['2016-01-04', 1451865600],
    ['2016-01-04T12:00', 1451908800],
    ['2016-01-04T12:00:00.250Z', 1451908800.25],
    ['2016-01-04T12:00:00+02:00', 1451901600],
    ['2016-01-04T12:00:00-0130', 1451914200],
    ['2016-02-30', undefined],
    ['2016-01-04T25:00:00', undefined],
    ['2016-01-04 12:00:00', undefined],
    ['Jan 4 2016', undefined],
  ])('to_number(%j) = %j', (v, expected) => {
    expect(toNumber(v)).toBe(expected);
  });
  it('to_string', () => {
    expect(toString(5)).toBe('5');
    expect(toString(true)).toBe('true');
    expect(toString('s')).toBe('s');
    expect(toString(null)).toBeUndefined();
    expect(toString(undefined)).toBeUndefined();
    expect(toString([1, 'a'])).toBe('[1,"a"]');
    expect(toString(new Date(0))).toBe('1970-01-01T00:00:00.000Z');
  });
  it('to_boolean', () => {
    expect(toBoolean('false')).toBe(false);
    expect(toBoolean(' TRUE ')).toBe(true);
    expect(toBoolean(0)).toBe(false);
    expect(toBoolean(2)).toBe(true);
    expect(toBoolean('')).toBe(false);
    expect(toBoolean('yes')).toBe(true);
    expect(toBoolean(null)).toBeUndefined();
    expect(toBoolean(undefined)).toBeUndefined();
  });
});
