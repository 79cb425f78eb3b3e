import { grow } from './grouped-state.js';
import type { NumericSummaryAcc } from './numeric_summary.js';

/**
 * Columnar `numeric_summary(acc)`: the same Welford update as `addToSummary`, on
 * per-group Float64Arrays, so `accumulator(g)` is bit-identical to the generic path.
 */
export class GroupedNumericSummary {
  count: Float64Array;
  sum: Float64Array;
  sumSquares: Float64Array;
  mean: Float64Array;
  m2: Float64Array;
  size = 0;

  constructor(nGroups = 0) {
    this.count = new Float64Array(nGroups);
    this.sum = new Float64Array(nGroups);
    this.sumSquares = new Float64Array(nGroups);
    this.mean = new Float64Array(nGroups);
    this.m2 = new Float64Array(nGroups);
  }

  private ensure(minLength: number): void {
    this.count = grow(this.count, minLength, 0);
    this.sum = grow(this.sum, minLength, 0);
    this.sumSquares = grow(this.sumSquares, minLength, 0);
    this.mean = grow(this.mean, minLength, 0);
    this.m2 = grow(this.m2, minLength, 0);
  }

  add(values: Float64Array, validity: Uint8Array | null, groupIds: Int32Array, length = groupIds.length): void {
    let { count, sum, sumSquares, mean, m2 } = this;
    let cap = count.length;
    let size = this.size;
    for (let i = 0; i < length; i++) {
      const g = groupIds[i]!;
      if (g < 0) continue;
      if (g >= cap) {
        this.ensure(g + 1);
        ({ count, sum, sumSquares, mean, m2 } = this);
        cap = count.length;
      }
      if (g >= size) size = g + 1;
      if (validity !== null && ((validity[i >> 3]! >> (i & 7)) & 1) === 0) continue;
      const v = values[i]!;
      if (v - v !== 0) continue;
      const n = (count[g]! += 1);
      sum[g]! += v;
      sumSquares[g]! += v * v;
      const d = v - mean[g]!;
      const mu = (mean[g]! += d / n);
      m2[g]! += d * (v - mu);
    }
    this.size = size;
  }

  accumulator(g: number): NumericSummaryAcc {
    if (g >= this.count.length) return { count: 0, sum: 0, sum_squares: 0, mean: 0, m2: 0 };
    return {
      count: this.count[g]!,
      sum: this.sum[g]!,
      sum_squares: this.sumSquares[g]!,
      mean: this.mean[g]!,
      m2: this.m2[g]!,
    };
  }
}
