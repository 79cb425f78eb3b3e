import { grow } from './grouped-state.js';

/**
 * Columnar `min(acc)` / `max(acc)`: per-group extremes, starting at ±Infinity
 * (= "no value yet", the generic accumulator's null). Same comparisons as the
 * generic path, so ties (0 vs -0) resolve identically.
 */
export class GroupedMinMax {
  extremes: Float64Array;
  size = 0;
  readonly kind: 'min' | 'max';
  private readonly empty: number;

  constructor(kind: 'min' | 'max', nGroups = 0) {
    this.kind = kind;
    this.empty = kind === 'min' ? Infinity : -Infinity;
    this.extremes = new Float64Array(nGroups).fill(this.empty);
  }

  add(values: Float64Array, validity: Uint8Array | null, groupIds: Int32Array, length = groupIds.length): void {
    let ex = this.extremes;
    let cap = ex.length;
    let size = this.size;
    const isMin = this.kind === 'min';
    for (let i = 0; i < length; i++) {
      const g = groupIds[i]!;
      if (g < 0) continue;
      if (g >= cap) {
        ex = this.extremes = grow(ex, g + 1, this.empty);
        cap = ex.length;
      }
      if (g >= size) size = g + 1;
      if (validity !== null && ((validity[i >> 3]! >> (i & 7)) & 1) === 0) continue;
      const v = values[i]!;
      if (v - v !== 0) continue;
      if (isMin ? v < ex[g]! : v > ex[g]!) ex[g] = v;
    }
    this.size = size;
  }

  /** The generic min/max accumulator: the extreme, or null when the group had no value. */
  accumulator(g: number): number | null {
    if (g >= this.extremes.length) return null;
    const v = this.extremes[g]!;
    return v === this.empty ? null : v;
  }
}
