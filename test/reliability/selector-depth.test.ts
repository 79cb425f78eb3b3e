/**
 * issue 9 item 9 (selectors): long flat chains work (and/or balanced, + as one n-ary
 * node) on both evaluators; nesting beyond MAX_SELECTOR_DEPTH is a SelectorError with
 * a position, never a stack overflow.
 */
import { describe, expect, it } from 'vitest';
import { SelectorError } from '../../src/errors.js';
import { compileRow, compileVector, parseSelector, type SelectorRecord } from '../../src/selector/index.js';
import { MAX_SELECTOR_DEPTH } from '../../src/selector/nesting.js';
import { batchOf } from '../unit/selector/batch-helper.js';

const ENV = { timezone: 'UTC', nowSeconds: 0 };

/** Verdicts of both evaluators over `records`. */
function verdicts(text: string, records: SelectorRecord[]): { row: boolean[]; vector: boolean[] } {
  const ast = parseSelector(text);
  const row = records.map(compileRow(ast, 'event', ENV));
  const vector = [...compileVector(ast, 'event', ENV)(batchOf(records))].map((b) => b === 1);
  return { row, vector };
}

function selectorError(text: string): SelectorError {
  try {
    parseSelector(text);
  } catch (e) {
    expect(e).toBeInstanceOf(SelectorError);
    return e as SelectorError;
  }
  throw new Error('expected a SelectorError');
}

describe('long flat chains', () => {
  const records: SelectorRecord[] = [
    { properties: { a: 0 } },
    { properties: { a: 1500 } },
    { properties: { a: 2999 } },
    { properties: { a: 5000 } },
    { properties: {} },
  ];

  it('a 3,000-term or-chain (a generated allow-list): member iff listed', () => {
    const text = Array.from({ length: 3000 }, (_, i) => `properties["a"] == ${i}`).join(' or ');
    expect(verdicts(text, records)).toEqual({ row: [true, true, true, false, false], vector: [true, true, true, false, false] });
  });
  it('a 3,000-term and-chain: true only when every term is', () => {
    const text = Array.from({ length: 3000 }, (_, i) => `properties["a"] != ${i + 1}`).join(' and ');
    // a = 0 and a = 5000 differ from 1..3000; 1500 and 2999 are excluded; a missing key gives undefined != n: true.
    expect(verdicts(text, records)).toEqual({ row: [true, false, false, true, true], vector: [true, false, false, true, true] });
  });
  it('a 10,000-term + chain sums to 10,000 on both evaluators', () => {
    const text = `${Array.from({ length: 10_000 }, () => 'properties["one"]').join(' + ')} == 10000`;
    const recs = [{ properties: { one: 1 } }, { properties: { one: 2 } }];
    expect(verdicts(text, recs)).toEqual({ row: [true, false], vector: [true, false] });
  });
  it('a long chain means what the same chain fully parenthesised means (strings and numbers mixed)', () => {
    const terms = ['1', '"x"', '2', 'properties["n"]', '3', 'properties["s"]', '4.5'];
    const ops = ['+', '-', '*', '+', '%', '+', '/'];
    let flat = terms[0]!;
    let nested = terms[0]!;
    for (let i = 1; i < 40; i++) {
      const t = terms[i % terms.length]!;
      const op = ops[i % ops.length]!;
      flat += ` ${op} ${t}`;
      nested = `(${nested} ${op} ${t})`;
    }
    const recs: SelectorRecord[] = [{ properties: { n: 7, s: 'y' } }, { properties: { n: 0, s: '' } }, { properties: {} }];
    const value = (text: string) => recs.map((r) => compileRow(parseSelector(`string(${text})`), 'event', ENV)(r));
    expect(value(flat)).toEqual(value(nested));
    expect(verdicts(`string(${flat}) == string(${nested})`, recs).vector).toEqual(verdicts(`string(${flat}) == string(${nested})`, recs).row);
  });
});

describe('nesting beyond the limit is a clear error with a position', () => {
  const cases: Array<[string, string, number]> = [
    ['200 parentheses', `${'('.repeat(200)}properties["a"] == 1${')'.repeat(200)}`, MAX_SELECTOR_DEPTH + 1],
    ['5,000 not', `${'not '.repeat(5000)}properties["a"]`, MAX_SELECTOR_DEPTH * 4 + 1],
    ['5,000 unary minus', `${'-'.repeat(5000)}1 == 1`, MAX_SELECTOR_DEPTH + 1],
    ['nested lists', `${'['.repeat(1000)}1${']'.repeat(1000)} == 1`, MAX_SELECTOR_DEPTH + 1],
    ['nested string(', `${'string('.repeat(1000)}1${')'.repeat(1000)} == "1"`, 7 * (MAX_SELECTOR_DEPTH + 1)],
  ];
  it.each(cases)('%s', (_name, text, column) => {
    const e = selectorError(text);
    expect(e.line).toBe(1);
    expect(e.column).toBe(column);
    expect(e.message).toMatch(new RegExp(`nests deeper than ${MAX_SELECTOR_DEPTH} levels`));
  });
  it('the limit itself is accepted, one more is not', () => {
    const at = `${'('.repeat(MAX_SELECTOR_DEPTH)}1${')'.repeat(MAX_SELECTOR_DEPTH)} == 1`;
    expect(verdicts(at, [{ properties: {} }]).row).toEqual([true]);
    expect(() => parseSelector(`(${at})`)).toThrow(SelectorError);
  });
  it('flat chains of prefixed operands do not add up', () => {
    const text = Array.from({ length: 2000 }, () => 'not -1 == 2').join(' and ');
    expect(verdicts(text, [{ properties: {} }]).row).toEqual([true]);
  });
});
