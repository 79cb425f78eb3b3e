/**
 * A mixed-type (JSON-kind) column read from a partition file compared with a number:
 * the kernel reads numbers straight from the file's bytes (compareJsonColumn's raw path)
 * and must give the row evaluator's verdict on every row.
 */
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { compileRow, compileVector, parseSelector, type SelectorEnv, type SelectorRecord } from '../../../src/selector/index.js';
import { batchOf } from './batch-helper.js';

const env: SelectorEnv = { timezone: 'UTC', nowSeconds: 1700000000 };
const number = fc.oneof(
  fc.constantFrom(0, -0, 2, 10, 10.5, 24.99, -3, 1e21, 5e-7, 9007199254740993),
  fc.integer({ min: -2000, max: 2000 }).map((n) => n / 100),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
);
const value = fc.oneof(
  { weight: 6, arbitrary: number },
  { weight: 1, arbitrary: fc.constantFrom('10', 'x', '-1', '', true, false, null, [1], { y: 2 }) },
  { weight: 1, arbitrary: fc.constant(undefined) },
);

describe('JSON-kind column vs number constant, read from the codec', () => {
  test('vectorized verdict == row verdict', () => {
    fc.assert(
      fc.property(
        fc.array(value, { minLength: 1, maxLength: 40 }),
        number,
        fc.constantFrom('==', '!=', '<', '<=', '>', '>='),
        fc.boolean(),
        (vals, c, op, flip) => {
          const records: SelectorRecord[] = vals.map((v) => ({ properties: v === undefined ? { b: 1 } : { a: v, b: 1 } }));
          const lit = JSON.stringify(c);
          const text = flip ? `${lit} ${op} properties["a"]` : `properties["a"] ${op} ${lit}`;
          const ast = parseSelector(text);
          const row = compileRow(ast, 'event', env);
          const expected = records.map((r) => (row(r) ? 1 : 0));
          const batch = batchOf(records, { viaCodec: true, forceJson: true });
          const col = batch.column('properties', 'a');
          if (col !== undefined) expect(col.kind === 'json' && col.raw !== undefined).toBe(true);
          expect([...compileVector(ast, 'event', env)(batch)], text).toEqual(expected);
        },
      ),
      { numRuns: 500 },
    );
  });

  test('under and/or (the right side skips rows the left side decided): vectorized verdict == row verdict', () => {
    const guard = fc.constantFrom('properties["g"] == "y"', 'properties["g"] != "y"', 'defined(properties["g"])', 'not defined(properties["g"])');
    fc.assert(
      fc.property(
        fc.array(fc.tuple(value, fc.constantFrom('y', 'n', undefined)), { minLength: 1, maxLength: 40 }),
        number,
        fc.constantFrom('==', '!=', '<', '>='),
        guard,
        guard,
        fc.constantFrom('and', 'or'),
        fc.constantFrom('and', 'or'),
        fc.boolean(),
        (rows, c, op, g1, g2, op1, op2, nested) => {
          const records: SelectorRecord[] = rows.map(([v, g]) => {
            const properties: Record<string, unknown> = { b: 1 };
            if (v !== undefined) properties.a = v;
            if (g !== undefined) properties.g = g;
            return { properties };
          });
          const cmp = `properties["a"] ${op} ${JSON.stringify(c)}`;
          // Nested: the comparison under two and/or levels, and beside a row-fallback term.
          const text = nested ? `${g1} ${op1} (${g2} ${op2} ${cmp})` : `(${g1} ${op1} ${cmp}) ${op2} ${g2}`;
          const ast = parseSelector(text);
          const row = compileRow(ast, 'event', env);
          const expected = records.map((r) => (row(r) ? 1 : 0));
          const batch = batchOf(records, { viaCodec: true, forceJson: true });
          expect([...compileVector(ast, 'event', env)(batch)], text).toEqual(expected);
        },
      ),
      { numRuns: 500 },
    );
  });
});
