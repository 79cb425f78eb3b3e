import type { NativeReducer } from './native-reducer.js';

/** `null()`: always `null` (a groupBy that only lists its keys). */
export function nullReducer(name: 'null' | 'noop' = 'null'): NativeReducer<null> {
  return {
    name,
    needs: { value: false, item: false, samplingFactor: false },
    init: () => null,
    add: () => null,
    merge: () => null,
    result: () => null,
  };
}
