/**
 * Spec §5 parse errors, plus realistic mistakes whose messages are pinned in a
 * golden file (test/cases/selectors/parse-errors.golden.txt).
 */
import { describe, expect, test } from 'vitest';
import { SelectorError } from '../../../src/errors.js';
import { formatAst, parseSelector } from '../../../src/selector/index.js';

function errorOf(text: string): SelectorError {
  try {
    parseSelector(text);
  } catch (e) {
    if (e instanceof SelectorError) return e;
    throw e;
  }
  throw new Error(`expected a SelectorError for ${text}`);
}

describe('spec §5: rejected at parse time', () => {
  test.each([
    ['properties["country"] = "US"', 1, 23, "expected '==' to compare values, found '='"],
    ['properties[country]', 1, 12, 'expected a quoted property name'],
    ['1 < 2 < 3', 1, 7, 'comparisons cannot be chained'],
    ['foo(1)', 1, 1, "unknown function 'foo'"],
    ['defined()', 1, 1, 'defined() takes 1 argument, got 0'],
    ['"abc', 1, 1, 'unterminated string'],
  ])('%s', (text, line, column, fragment) => {
    const e = errorOf(text);
    expect(e.line).toBe(line);
    expect(e.column).toBe(column);
    expect(e.expression).toBe(text);
    expect(e.message).toContain(`line ${line}, column ${column}: `);
    expect(e.message).toContain(fragment);
    // The caret line sits under the reported column.
    const [, src, caret] = e.message.split('\n');
    expect(src).toBe(`  ${text}`);
    expect(caret!.indexOf('^')).toBe(column + 1);
  });
});

const MISTAKES = [
  'properties["country"] = "US"',
  'properties[country] == "US"',
  'properties["plan"] == "a" && user["age"] > 3',
  'properties["plan"] == "a" || properties["plan"] == "b"',
  '!defined(properties["x"])',
  '18 <= user["age"] < 65',
  'properties["a"]["b"] == 1',
  'PROPERTIES["country"] == "US"',
  'country == "US"',
  'hasprefix(properties["$city"], "San")',
  'has_prefix(properties["$city"])',
  'defined(properties["x"]',
  'properties["name"] == "O\\\'Brien\\q"',
  'properties["country"] in ("US", "CA")',
  'properties["amount"] > 1,000',
  'user["$email"] == "jane@example.com" and',
  'properties["x"] not "y"',
  'properties["x"] ==\n  "a" and user["b"] @ 2',
];

test('messages for realistic mistakes (golden file)', async () => {
  const text = MISTAKES.map((m) => `>>> ${m}\n${errorOf(m).message}\n`).join('\n');
  await expect(text).toMatchFileSnapshot('../../cases/selectors/parse-errors.golden.txt');
});

describe('accepted forms', () => {
  test.each([
    ['', ''],
    ['   \n\t', ''],
    ['TRUE AND Not False Or true', '((true and (not false)) or true)'],
    ['not properties["a"] in user["b"]', '(not (properties["a"] in user["b"]))'],
    ['properties["a"] not in [1, 2,]', '(not (properties["a"] in [1, 2]))'],
    ['1 - -2', '(1 - -(2))'],
    ['NOW -5', '(NOW - 5)'],
    ['2 * 3 % 4 / 5', '(((2 * 3) % 4) / 5)'],
    ['\'single\' == "dou\\"ble\\u00e9"', '("single" == "dou\\"bleé")'],
    ['DEFINED(properties["a.b"])', 'defined(properties["a.b"])'],
    ['has_PREFIX(event["x"], behaviors["y"])', 'has_prefix(event["x"], behaviors["y"])'],
    ['.5 + 1e3 + 2.5E-1', '((0.5 + 1000) + 0.25)'],
    ['properties[" Key "] == 1', '(properties[" Key "] == 1)'],
    ['not not true', '(not (not true))'],
  ])('%j', (text, canonical) => {
    expect(formatAst(parseSelector(text))).toBe(canonical);
  });

  test('keywords need word boundaries: `android`, `order`, `notes` are names', () => {
    expect(errorOf('android(1)').message).toContain("unknown function 'android'");
    expect(errorOf('order(1)').message).toContain("unknown function 'order'");
    expect(errorOf('notes(1)').message).toContain("unknown function 'notes'");
  });

  test('sources are lowercase only', () => {
    expect(errorOf('User["a"]').message).toContain('sources are lowercase');
  });
});
