import type { NativeReducer } from './native-reducer.js';
import { toStageValue } from '../serialize.js';

/**
 * A value's identity for counting: type-tagged so 1 and "1" differ; objects and lists
 * by their JSON text. `undefined` and `null` (no value) return null and are not counted.
 */
function identity(v: unknown): string | null {
  switch (typeof v) {
    case 'string':
      return 's' + v;
    case 'number':
      return v - v === 0 ? 'n' + (v === 0 ? '0' : String(v)) : null;
    case 'boolean':
      return v ? 'T' : 'F';
    case 'object': {
      if (v === null) return null;
      const s = JSON.stringify(toStageValue(v));
      return s === 'null' ? null : 'j' + s;
    }
    default:
      return null;
  }
}

/**
 * `count_unique(acc)` (quarry's own): the number of distinct values of `acc`, by
 * default `distinct_id`. Missing values (undefined, null) are not a value.
 */
export function count_unique(): NativeReducer<Set<string>> {
  return {
    name: 'count_unique',
    needs: { value: true, item: false, samplingFactor: false },
    init: () => new Set<string>(),
    add: (acc, v) => {
      const id = identity(v);
      if (id !== null) acc.add(id);
      return acc;
    },
    merge: (a, b) => {
      const [big, small] = a.size >= b.size ? [a, b] : [b, a];
      for (const x of small) big.add(x);
      return big;
    },
    result: (acc) => acc.size,
  };
}
