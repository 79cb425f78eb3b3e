import { grow } from './grouped-state.js';
import type { AvgAcc } from './avg.js';

/** Columnar `avg(acc)` (optionally `{account_for_sampling: true}` with per-row factors). */
export class GroupedAvg {
  sums: Float64Array;
  weights: Float64Array;
  size = 0;

  constructor(nGroups = 0) {
    this.sums = new Float64Array(nGroups);
    this.weights = new Float64Array(nGroups);
  }

  add(values: Float64Array, validity: Uint8Array | null, groupIds: Int32Array, length = groupIds.length, samplingFactors: Float64Array | null = null): void {
    let sums = this.sums;
    let weights = this.weights;
    let cap = sums.length;
    let size = this.size;
    for (let i = 0; i < length; i++) {
      const g = groupIds[i]!;
      if (g < 0) continue;
      if (g >= cap) {
        sums = this.sums = grow(sums, g + 1, 0);
        weights = this.weights = grow(weights, g + 1, 0);
        cap = sums.length;
      }
      if (g >= size) size = g + 1;
      if (validity !== null && ((validity[i >> 3]! >> (i & 7)) & 1) === 0) continue;
      const v = values[i]!;
      if (v - v !== 0) continue;
      if (samplingFactors === null) {
        sums[g]! += v;
        weights[g]! += 1;
      } else {
        const f = samplingFactors[i]!;
        const w = 1 / (f > 0 && f - f === 0 ? f : 1);
        sums[g]! += v * w;
        weights[g]! += w;
      }
    }
    this.size = size;
  }

  accumulator(g: number): AvgAcc {
    return g < this.sums.length ? { sum: this.sums[g]!, weight: this.weights[g]! } : { sum: 0, weight: 0 };
  }
}
