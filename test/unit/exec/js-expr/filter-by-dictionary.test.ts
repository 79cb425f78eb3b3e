/**
 * A translated filter over one dictionary column (evaluate.ts filterByDictionary) keeps
 * the rows a per-row evaluation keeps, whether it computes every entry's verdict first
 * (small dictionary, large selection) or on first use, and whether or not some entry's
 * verdict cannot be computed natively.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { ItemBatch } from '../../../../src/exec/batches/item-batch.js';
import { evaluateFilter, evaluateValues, Fallback } from '../../../../src/exec/js-expr/evaluate.js';
import { ItemCache } from '../../../../src/exec/value-reader.js';
import { translateFunction } from '../../../../src/plan/index.js';
import type { Column } from '../../../../src/store/column.js';
import { decodeColumn, encodeColumn } from '../../../../src/store/column-codec.js';

function batchOf(col: Column, size: number, sel: number[]): ItemBatch {
  return {
    kind: 'events',
    size,
    sel: Int32Array.from(sel),
    column: (path) => (path === 'properties.c' ? col : undefined),
    item: () => {
      throw new Fallback('no items here');
    },
    users: () => new Int32Array(size).fill(-1),
    samplingFactors: () => null,
    selectorBatch: () => {
      throw new Error('not used');
    },
    projectTimes: () => null,
  };
}

const FILTERS = [
  'e => e.properties.c == "US"',
  'e => e.properties.c != "FR"',
  'e => e.properties.c === undefined',
  'e => e.properties.c == null',
  'e => !e.properties.c',
  'e => e.properties.c.length > 1',
  'e => e.properties.c.toLowerCase() == "us"',
];

/** The filter's rows by evaluating it one row at a time (or the error that gives). */
function perRow(expr: NonNullable<ReturnType<typeof translateFunction>>, batch: ItemBatch, sel: Int32Array): number[] | string {
  const kept: number[] = [];
  for (const r of sel) {
    try {
      if (evaluateValues(expr, batch, Int32Array.of(r), new ItemCache(batch))[0]) kept.push(r);
    } catch (e) {
      return (e as Error).name;
    }
  }
  return kept;
}

describe('filter over one dictionary column', () => {
  it('keeps the rows a per-row evaluation keeps', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...FILTERS),
        fc.array(fc.tuple(fc.option(fc.constantFrom('US', 'FR', 'us', '', null), { nil: undefined, freq: 4 }), fc.boolean()), { maxLength: 200, size: 'max' }),
        (source, rows) => {
          const expr = translateFunction(source)!;
          const with_ = rows.flatMap(([v], i) => (v === undefined ? [] : [i]));
          const col = decodeColumn(encodeColumn(rows.length, { rows: with_, values: with_.map((i) => rows[i]![0]) }, 'string'));
          const sel = Int32Array.from(rows.flatMap(([, s], i) => (s ? [i] : [])));
          const batch = batchOf(col, rows.length, [...sel]);
          const expected = perRow(expr, batch, sel);
          let got: number[] | string;
          try {
            got = [...evaluateFilter(expr, batch, sel, new ItemCache(batch))];
          } catch (e) {
            got = (e as Error).name;
          }
          expect(got, source).toEqual(expected);
        },
      ),
      { numRuns: 400 },
    );
  });
});
