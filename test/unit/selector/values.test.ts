/** Casts, datetime parsing and operator corners of spec §4 not covered by the table. */
import { describe, expect, test } from 'vitest';
import { evaluateRow, parseSelector, stringCompare } from '../../../src/selector/index.js';
import { compareCodePoints } from '../../../src/selector/values.js';

const env = { timezone: 'UTC', nowSeconds: 1458475200 };
const raw = (text: string, props: Record<string, unknown> = {}, tz = 'UTC') =>
  evaluateRow(parseSelector(text), 'join', { ...env, timezone: tz }, { properties: props, user: {} });
const seconds = (iso: string) => Date.parse(iso) / 1000;

describe('datetime(string) forms', () => {
  test.each([
    ['2016-03-01', '2016-03-01T00:00:00Z'],
    ['2016-03-01T10:20', '2016-03-01T10:20:00Z'],
    ['2016-03-01T10:20:30', '2016-03-01T10:20:30Z'],
    ['2016-03-01T10:20:30.999', '2016-03-01T10:20:30Z'],
    ['2016-03-01 10:20:30', '2016-03-01T10:20:30Z'],
    ['2016-03-01T10:20:30Z', '2016-03-01T10:20:30Z'],
    ['2016-03-01T10:20:30+02:00', '2016-03-01T08:20:30Z'],
    ['2016-03-01T10:20:30.5-05:30', '2016-03-01T15:50:30Z'],
    ['2016-02-29', '2016-02-29T00:00:00Z'],
  ])('%s', (text, iso) => {
    expect(raw(`number(datetime("${text}"))`)).toBe(seconds(iso));
  });

  test.each(['2016-3-1', '2016-02-30', '2015-02-29', '2016-03-01T24:00', '2016-03-01T10', '20160301', ' 2016-03-01', 'yesterday', ''])('rejects %j', (text) =>
    expect(raw(`datetime("${text}")`)).toBeUndefined(),
  );

  test('naive strings are read in the project timezone, offsets are not', () => {
    expect(raw('number(datetime("2016-07-01T12:00:00"))', {}, 'Europe/Berlin')).toBe(seconds('2016-07-01T10:00:00Z'));
    expect(raw('number(datetime("2016-07-01T12:00:00Z"))', {}, 'Europe/Berlin')).toBe(seconds('2016-07-01T12:00:00Z'));
    expect(raw('string(datetime(1467374400))', {}, 'Europe/Berlin')).toBe('2016-07-01T14:00:00');
  });

  test('datetime(number): seconds up to 2^32-1, milliseconds above, nothing below 1', () => {
    expect(raw('number(datetime(4294967295))')).toBe(4294967295);
    expect(raw('number(datetime(4294967296))')).toBe(4294967);
    expect(raw('number(datetime(1458043200.9))')).toBe(1458043200);
    expect(raw('datetime(0.5)')).toBeUndefined();
    expect(raw('datetime(-5)')).toBeUndefined();
    expect(raw('datetime(true)')).toBeUndefined();
    expect(raw('datetime(1e300)')).toBeUndefined();
  });

  test('datetime vs number is undefined; datetime arithmetic is undefined', () => {
    expect(raw('datetime(5) > 3')).toBeUndefined();
    expect(raw('datetime(5) == 5')).toBe(false);
    expect(raw('datetime(5) + 1')).toBeUndefined();
    expect(raw('datetime(5) == "garbage"')).toBe(false);
    expect(raw('datetime(5) < "garbage"')).toBeUndefined();
  });
});

describe('casts', () => {
  test.each([
    ['number(" 42 ")', 42],
    ['number("-1.5e3")', -1500],
    ['number("")', undefined],
    ['number("0x10")', undefined],
    ['number("Infinity")', undefined],
    ['number(true)', 1],
    ['number([1])', undefined],
    ['string(0.1 + 0.2)', '0.30000000000000004'],
    ['string(1e21)', '1e+21'],
    ['string(false)', 'false'],
    ['string([1, "a", [true]])', '[1,"a",[true]]'],
    ['string([datetime(1)])', '["1970-01-01T00:00:01"]'],
    ['boolean(0)', false],
    ['boolean(-0.0)', false],
    ['boolean(2)', true],
    ['boolean([])', false],
    ['boolean(datetime(1))', true],
    ['list("[1,2]")', [1, 2]],
    ['list("{}")', undefined],
    ['list("nope")', undefined],
    ['list(3)', undefined],
    ['floor(-1.5)', -2],
    ['ceil("2")', undefined],
    ['round(2.5)', 3],
    ['round(-0.5)', -1],
    ['round(-0.4) == 0', true],
  ])('%s -> %j', (text, value) => expect(raw(text)).toEqual(value));
});

describe('operators', () => {
  test.each([
    ['"ab" + "c"', 'abc'],
    ['1 + "a"', undefined],
    ['5 % 0', undefined],
    ['-5.5 % 2', -1.5],
    ['1e308 * 10', undefined],
    ['-"a"', undefined],
    ['[1, [2, 3]] == [1, [2, 3]]', true],
    ['[1, 2] == [2, 1]', false],
    ['"" in "abc"', true],
    ['"a" in 5', undefined],
    ['[1] in [[1], 2]', true],
    ['"b" < "a"', false],
    ['"B" < "a"', true],
    ['true < false', undefined],
    ['null_free == 1'.replace('null_free', 'properties["n"]'), false],
    ['properties["n"] == properties["m"]', true],
    ['not properties["n"]', undefined],
    ['not 1', undefined],
    ['1 and true', false],
    ['properties["n"] or true', true],
  ])('%s -> %j', (text, value) => expect(raw(text, { n: null, m: null })).toEqual(value));

  test('strings order by code point, not UTF-16 unit', () => {
    expect(compareCodePoints('\uE000', '😀')).toBe(-1); // U+E000 < U+1F600
    expect('\uE000' < '😀').toBe(false); // what plain JS would say
    expect(raw('"\\uE000" < "😀"')).toBe(true);
  });

  test('Q1: one switch flips == to case-insensitive', () => {
    expect(raw('"US" == "us"')).toBe(false);
    stringCompare.caseSensitiveEquality = false;
    try {
      expect(raw('"US" == "us"')).toBe(true);
      expect(raw('"US" in ["us"]')).toBe(true);
    } finally {
      stringCompare.caseSensitiveEquality = true;
    }
  });

  test('accessors read own keys only', () => {
    expect(raw('defined(properties["constructor"])')).toBe(false);
    expect(raw('defined(properties["__proto__"])')).toBe(false);
    expect(raw('properties["a.b"]', { 'a.b': 1, a: { b: 2 } })).toBe(1);
  });
});
