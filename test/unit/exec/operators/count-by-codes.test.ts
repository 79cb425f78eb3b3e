/**
 * The count histogram (operators/count-by-codes.ts) against the general path it
 * replaces (Aggregator.assign + reduceNative): on random key columns of every kind
 * and random selections, over several batches, both leave the same groups, in the
 * same order, with the same counts; and it declines what it does not handle. With a
 * dictionary filter's verdicts (`where`), it equals filtering the selection first.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { ItemBatch } from '../../../../src/exec/batches/item-batch.js';
import type { DictionaryVerdicts } from '../../../../src/exec/js-expr/evaluate.js';
import { Aggregator, type AggregateShape } from '../../../../src/exec/operators/aggregate.js';
import { countByCodes } from '../../../../src/exec/operators/count-by-codes.js';
import { ItemCache } from '../../../../src/exec/value-reader.js';
import type { PhysicalReducer } from '../../../../src/plan/index.js';
import { bitAt, type Column, type StringColumn } from '../../../../src/store/column.js';
import { encodeColumn, decodeColumn } from '../../../../src/store/column-codec.js';

const count = (options?: Record<string, unknown>): PhysicalReducer => ({ kind: 'builtin', name: 'count', args: [], options, kernel: 'count', orderFree: true });

/** A batch over one key column `properties.k` (or none, and a filter column `properties.f`) with the rows `sel` selected. */
function batchOf(col: Column | undefined, size: number, sel: number[], factors: Float64Array | null = null, filterCol?: Column): ItemBatch {
  return {
    kind: 'events',
    size,
    sel: Int32Array.from(sel),
    column: (path) => (path === 'properties.k' ? col : path === 'properties.f' ? filterCol : undefined),
    item: () => ({}),
    users: () => new Int32Array(size).fill(-1),
    samplingFactors: () => factors,
    selectorBatch: () => {
      throw new Error('not used');
    },
    projectTimes: () => null,
  };
}

const valueArb = fc.option(fc.oneof(fc.constantFrom('US', 'FR', '', 'é'), fc.constantFrom(1, 2.5, -0, 0, 10), fc.boolean(), fc.constant(null)), {
  nil: undefined,
  freq: 4,
});
/** Values of one kind (string, number, boolean) or none at all, so every plain key kind is drawn. */
const batchArb = fc
  .tuple(fc.constantFrom('string', 'number', 'boolean', 'none'), fc.array(fc.tuple(valueArb, fc.boolean()), { maxLength: 40 }))
  .map(([kind, rows]) => {
    const values = rows.map(([v]) =>
      v === undefined || v === null ? v : kind === 'string' ? String(v) : kind === 'number' ? Number(v) : kind === 'boolean' ? Boolean(v) : undefined,
    );
    const rowsWith = values.flatMap((v, i) => (v === undefined ? [] : [i]));
    const col =
      kind === 'none' ? undefined : decodeColumn(encodeColumn(values.length, { rows: rowsWith, values: rowsWith.map((i) => values[i]) }, kind as 'string'));
    const sel = rows.flatMap(([, s], i) => (s ? [i] : []));
    return { col, size: values.length, sel };
  });

function shape(keys: AggregateShape['keys'], reducers: PhysicalReducer[], noKeys = false): AggregateShape {
  return { keys, reducers, list: false, byUser: false, noKeys };
}

function run(s: AggregateShape, batches: ItemBatch[], histogram: boolean) {
  const agg = new Aggregator(s);
  for (const b of batches) {
    if (b.sel.length === 0) continue;
    const items = new ItemCache(b);
    if (histogram) {
      expect(countByCodes(agg, b, items)).toBe(b.sel.length);
      continue;
    }
    agg.reduceNative(b, agg.assign(b, null, items), null, items);
  }
  return agg.exportState();
}

