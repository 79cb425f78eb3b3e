import type { NativeReducer } from './native-reducer.js';
import { samplingFactorOf } from './sampling-factor.js';

/**
 * `count()`: the number of items. With `{account_for_sampling: true}` each item
 * counts `1 / sampling_factor` (an item sampled at 0.1 stands for 10).
 */
export function count(opts: { accountForSampling?: boolean } = {}): NativeReducer<number> {
  const sampling = opts.accountForSampling === true;
  return {
    name: 'count',
    needs: { value: false, item: sampling, samplingFactor: sampling },
    init: () => 0,
    add: sampling ? (acc, _v, item, weight) => acc + 1 / samplingFactorOf(item, weight) : (acc) => acc + 1,
    merge: (a, b) => a + b,
    result: (acc) => acc,
  };
}
