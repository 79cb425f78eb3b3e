import type { NativeReducer } from './native-reducer.js';
import { isNumeric } from './is-numeric.js';
import { samplingFactorOf } from './sampling-factor.js';

export interface AvgAcc {
  sum: number;
  /** Number of numeric values, or with sampling the sum of their 1/sampling_factor. */
  weight: number;
}

/**
 * `avg(acc)`: the mean of the numeric values; `null` when there are none. With
 * `{account_for_sampling: true}` (mixpanel-formats F) each value weighs
 * `1 / sampling_factor`: sum(v / f) / sum(1 / f).
 */
export function avg(opts: { accountForSampling?: boolean } = {}): NativeReducer<AvgAcc> {
  const sampling = opts.accountForSampling === true;
  return {
    name: 'avg',
    needs: { value: true, item: sampling, samplingFactor: sampling },
    init: () => ({ sum: 0, weight: 0 }),
    add: sampling
      ? (acc, v, item, weight) => {
          if (isNumeric(v)) {
            const w = 1 / samplingFactorOf(item, weight);
            acc.sum += v * w;
            acc.weight += w;
          }
          return acc;
        }
      : (acc, v) => {
          if (isNumeric(v)) {
            acc.sum += v;
            acc.weight += 1;
          }
          return acc;
        },
    merge: (a, b) => {
      a.sum += b.sum;
      a.weight += b.weight;
      return a;
    },
    result: (acc) => (acc.weight === 0 ? null : acc.sum / acc.weight),
  };
}
