import { compareKeyComponents } from '../accessors/index.js';
import type { KeyComponent } from '../accessors/index.js';
import type { NativeReducer } from './native-reducer.js';

/** The best item so far and the value it was ranked by. */
export interface ByValueAcc {
  value: KeyComponent;
  item: unknown;
}

/**
 * Values min_by/max_by can rank: finite numbers, strings and booleans, in groupBy
 * key order (false < true < numbers < strings). `undefined`, `null`, NaN/Infinity and
 * objects mean "no value": the item is not a candidate.
 */
function rankable(v: unknown): v is KeyComponent {
  const t = typeof v;
  return t === 'string' || t === 'boolean' || (t === 'number' && (v as number) - (v as number) === 0);
}

/**
 * Shared body of `min_by(acc)` / `max_by(acc)`: the whole item with the smallest /
 * largest value; `null` when no item has a rankable value. Ties keep the item seen
 * first (and `merge(a, b)` keeps `a`'s).
 */
export function byValue(name: 'min_by' | 'max_by'): NativeReducer<ByValueAcc | null> {
  const sign = name === 'min_by' ? -1 : 1;
  return {
    name,
    needs: { value: true, item: true, samplingFactor: false },
    init: () => null,
    add: (acc, v, item) => {
      if (!rankable(v)) return acc;
      if (acc === null) return { value: v, item };
      if (sign * compareKeyComponents(v, acc.value) > 0) {
        acc.value = v;
        acc.item = item;
      }
      return acc;
    },
    merge: (a, b) => {
      if (b === null) return a;
      if (a === null) return b;
      return sign * compareKeyComponents(b.value, a.value) > 0 ? b : a;
    },
    result: (acc) => (acc === null ? null : acc.item),
  };
}
