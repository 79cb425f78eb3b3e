import type { NativeReducer } from './native-reducer.js';
import { isNumeric } from './is-numeric.js';

/** `sum(acc)`: the sum of the numeric values (non-numbers skipped); 0 when there are none. */
export function sum(): NativeReducer<number> {
  return {
    name: 'sum',
    needs: { value: true, item: false, samplingFactor: false },
    init: () => 0,
    add: (acc, v) => (isNumeric(v) ? acc + v : acc),
    merge: (a, b) => a + b,
    result: (acc) => acc,
  };
}
