import type { NativeReducer } from './native-reducer.js';

/** `any()`: one item of the group: the first seen (merge keeps the left partial's). */
export function any(): NativeReducer<[unknown] | null> {
  return {
    name: 'any',
    needs: { value: false, item: true, samplingFactor: false },
    init: () => null,
    add: (acc, _v, item) => (acc === null ? [item] : acc),
    merge: (a, b) => (a === null ? b : a),
    result: (acc) => (acc === null ? null : acc[0]),
  };
}
