import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  GroupedAvg,
  GroupedCount,
  GroupedMinMax,
  GroupedNumericSummary,
  GroupedSum,
  makeReducer,
  type NativeReducer,
} from '../../../../src/exec/reducers/index.js';

/** A column: values, Arrow validity bitmap (or null), group ids (-1 = skip), sampling factors. */
const column = fc
  .array(
    fc.record({
      v: fc.oneof(fc.double({ min: -1e6, max: 1e6, noNaN: true }), fc.constantFrom(NaN, Infinity, -0, 0)),
      valid: fc.boolean(),
      g: fc.integer({ min: -1, max: 40 }),
      f: fc.constantFrom(1, 0.5, 0.1, 0, -1),
    }),
    { maxLength: 300 },
  )
  .chain((rows) =>
    fc.boolean().map((allValid) => {
      const n = rows.length;
      const values = Float64Array.from(rows.map((r) => r.v));
      const groupIds = Int32Array.from(rows.map((r) => r.g));
      const factors = Float64Array.from(rows.map((r) => r.f));
      let validity: Uint8Array | null = null;
      if (!allValid) {
        validity = new Uint8Array((n + 7) >> 3);
        rows.forEach((r, i) => {
          if (r.valid) validity![i >> 3]! |= 1 << (i & 7);
        });
      }
      return { n, values, groupIds, factors, validity, rows };
    }),
  );

type Col = { n: number; values: Float64Array; groupIds: Int32Array; factors: Float64Array; validity: Uint8Array | null };

/** The generic path: add() row by row into per-group accumulators. */
function generic(r: NativeReducer, col: Col, sampling = false): Map<number, unknown> {
  const accs = new Map<number, unknown>();
  for (let i = 0; i < col.n; i++) {
    const g = col.groupIds[i]!;
    if (g < 0) continue;
    const valid = col.validity === null || ((col.validity[i >> 3]! >> (i & 7)) & 1) === 1;
    const value = valid ? col.values[i] : null;
    const item = { sampling_factor: col.factors[i] };
    accs.set(g, r.add(accs.has(g) ? accs.get(g) : r.init(), value, item, sampling ? col.factors[i] : undefined));
  }
  return accs;
}

function check(r: NativeReducer, col: Col, accAt: (g: number) => unknown, sampling = false): void {
  const expected = generic(r, col, sampling);
  for (const [g, acc] of expected) {
    expect(accAt(g)).toStrictEqual(acc);
    expect(r.result(accAt(g) as never)).toStrictEqual(r.result(acc as never));
  }
}

describe('columnar fast paths equal the generic add() path, bit for bit', () => {
  it('count', () => {
    fc.assert(
      fc.property(column, (col) => {
        const s = new GroupedCount();
        s.add(col.groupIds, col.n);
        check(makeReducer({ name: 'count' }), col, (g) => s.accumulator(g));
        const w = new GroupedCount(2);
        w.add(col.groupIds, col.n, col.factors);
        check(makeReducer({ name: 'count', args: [{ account_for_sampling: true }] }), col, (g) => w.accumulator(g), true);
      }),
    );
  });
  it('sum', () => {
    fc.assert(
      fc.property(column, (col) => {
        const s = new GroupedSum();
        s.add(col.values, col.validity, col.groupIds, col.n);
        check(makeReducer({ name: 'sum' }), col, (g) => s.accumulator(g));
      }),
    );
  });
  it('min and max', () => {
    fc.assert(
      fc.property(column, (col) => {
        for (const kind of ['min', 'max'] as const) {
          const s = new GroupedMinMax(kind, 3);
          s.add(col.values, col.validity, col.groupIds, col.n);
          check(makeReducer({ name: kind }), col, (g) => s.accumulator(g));
        }
      }),
    );
  });
  it('avg, with and without sampling', () => {
    fc.assert(
      fc.property(column, (col) => {
        const s = new GroupedAvg();
        s.add(col.values, col.validity, col.groupIds, col.n);
        check(makeReducer({ name: 'avg' }), col, (g) => s.accumulator(g));
        const w = new GroupedAvg();
        w.add(col.values, col.validity, col.groupIds, col.n, col.factors);
        check(makeReducer({ name: 'avg', args: ['x', { account_for_sampling: true }] }), col, (g) => w.accumulator(g), true);
      }),
    );
  });
  it('numeric_summary', () => {
    fc.assert(
      fc.property(column, (col) => {
        const s = new GroupedNumericSummary();
        s.add(col.values, col.validity, col.groupIds, col.n);
        check(makeReducer({ name: 'numeric_summary' }), col, (g) => s.accumulator(g));
      }),
    );
  });
  it('accumulates across batches (state grows when new group ids appear)', () => {
    const s = new GroupedSum();
    s.add(Float64Array.of(1, 2), null, Int32Array.of(0, 1));
    s.add(Float64Array.of(3, 4), null, Int32Array.of(1, 100));
    expect([s.accumulator(0), s.accumulator(1), s.accumulator(100), s.accumulator(5000)]).toEqual([1, 5, 4, 0]);
    expect(s.size).toBe(101);
  });
});
