import type { SparseBuilder } from '../../src/store/index.js';

/** Dense per-row values (undefined = missing) -> the sparse form column encoders take. */
export function sparseOf(values: unknown[]): SparseBuilder {
  const s: SparseBuilder = { rows: [], values: [] };
  values.forEach((v, i) => {
    if (v !== undefined) {
      s.rows.push(i);
      s.values.push(v);
    }
  });
  return s;
}
