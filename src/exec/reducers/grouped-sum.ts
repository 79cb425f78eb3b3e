import { grow } from './grouped-state.js';

/**
 * Columnar `sum(acc)` over a Float64Array with an Arrow validity bitmap (bit i =
 * `(bm[i>>3]>>(i&7))&1`; `null` = all valid). Non-finite values are skipped, like
 * the generic path. `accumulator(g)` is the generic sum accumulator.
 */
export class GroupedSum {
  sums: Float64Array;
  size = 0;

  constructor(nGroups = 0) {
    this.sums = new Float64Array(nGroups);
  }

  add(values: Float64Array, validity: Uint8Array | null, groupIds: Int32Array, length = groupIds.length): void {
    let sums = this.sums;
    let cap = sums.length;
    let size = this.size;
    for (let i = 0; i < length; i++) {
      const g = groupIds[i]!;
      if (g < 0) continue;
      if (g >= cap) {
        sums = this.sums = grow(sums, g + 1, 0);
        cap = sums.length;
      }
      if (g >= size) size = g + 1;
      if (validity !== null && ((validity[i >> 3]! >> (i & 7)) & 1) === 0) continue;
      const v = values[i]!;
      if (v - v !== 0) continue;
      sums[g]! += v;
    }
    this.size = size;
  }

  accumulator(g: number): number {
    return g < this.sums.length ? this.sums[g]! : 0;
  }
}