describe('count by key codes', () => {
  it('gives the general path groups, order and counts for one plain key and for reduce', () => {
    fc.assert(
      fc.property(fc.array(batchArb, { minLength: 1, maxLength: 4 }), fc.integer({ min: 1, max: 2 }), (drawn, nCounts) => {
        const batches = drawn.map((d) => batchOf(d.col, d.size, d.sel));
        const reducers = Array.from({ length: nCounts }, () => count());
        const keyed = shape([{ kind: 'path', path: 'properties.k' }], reducers);
        expect(run(keyed, batches, true)).toEqual(run(keyed, batches, false));
        const reduce = shape([], reducers, true);
        expect(run(reduce, batches, true)).toEqual(run(reduce, batches, false));
      }),
      { numRuns: 300 },
    );
  });

  it('declines sampling weights in play, other reducers, several keys and JSON keys', () => {
    const col = decodeColumn(encodeColumn(3, { rows: [0, 1, 2], values: ['a', 'b', 'a'] }));
    const key = { kind: 'path', path: 'properties.k' } as const;
    const items = (b: ItemBatch) => new ItemCache(b);
    const plain = batchOf(col, 3, [0, 1, 2]);
    const weighted = batchOf(col, 3, [0, 1, 2], Float64Array.of(2, 2, 2));
    expect(countByCodes(new Aggregator(shape([key], [count({ account_for_sampling: true })])), weighted, items(weighted))).toBe(false);
    expect(countByCodes(new Aggregator(shape([key], [count({ account_for_sampling: true })])), plain, items(plain))).toBe(3);
    const sum: PhysicalReducer = { kind: 'builtin', name: 'sum', accessor: key, args: [], kernel: 'sum', orderFree: false };
    expect(countByCodes(new Aggregator(shape([key], [count(), sum])), plain, items(plain))).toBe(false);
    expect(countByCodes(new Aggregator(shape([key, key], [count()])), plain, items(plain))).toBe(false);
    const json = decodeColumn(encodeColumn(2, { rows: [0, 1], values: [1, 'a'] }));
    const mixed = batchOf(json, 2, [0, 1]);
    expect(countByCodes(new Aggregator(shape([key], [count()])), mixed, items(mixed))).toBe(false);
    // With a filter, only a dictionary key (or none) is counted in the filter's loop.
    const where: DictionaryVerdicts = { col: col as StringColumn, verdicts: Uint8Array.of(1, 0, 0, 0) };
    const numbers = batchOf(decodeColumn(encodeColumn(3, { rows: [0, 1, 2], values: [1, 2, 1] })), 3, [0, 1, 2]);
    expect(countByCodes(new Aggregator(shape([key], [count()])), numbers, items(numbers), where)).toBe(false);
    expect(countByCodes(new Aggregator(shape([key], [count()])), plain, items(plain), where)).toBe(2);
  });

  it('with a dictionary filter, equals the general path over the rows the filter keeps', () => {
    const filterArb = fc.array(fc.option(fc.oneof(fc.constantFrom('US', 'FR', 'DE'), fc.constant(null)), { nil: undefined, freq: 4 }), { maxLength: 40 });
    fc.assert(
      fc.property(fc.array(fc.tuple(batchArb, filterArb, fc.array(fc.boolean(), { minLength: 5, maxLength: 5 })), { minLength: 1, maxLength: 4 }), (drawn) => {
        const keys = [shape([{ kind: 'path', path: 'properties.k' }], [count()]), shape([], [count()], true)];
        for (const s of keys) {
          if (!s.noKeys && drawn.some(([d]) => d.col !== undefined && d.col.kind !== 'string')) continue;
          const fused = new Aggregator(s);
          const general = new Aggregator(s);
          for (const [d, fv, keep] of drawn) {
            const fvals = Array.from({ length: d.size }, (_, i) => fv[i]);
            const withValue = fvals.flatMap((v, i) => (v === undefined ? [] : [i]));
            const f = decodeColumn(encodeColumn(d.size, { rows: withValue, values: withValue.map((i) => fvals[i]) }, 'string')) as StringColumn;
            // A verdict per dictionary entry, then missing, then null.
            const verdicts = Uint8Array.from({ length: f.dictionary.length + 2 }, (_, c) => (keep[c % keep.length] ? 1 : 0));
            const code = (r: number) =>
              f.present === null || bitAt(f.present, r) ? f.indices[r]! : f.nulls !== null && bitAt(f.nulls, r) ? f.dictionary.length + 1 : f.dictionary.length;
            const b = batchOf(d.col, d.size, d.sel, null, f);
            const kept = d.sel.filter((r) => verdicts[code(r)] === 1);
            expect(countByCodes(fused, b, new ItemCache(b), { col: f, verdicts })).toBe(
              s.noKeys || d.col === undefined || d.col.kind === 'string' ? kept.length : false,
            );
            const g = batchOf(d.col, d.size, kept, null, f);
            if (kept.length > 0) general.reduceNative(g, general.assign(g, null, new ItemCache(g)), null, new ItemCache(g));
          }
          expect(fused.exportState()).toEqual(general.exportState());
        }
      }),
      { numRuns: 300 },
    );
  });
});
