import { grow } from './grouped-state.js';

/**
 * Columnar `count()`: counts rows per group id in one pass over an Int32Array.
 * `accumulator(g)` is the generic count accumulator for group g, so partials from
 * here merge with `count().merge` like any other.
 */
export class GroupedCount {
  counts: Float64Array;
  /** One past the largest group id seen. */
  size = 0;

  constructor(nGroups = 0) {
    this.counts = new Float64Array(nGroups);
  }

  /**
   * Adds rows `0..length-1`. With `samplingFactors` (one per row, `count({account_for_sampling: true})`)
   * each row counts 1/factor; a factor that is not a positive finite number counts as 1.
   */
  add(groupIds: Int32Array, length = groupIds.length, samplingFactors: Float64Array | null = null): void {
    let counts = this.counts;
    let cap = counts.length;
    let size = this.size;
    for (let i = 0; i < length; i++) {
      const g = groupIds[i]!;
      if (g < 0) continue;
      if (g >= cap) {
        counts = this.counts = grow(counts, g + 1, 0);
        cap = counts.length;
      }
      if (g >= size) size = g + 1;
      if (samplingFactors === null) counts[g]! += 1;
      else {
        const f = samplingFactors[i]!;
        counts[g]! += 1 / (f > 0 && f - f === 0 ? f : 1);
      }
    }
    this.size = size;
  }

  /** Adds `n` rows (each counting 1) to group g: a histogram bin (operators/count-by-codes.ts). */
  addCount(g: number, n: number): void {
    if (g >= this.counts.length) this.counts = grow(this.counts, g + 1, 0);
    if (g >= this.size) this.size = g + 1;
    this.counts[g]! += n;
  }

  accumulator(g: number): number {
    return g < this.counts.length ? this.counts[g]! : 0;
  }
}
