/**
 * Which built-in reducers run a columnar kernel (a typed-array loop over a number
 * column per batch, exec/reducers/grouped-*.ts) and which results are order-free,
 * from the reducers' facts (reducer-facts/). A kernel that reads a value needs its
 * input as a column path; count needs none. Batches whose column is not numeric fall
 * back to the generic accumulator at run time (the result is the same: kernels keep
 * one sequential accumulator per group). A result is order-free only when the
 * reducer's is and nothing else can depend on the order (sampling weights, a
 * function accessor).
 */
import { reducerFacts } from '../../../reducer-facts/index.js';
import type { ReducerSpec } from '../../nodes.js';
import type { PhysicalReducer } from '../nodes.js';

export function chooseKernel(r: ReducerSpec): PhysicalReducer {
  if (r.kind === 'fn') return { ...r, kernel: null, orderFree: false };
  const facts = reducerFacts(r.name);
  const k = facts?.kernel ?? null;
  const kernel = k !== null && (!k.column || r.accessor?.kind === 'path') ? k.name : null;
  const orderFree = (facts?.orderFree ?? false) && !r.options?.account_for_sampling && (r.accessor === undefined || r.accessor.kind !== 'fn');
  return { ...r, kernel, orderFree };
}
