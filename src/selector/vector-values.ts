/**
 * Intermediate values of the vectorized evaluator. A sub-expression evaluates, per
 * batch, to one of:
 *   - const: the same value on every row (literals, keys absent from the batch);
 *   - col:   a store column as is, read through its typed arrays and bitmaps;
 *   - bool:  a byte per row, 0 false / 1 true / 2 undefined (comparison results);
 *   - tv:    a tagged vector, a type tag per row with numbers unboxed in a
 *            Float64Array and anything else (strings, lists, objects) in `ref`.
 * Kernels pick the cheapest pair of forms; everything can be turned into a tv.
 */
import { bitAt, jsonValueAt, type Column } from '../store/column.js';
import { DateTime, type Value } from './values.js';

export const T_UNDEF = 0;
export const T_NULL = 1;
export const T_BOOL = 2; // num = 0 / 1
export const T_NUM = 3; // num = the number
export const T_STR = 4; // ref = the string
export const T_DT = 5; // num = Unix seconds
export const T_BOX = 6; // ref = list or object

/** Codes of a bool vector, plus OTHER: a defined non-boolean (only as logical input). */
export const B_FALSE = 0;
export const B_TRUE = 1;
export const B_UNDEF = 2;
export const B_OTHER = 3;

export interface TVec {
  /** 1 for a broadcast value (index 0 serves every row), else the batch length. */
  length: number;
  tag: Uint8Array;
  num: Float64Array;
  ref: unknown[] | null;
}

/** `bool` codes: B_* per row; `zeroOne` says every code is 0 or 1 (B_FALSE or B_TRUE) and the array is this value's own. */
export type VVal = { k: 'const'; v: Value } | { k: 'col'; col: Column } | { k: 'bool'; code: Uint8Array; zeroOne?: true } | { k: 'tv'; tv: TVec };

export const constant = (v: Value): VVal => ({ k: 'const', v });
export const boolVal = (code: Uint8Array): VVal => ({ k: 'bool', code });
/** A fresh array of 0/1 verdicts (and/or): the final selection can take it as it is. */
export const zeroOneVal = (code: Uint8Array): VVal => ({ k: 'bool', code, zeroOne: true });

export function newTVec(length: number, withRef: boolean): TVec {
  return { length, tag: new Uint8Array(length), num: new Float64Array(length), ref: withRef ? new Array(length) : null };
}

/** Store a plain value at row i. */
export function setValue(tv: TVec, i: number, v: Value): void {
  if (v === undefined) tv.tag[i] = T_UNDEF;
  else if (v === null) tv.tag[i] = T_NULL;
  else if (typeof v === 'number') {
    tv.tag[i] = T_NUM;
    tv.num[i] = v;
  } else if (typeof v === 'boolean') {
    tv.tag[i] = T_BOOL;
    tv.num[i] = v ? 1 : 0;
  } else if (v instanceof DateTime) {
    tv.tag[i] = T_DT;
    tv.num[i] = v.seconds;
  } else {
    tv.tag[i] = typeof v === 'string' ? T_STR : T_BOX;
    (tv.ref ??= new Array(tv.length))[i] = v;
  }
}

/** The plain value at row i (allocates a DateTime for datetimes). */
export function valueOf(tv: TVec, i: number): Value {
  switch (tv.tag[i]) {
    case T_UNDEF:
      return undefined;
    case T_NULL:
      return null;
    case T_BOOL:
      return tv.num[i] === 1;
    case T_NUM:
      return tv.num[i];
    case T_DT:
      return new DateTime(tv.num[i]!);
    default:
      return tv.ref![i];
  }
}

/** A one-row tv used with stride 0. */
export function broadcast(v: Value): TVec {
  const tv = newTVec(1, typeof v === 'string' || (typeof v === 'object' && v !== null && !(v instanceof DateTime)));
  setValue(tv, 0, v);
  return tv;
}

/** Any form -> tv (a one-row broadcast for constants). */
export function toTVec(v: VVal, n: number): TVec {
  switch (v.k) {
    case 'tv':
      return v.tv;
    case 'const':
      return broadcast(v.v);
    case 'bool': {
      const tv = newTVec(n, false);
      const code = v.code;
      for (let i = 0; i < n; i++) {
        const c = code[i]!;
        if (c === B_UNDEF) continue; // tag 0 = undefined
        tv.tag[i] = T_BOOL;
        tv.num[i] = c;
      }
      return tv;
    }
    case 'col':
      return columnToTVec(v.col, n);
  }
}

function columnToTVec(col: Column, n: number): TVec {
  const { present, nulls } = col;
  const tv: TVec =
    col.kind === 'number'
      ? { length: n, tag: new Uint8Array(n), num: col.values, ref: null } // shares values: tvs are never written after creation
      : newTVec(n, col.kind === 'string' || col.kind === 'json');
  for (let i = 0; i < n; i++) {
    if (present !== null && bitAt(present, i) === 0) {
      tv.tag[i] = nulls !== null && bitAt(nulls, i) === 1 ? T_NULL : T_UNDEF;
      continue;
    }
    switch (col.kind) {
      case 'number':
        tv.tag[i] = T_NUM;
        break;
      case 'string':
        tv.tag[i] = T_STR;
        tv.ref![i] = col.dictionary[col.indices[i]!];
        break;
      case 'boolean':
        tv.tag[i] = T_BOOL;
        tv.num[i] = bitAt(col.values, i);
        break;
      case 'json':
        setValue(tv, i, jsonValueAt(col, i));
        break;
    }
  }
  return tv;
}

/** Logical-input codes (0 false, 1 true, 2 undefined, 3 other). Constants give one code. */
export function logicalCodes(v: VVal, n: number): Uint8Array | number {
  switch (v.k) {
    case 'const':
      return v.v === true ? B_TRUE : v.v === false ? B_FALSE : v.v === undefined ? B_UNDEF : B_OTHER;
    case 'bool':
      return v.code;
    case 'col': {
      const col = v.col;
      const out = new Uint8Array(n);
      const { present } = col;
      for (let i = 0; i < n; i++) {
        if (present !== null && bitAt(present, i) === 0) {
          out[i] = col.nulls !== null && bitAt(col.nulls, i) === 1 ? B_OTHER : B_UNDEF;
        } else if (col.kind === 'boolean') {
          out[i] = bitAt(col.values, i);
        } else if (col.kind === 'json') {
          const x = jsonValueAt(col, i);
          out[i] = x === true ? B_TRUE : x === false ? B_FALSE : B_OTHER;
        } else {
          out[i] = B_OTHER;
        }
      }
      return out;
    }
    case 'tv': {
      const { tag, num } = v.tv;
      const out = new Uint8Array(n);
      for (let i = 0; i < n; i++) {
        const t = tag[i];
        out[i] = t === T_BOOL ? num[i]! : t === T_UNDEF ? B_UNDEF : B_OTHER;
      }
      return out;
    }
  }
}
