import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { GroupedNumericSummary, makeReducer } from '../../../../src/exec/reducers/index.js';
import { reduceAll, values } from './helpers.js';

/**
 * numeric_summary, avg and numeric_percentiles against DuckDB over random data.
 * Definitions match: DuckDB's avg, sum, stddev_pop and quantile_cont (linear
 * interpolation between closest ranks, = our type-7 percentile).
 */
describe('cross-check against DuckDB', () => {
  it('numeric_summary, avg, percentiles', async () => {
    const { DuckDBInstance } = await import('@duckdb/node-api');
    const db = await DuckDBInstance.create(':memory:');
    const c = await db.connect();
    const samples = fc.sample(
      fc.array(fc.oneof(fc.integer({ min: -1000, max: 1000 }), fc.double({ min: -1e4, max: 1e4, noNaN: true })), {
        minLength: 1,
        maxLength: 200,
      }),
      { numRuns: 25, seed: 42 },
    );
    for (const data of samples) {
      const rows = data.map((v) => `(${v === 0 ? '0' : v.toPrecision(17)}::DOUBLE)`).join(',');
      const sql =
        `SELECT count(v), sum(v), sum(v*v), avg(v), stddev_pop(v), ` +
        `quantile_cont(v, 0.5), quantile_cont(v, 0.9), quantile_cont(v, 0.01), quantile_cont(v, 1.0) ` +
        `FROM (VALUES ${rows}) t(v)`;
      const [row] = (await c.runAndReadAll(sql)).getRows() as unknown[][];
      const nums = row!.map((x) => Number(x));
      const summary = reduceAll(makeReducer({ name: 'numeric_summary' }), values(...data)) as Record<string, number>;
      const tol = (a: number, b: number) => expect(Math.abs(a - b)).toBeLessThanOrEqual(1e-9 * Math.max(1, Math.abs(b)));
      expect(summary.count).toBe(nums[0]);
      tol(summary.sum, nums[1]!);
      tol(summary.sum_squares, nums[2]!);
      tol(summary.avg, nums[3]!);
      tol(summary.stddev, nums[4]!);
      tol(reduceAll(makeReducer({ name: 'avg' }), values(...data)) as number, nums[3]!);
      const pct = reduceAll(makeReducer({ name: 'numeric_percentiles', args: ['v', [50, 90, 1, 100]] }), values(...data)) as {
        value: number;
      }[];
      pct.forEach((p, i) => tol(p.value, nums[5 + i]!));
      // the columnar path agrees too
      const g = new GroupedNumericSummary();
      g.add(Float64Array.from(data), null, new Int32Array(data.length));
      const columnar = makeReducer({ name: 'numeric_summary' }).result(g.accumulator(0)) as { stddev: number };
      tol(columnar.stddev, nums[4]!);
    }
    c.closeSync();
  }, 30_000);
});
