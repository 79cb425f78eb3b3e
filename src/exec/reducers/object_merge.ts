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
 * Merges `src` into `dst` (which the accumulator owns). Numbers at the same path are
 * summed; objects merge recursively. When a path holds values of different kinds,
 * an object beats a number, which beats anything else (string, boolean, null, a
 * list); among those others the later value wins. This precedence (rather than
 * "the later value always wins") keeps merging associative, so chunked reduction
 * gives the same result as one pass. Values taken from `src` are copied in their
 * JSON form, so later merges never mutate a user's item.
 */
function mergeInto(dst: Obj, src: Obj): void {
  for (const k of Object.keys(src)) {
    const sv = src[k];
    if (sv === undefined || typeof sv === 'function') continue;
    const has = Object.prototype.hasOwnProperty.call(dst, k);
    const dv = has ? dst[k] : undefined;
    if (isPlainObject(sv)) {
      if (isPlainObject(dv)) mergeInto(dv, sv);
      else set(dst, k, toStageValue(sv));
    } else if (isNumeric(sv)) {
      if (isNumeric(dv)) dst[k] = dv + sv;
      else if (!isPlainObject(dv)) set(dst, k, sv);
    } else if (!has || !(isPlainObject(dv) || isNumeric(dv))) {
      set(dst, k, toStageValue(sv));
    }
  }
}

function set(dst: Obj, k: string, v: unknown): void {
  if (k === '__proto__') Object.defineProperty(dst, k, { value: v, enumerable: true, writable: true, configurable: true });
  else dst[k] = v;
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
