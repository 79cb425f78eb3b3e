/**
 * Which built-in reducers run a columnar kernel (a typed-array loop over a number
 * column per batch, exec/reducers/grouped-*.ts) and which results are order-free.
 * A kernel needs its input as a column path; count needs none. Batches whose column
 * is not numeric fall back to the generic accumulator at run time (the result is the
 * same: kernels keep one sequential accumulator per group).
 */
import type { ReducerSpec } from '../../nodes.js';
import type { KernelName, PhysicalReducer } from '../nodes.js';

const KERNELS = new Set<string>(['count', 'sum', 'avg', 'min', 'max', 'numeric_summary']);

/**
 * Built-in reducers whose results do not depend on input order, not even in the last
 * bit (sum, avg and numeric_summary add floats, so they are left out).
 */
const ORDER_FREE = new Set(['count', 'min', 'max', 'numeric_percentiles', 'count_unique', 'null', 'noop']);

export function chooseKernel(r: ReducerSpec): PhysicalReducer {
  if (r.kind === 'fn') return { ...r, kernel: null, orderFree: false };
  const kernel = KERNELS.has(r.name) && (r.name === 'count' || r.accessor?.kind === 'path') ? (r.name as KernelName) : null;
  const orderFree = ORDER_FREE.has(r.name) && !r.options?.account_for_sampling && (r.accessor === undefined || r.accessor.kind !== 'fn');
  return { ...r, kernel, orderFree };
}
