import type { NativeReducer } from './native-reducer.js';
import { isNumeric } from './is-numeric.js';
import { toStageValue } from '../serialize.js';

type Obj = Record<string, unknown>;

function isPlainObject(v: unknown): v is Obj {
  if (typeof v !== 'object' || v === null) return false;
  const proto = Object.getPrototypeOf(v);
  return proto === Object.prototype || proto === null;
}

/**
 * Merges `src` into `dst` (which the accumulator owns). Where both sides hold a
 * number, the numbers are summed; where both hold an object, they merge
 * recursively; otherwise `src`'s value replaces `dst`'s (the later item wins).
 * Values taken from `src` are copied in their JSON form, so later merges never
 * mutate a user's item.
 */
function mergeInto(dst: Obj, src: Obj): void {
  for (const k of Object.keys(src)) {
    const sv = src[k];
    if (sv === undefined || typeof sv === 'function') continue;
    const dv = dst[k];
    if (isNumeric(sv) && isNumeric(dv)) dst[k] = dv + sv;
    else if (isPlainObject(sv) && isPlainObject(dv)) mergeInto(dv, sv);
    else {
      const copy = toStageValue(sv);
      if (k === '__proto__') Object.defineProperty(dst, k, { value: copy, enumerable: true, writable: true, configurable: true });
      else dst[k] = copy;
    }
  }
}

/**
 * `object_merge()`: deep merge of the objects (the accessor's values, or the items
 * themselves); numeric leaves are summed. Values that are not plain objects (null,
 * lists, scalars, Dates) are skipped. `{}` when there are none.
 */
export function object_merge(): NativeReducer<Obj> {
  return {
    name: 'object_merge',
    needs: { value: true, item: false, samplingFactor: false },
    init: () => ({}),
    add: (acc, v) => {
      if (isPlainObject(v)) mergeInto(acc, v);
      return acc;
    },
    merge: (a, b) => {
      mergeInto(a, b);
      return a;
    },
    result: (acc) => acc,
  };
}
