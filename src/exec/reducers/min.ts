import type { NativeReducer } from './native-reducer.js';
import { isNumeric } from './is-numeric.js';

/** `min(acc)`: the smallest numeric value; `null` when there is none (like avg). */
export function min(): NativeReducer<number | null> {
  return {
    name: 'min',
    needs: { value: true, item: false, samplingFactor: false },
    init: () => null,
    add: (acc, v) => (isNumeric(v) && (acc === null || v < acc) ? v : acc),
    merge: (a, b) => (b !== null && (a === null || b < a) ? b : a),
    result: (acc) => acc,
  };
}
