import type { NativeReducer } from './native-reducer.js';
import { isNumeric } from './is-numeric.js';

/** `max(acc)`: the largest numeric value; `null` when there is none (like avg). */
export function max(): NativeReducer<number | null> {
  return {
    name: 'max',
    needs: { value: true, item: false, samplingFactor: false },
    init: () => null,
    add: (acc, v) => (isNumeric(v) && (acc === null || v > acc) ? v : acc),
    merge: (a, b) => (b !== null && (a === null || b > a) ? b : a),
    result: (acc) => acc,
  };
}
