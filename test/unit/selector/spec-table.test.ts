/**
 * Spec §5: every row of the test table, through both evaluators. The vectorized
 * evaluator sees the fixture alone (1-row batch), among other records (multi-row
 * batches, several placements) and with every column stored as JSON text.
 */
import { describe, expect, test } from 'vitest';
import { compileRow, compileVector, evaluateRow, parseSelector, type SelectorRecord } from '../../../src/selector/index.js';
import { batchOf, type ColumnOptions } from './batch-helper.js';
import { readCases } from './cases-file.js';
import { OTHER_RECORDS, SPEC_ENV, SPEC_RECORD } from './spec-fixture.js';

const cases = readCases('spec-table.cases');

test('the case file holds all 71 rows of the spec table', () => {
  expect(cases.map((c) => Number(c.id))).toEqual(Array.from({ length: 71 }, (_, i) => i + 1));
});

const layouts: { name: string; records: SelectorRecord[]; at: number[]; options?: ColumnOptions }[] = [
  { name: 'single row', records: [SPEC_RECORD], at: [0] },
  { name: 'first of many', records: [SPEC_RECORD, ...OTHER_RECORDS], at: [0] },
  { name: 'repeated among others', records: [...OTHER_RECORDS, SPEC_RECORD, OTHER_RECORDS[0]!, SPEC_RECORD], at: [4, 6] },
  { name: 'json columns', records: [OTHER_RECORDS[1]!, SPEC_RECORD], at: [1], options: { forceJson: true } },
  { name: 'duplicate dictionary entries', records: [SPEC_RECORD, SPEC_RECORD, ...OTHER_RECORDS], at: [0, 1], options: { duplicateDictionary: true } },
];

describe.each(cases)('#$id $expression ($context)', (c) => {
  const ast = parseSelector(c.expression);

  test(`row evaluator: ${c.match}`, () => {
    expect(compileRow(ast, c.context, SPEC_ENV)(SPEC_RECORD)).toBe(c.match);
  });

  test.each(layouts)('vectorized, $name', ({ records, at, options }) => {
    const sel = compileVector(ast, c.context, SPEC_ENV)(batchOf(records, options));
    for (const i of at) expect(sel[i]).toBe(c.match ? 1 : 0);
    // Every other row agrees with the row evaluator too.
    const row = compileRow(ast, c.context, SPEC_ENV);
    expect(Array.from(sel)).toEqual(records.map((r) => (row(r) ? 1 : 0)));
  });

  test('row fallback path agrees', () => {
    const records = [SPEC_RECORD, ...OTHER_RECORDS];
    const sel = compileVector(ast, c.context, SPEC_ENV, { forceRowFallback: true })(batchOf(records));
    expect(sel[0]).toBe(c.match ? 1 : 0);
  });
});

describe('raw values noted in the table', () => {
  const raw = (text: string) => evaluateRow(parseSelector(text), 'join', SPEC_ENV, SPEC_RECORD);
  test.each([
    ['"x" in properties["missing"]', undefined],
    ['properties["missing"] > 5', undefined],
    ['not properties["country"]', undefined],
    ['properties["qty"] / 0', undefined],
    ['properties["country"] + 1', undefined],
    ['has_prefix(properties["qty"], "3")', undefined],
    ['string(properties["nothing"])', null],
    ['round(-2.5)', -3],
    ['-7 % 3', -1],
    ['string(3)', '3'],
    ['string(42.5)', '42.5'],
    ['string(datetime("2016-03-01"))', '2016-03-01T00:00:00'],
    ['string(properties["tags"])', '["a","b","vip"]'],
    ['number(datetime(1458043200))', 1458043200],
    ['boolean("0")', true],
    ['boolean("FALSE")', false],
    ['boolean(properties["tags"])', true],
    ['NOW', 1458475200],
    ['datetime(NOW) - 5', undefined],
    ['properties["a"] == properties["b"]', true],
  ])('%s -> %j', (text, value) => {
    expect(raw(text)).toEqual(value);
  });
});
