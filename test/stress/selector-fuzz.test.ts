/**
 * issue 9: a seeded fuzz run of the selector grammar. Random token soups, deep
 * nesting, long chains and mutated valid selectors must either evaluate (row and
 * vectorized agree) or fail with a SelectorError that has a position; never a stack
 * overflow, an internal error or a hang. SELECTOR_FUZZ_RUNS / SELECTOR_FUZZ_SEED
 * change the size and the seed.
 */
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { SelectorError } from '../../src/errors.js';
import { compileRow, compileVector, parseSelector, type SelectorRecord } from '../../src/selector/index.js';
import { batchOf } from '../unit/selector/batch-helper.js';

const RUNS = Number(process.env.SELECTOR_FUZZ_RUNS ?? 3000);
const SEED = Number(process.env.SELECTOR_FUZZ_SEED ?? 20261202);
const ENV = { timezone: 'UTC', nowSeconds: 1_458_000_000 };
const RECORDS: SelectorRecord[] = [
  { properties: { a: 1, s: 'US', l: [1, 'x'], t: '2016-03-01' }, user: { plan: 'pro' }, time: 1_456_790_400_000, name: 'A' },
  { properties: { a: -2.5, s: '', b: true }, user: {}, time: 0, name: 'B' },
  { properties: {}, time: 1_458_000_000_000 },
];

const TOKENS = [
  'properties["a"]',
  'properties["s"]',
  'properties["l"]',
  'user["plan"]',
  'event["$time"]',
  'behaviors["x"]',
  'properties[',
  '1',
  '0',
  '-1',
  '2.5',
  '1e999',
  '"US"',
  "'x'",
  '"2016-03-01"',
  'true',
  'false',
  'NOW',
  'null',
  'x',
  '(',
  ')',
  '[',
  ']',
  ',',
  '==',
  '!=',
  '<',
  '<=',
  '>',
  '>=',
  'in',
  'not',
  'and',
  'or',
  '+',
  '-',
  '*',
  '/',
  '%',
  'defined(',
  'string(',
  'number(',
  'boolean(',
  'datetime(',
  'list(',
  'floor(',
  'ceil(',
  'round(',
  'has_prefix(',
  'has_suffix(',
  '=',
  '&&',
  '||',
  '!',
  '"unterminated',
  '\\',
  '\n',
  '#',
];

const soup = fc.array(fc.constantFrom(...TOKENS), { minLength: 0, maxLength: 40 }).map((t) => t.join(' '));

/** Deep or long shapes: nesting around a core, or a chain of a repeated piece. */
const shaped = fc.oneof(
  fc
    .tuple(fc.constantFrom('(', '[', 'not ', '-', 'string(', 'not (', '- ('), fc.integer({ min: 1, max: 3000 }), fc.constantFrom(')', ']', ''))
    .map(([open, n, close]) => `${open.repeat(n)}properties["a"]${close.repeat(open.endsWith('(') || open === '[' ? n : 0)} == 1`),
  fc
    .tuple(
      fc.constantFrom(' and ', ' or ', ' + ', ' - ', ' * ', ' / ', ', '),
      fc.integer({ min: 2, max: 4000 }),
      fc.constantFrom('properties["a"]', '1', '"s"', 'not true', '-1', '(1 + 2)'),
    )
    .map(([op, n, piece]) => Array.from({ length: n }, () => piece).join(op)),
);

/** A valid selector with one random edit (insert, delete or replace a token). */
const VALID = [
  'properties["a"] > 0 and user["plan"] == "pro"',
  'not (properties["s"] in ["US", "CA"]) or defined(properties["b"])',
  'string(properties["a"] + 1) == "2"',
  'event["$time"] > datetime(NOW - 86400)',
];
const mutated = fc
  .tuple(fc.constantFrom(...VALID), fc.nat(), fc.constantFrom(...TOKENS), fc.constantFrom('insert', 'delete', 'replace'))
  .map(([text, at, tok, how]) => {
    const parts = text.split(' ');
    const i = at % (parts.length + 1);
    if (how === 'insert') parts.splice(i, 0, tok);
    else if (how === 'delete') parts.splice(i, 1);
    else parts[Math.min(i, parts.length - 1)] = tok;
    return parts.join(' ');
  });

function check(text: string): void {
  let ast;
  try {
    ast = parseSelector(text);
  } catch (e) {
    if (!(e instanceof SelectorError)) throw new Error(`not a SelectorError for ${JSON.stringify(text.slice(0, 200))}: ${String(e)}`);
    expect(e.line).toBeGreaterThanOrEqual(1);
    expect(e.column).toBeGreaterThanOrEqual(1);
    return;
  }
  for (const context of ['event', 'user', 'join'] as const) {
    const row = RECORDS.map(compileRow(ast, context, ENV));
    const vec = [...compileVector(ast, context, ENV)(batchOf(RECORDS))].map((b) => b === 1);
    expect(vec, text.slice(0, 200)).toEqual(row);
  }
}

describe('selector grammar fuzz (seeded)', () => {
  test(`${RUNS} inputs: evaluate consistently or fail with a positioned SelectorError`, () => {
    fc.assert(fc.property(fc.oneof({ weight: 5, arbitrary: soup }, { weight: 2, arbitrary: shaped }, { weight: 3, arbitrary: mutated }), check), {
      seed: SEED,
      numRuns: RUNS,
    });
  }, 300_000);
});
