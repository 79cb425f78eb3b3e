/**
 * Per-row loops of the vectorized evaluator. Each takes its operands in the forms
 * of vector-values.ts and returns a new vector; inputs are never written. Loops have
 * fast paths for the common tag pairs (number/number, string/string, datetime/
 * datetime) and defer every other pair to the scalar rules of values.ts, which is
 * what keeps them identical to the row evaluator.
 */
import { MAX_SECONDS } from './datetime.js';
import { numberFromAscii } from './json-number.js';
import { bitAt, type BooleanColumn, type JsonColumn, type NumberColumn, type StringColumn } from '../store/column.js';
import type { ArithmeticOp, CompareOp } from './ast.js';
import { compareOrder, contains, equals, numericOp, stringCompare, type Value } from './values.js';
import { B_FALSE, B_TRUE, B_UNDEF, newTVec, setValue, T_BOOL, T_DT, T_NULL, T_NUM, T_STR, T_UNDEF, valueOf, type TVec } from './vector-values.js';

type OrderOp = '<' | '<=' | '>' | '>=';

/** Codes for a row whose number is less / equal / greater / unordered (NaN) / missing. */
interface SignCodes {
  lt: number;
  eq: number;
  gt: number;
  nan: number;
  miss: number;
}

const SIGN_CODES: Record<'==' | '!=' | OrderOp, SignCodes> = {
  '==': { lt: 0, eq: 1, gt: 0, nan: 0, miss: 0 },
  '!=': { lt: 1, eq: 0, gt: 1, nan: 1, miss: 1 },
  '<': { lt: 1, eq: 0, gt: 0, nan: 2, miss: 2 },
  '<=': { lt: 1, eq: 1, gt: 0, nan: 2, miss: 2 },
  '>': { lt: 0, eq: 0, gt: 1, nan: 2, miss: 2 },
  '>=': { lt: 0, eq: 1, gt: 1, nan: 2, miss: 2 },
};

/** `c OP x` is `x MIRROR(OP) c`. */
export const MIRROR: Record<'==' | '!=' | OrderOp, '==' | '!=' | OrderOp> = {
  '==': '==',
  '!=': '!=',
  '<': '>',
  '<=': '>=',
  '>': '<',
  '>=': '<=',
};

/** number column OP number constant: one pass over the Float64Array. */
export function compareNumberColumn(op: '==' | '!=' | OrderOp, col: NumberColumn, c: number, n: number): Uint8Array {
  const { lt, eq, gt, nan, miss } = SIGN_CODES[op];
  const vals = col.values;
  const pres = col.present;
  const out = new Uint8Array(n);
  if (pres === null) {
    for (let i = 0; i < n; i++) {
      const v = vals[i]!;
      out[i] = v < c ? lt : v > c ? gt : v === c ? eq : nan;
    }
  } else {
    for (let i = 0; i < n; i++) {
      if (((pres[i >> 3]! >> (i & 7)) & 1) === 0) {
        out[i] = miss;
        continue;
      }
      const v = vals[i]!;
      out[i] = v < c ? lt : v > c ? gt : v === c ? eq : nan;
    }
  }
  return out;
}

/**
 * json (mixed-type) column OP number constant, without a tagged vector: a row
 * compares as a number when its JSON text is a number, and as a missing value (like
 * any non-number against a number, compareNumbersToConstant) otherwise. A JSON text
 * is a number exactly when it starts with '-' or a digit, and `+text` then gives the
 * same double as JSON.parse, so no row is parsed. Rows where `active` is 0 are not read
 * (their verdict is decided elsewhere) and get the miss code.
 */
export function compareJsonColumn(op: '==' | '!=' | OrderOp, col: JsonColumn, c: number, n: number, active: Uint8Array | null = null): Uint8Array {
  const { lt, eq, gt, nan, miss } = SIGN_CODES[op];
  const pres = col.present;
  const out = new Uint8Array(n);
  const raw = col.raw;
  if (raw !== undefined && pres !== null) {
    // Rows without a value are misses: skip them eight at a time by the presence bitmap
    // (a key of one event name is absent from most rows).
    if (miss !== 0) out.fill(miss);
    const { offsets, bytes } = raw;
    const bitmapBytes = (n + 7) >> 3;
    for (let b = 0; b < bitmapBytes; b++) {
      const bits = pres[b]!;
      if (bits === 0) continue;
      const end = Math.min(n, b * 8 + 8);
      for (let i = b * 8; i < end; i++) {
        if (((bits >> (i & 7)) & 1) === 0 || (active !== null && active[i] === 0)) continue;
        const s = offsets[i]!;
        const e = offsets[i + 1]!;
        const c0 = s < e ? bytes[s]! : 0;
        if (c0 !== 45 && (c0 < 48 || c0 > 57)) continue;
        const v = numberFromAscii(bytes, s, e);
        out[i] = v < c ? lt : v > c ? gt : v === c ? eq : nan;
      }
    }
    return out;
  }
  if (raw !== undefined) {
    // Straight from the file's bytes: no text is decoded.
    const { offsets, bytes } = raw;
    for (let i = 0; i < n; i++) {
      if (active !== null && active[i] === 0) {
        out[i] = miss; // an and/or above has decided this row (BatchContext.active)
        continue;
      }
      const s = offsets[i]!;
      const e = offsets[i + 1]!;
      const c0 = s < e && (pres === null || ((pres[i >> 3]! >> (i & 7)) & 1) === 1) ? bytes[s]! : 0;
      if (c0 !== 45 && (c0 < 48 || c0 > 57)) {
        out[i] = miss;
        continue;
      }
      const v = numberFromAscii(bytes, s, e);
      out[i] = v < c ? lt : v > c ? gt : v === c ? eq : nan;
    }
    return out;
  }
  const texts = col.texts;
  for (let i = 0; i < n; i++) {
    if (active !== null && active[i] === 0) {
      out[i] = miss;
      continue;
    }
    const t = pres === null || ((pres[i >> 3]! >> (i & 7)) & 1) === 1 ? texts[i] : null;
    const c0 = t === null || t === undefined ? 0 : t.charCodeAt(0);
    if (c0 !== 45 && (c0 < 48 || c0 > 57)) {
      out[i] = miss;
      continue;
    }
    const v = +t!;
    out[i] = v < c ? lt : v > c ? gt : v === c ? eq : nan;
  }
  return out;
}

/**
 * Row i of compareJsonColumn (no `active`): the same code for that row alone, for callers
 * that visit a few rows (sparse-and.ts).
 */
export function compareJsonAt(op: '==' | '!=' | OrderOp, col: JsonColumn, c: number, i: number): number {
  const { lt, eq, gt, nan, miss } = SIGN_CODES[op];
  const pres = col.present;
  if (pres !== null && ((pres[i >> 3]! >> (i & 7)) & 1) === 0) return miss;
  let v: number;
  const raw = col.raw;
  if (raw !== undefined) {
    const s = raw.offsets[i]!;
    const e = raw.offsets[i + 1]!;
    const c0 = s < e ? raw.bytes[s]! : 0;
    if (c0 !== 45 && (c0 < 48 || c0 > 57)) return miss;
    v = numberFromAscii(raw.bytes, s, e);
  } else {
    const t = col.texts[i];
    const c0 = t === null || t === undefined ? 0 : t.charCodeAt(0);
    if (c0 !== 45 && (c0 < 48 || c0 > 57)) return miss;
    v = +t!;
  }
  return v < c ? lt : v > c ? gt : v === c ? eq : nan;
}

/** One arithmetic step with the §4.4 rules inlined (x/0, x%0, NaN, ±Inf -> NaN = undefined). */
function arith(op: ArithmeticOp, a: number, b: number): number {
  let r: number;
  switch (op) {
    case '+':
      r = a + b;
      break;
    case '-':
      r = a - b;
      break;
    case '*':
      r = a * b;
      break;
    case '/':
      r = b === 0 ? NaN : a / b;
      break;
    default:
      r = b === 0 ? NaN : a % b;
  }
  return r - r === 0 ? r : NaN; // finite check without a call
}

/** number column OP number constant (or constant OP column): arithmetic without boxing. */
export function arithNumberColumn(op: ArithmeticOp, col: NumberColumn, c: number, colOnLeft: boolean, n: number): TVec {
  const out = newTVec(n, false);
  const vals = col.values;
  const pres = col.present;
  const { tag, num } = out;
  for (let i = 0; i < n; i++) {
    if (pres !== null && ((pres[i >> 3]! >> (i & 7)) & 1) === 0) continue; // undefined (null too: null + 1 is undefined)
    const r = colOnLeft ? arith(op, vals[i]!, c) : arith(op, c, vals[i]!);
    if (r !== r) continue;
    tag[i] = T_NUM;
    num[i] = r;
  }
  return out;
}

/** A numeric tagged vector OP number constant: rows that are not numbers take the miss code. */
export function compareNumbersToConstant(op: '==' | '!=' | OrderOp, a: TVec, c: number, n: number): Uint8Array {
  const { lt, eq, gt, nan, miss } = SIGN_CODES[op];
  const { tag, num } = a;
  const out = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    if (tag[i] !== T_NUM) {
      out[i] = miss;
      continue;
    }
    const v = num[i]!;
    out[i] = v < c ? lt : v > c ? gt : v === c ? eq : nan;
  }
  return out;
}

/**
 * event["$time"] OP datetime constant, straight from the UTC-ms Float64Array:
 * whole seconds by floor, rows without an event (mask) or time (NaN) are undefined.
 */
export function compareTimeToConstant(op: '==' | '!=' | OrderOp, ms: Float64Array, mask: Uint8Array | null | undefined, c: number, n: number): Uint8Array {
  const { lt, eq, gt, miss } = SIGN_CODES[op];
  const out = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    const s = Math.floor(ms[i]! / 1000);
    if ((mask && mask[i] === 0) || !(s >= -MAX_SECONDS && s <= MAX_SECONDS)) {
      out[i] = miss;
      continue;
    }
    out[i] = s < c ? lt : s > c ? gt : eq;
  }
  return out;
}

/**
 * string column == / != string constant: the constant is resolved to its dictionary
 * index (once per dictionary, by the caller) and rows compare Int32 indices.
 */
export function equalsDictionaryIndex(col: StringColumn, target: number, hit: number, n: number): Uint8Array {
  const miss = 1 - hit;
  const out = new Uint8Array(n);
  if (miss !== 0) out.fill(miss);
  const idx = col.indices;
  const pres = col.present;
  // Only matching rows are written (the presence bit is read for those alone).
  if (pres === null) {
    for (let i = 0; i < n; i++) if (idx[i] === target) out[i] = hit;
  } else {
    for (let i = 0; i < n; i++) {
      if (idx[i] === target && ((pres[i >> 3]! >> (i & 7)) & 1) === 1) out[i] = hit;
    }
  }
  return out;
}

/** Row index of a dictionary-lift table: dictionary index, or D for missing, D+1 for null. */
export function liftIndex(col: StringColumn | BooleanColumn, i: number, missing: number): number {
  if (col.present === null || bitAt(col.present, i) === 1) {
    return col.kind === 'string' ? col.indices[i]! : bitAt(col.values, i);
  }
  return col.nulls !== null && bitAt(col.nulls, i) === 1 ? missing + 1 : missing;
}

const stride = (tv: TVec) => (tv.length === 1 ? 0 : 1);

/** Generic comparison of two tagged vectors (either may be a one-row broadcast). */
export function compareVectors(op: CompareOp, a: TVec, b: TVec, n: number, tz: string): Uint8Array {
  if (op !== 'in' && n > 1) {
    if (b.length === 1 && b.tag[0] === T_NUM && a.length === n) return compareNumbersToConstant(op, a, b.num[0]!, n);
    if (a.length === 1 && a.tag[0] === T_NUM && b.length === n) return compareNumbersToConstant(MIRROR[op], b, a.num[0]!, n);
  }
  const out = new Uint8Array(n);
  const sa = stride(a);
  const sb = stride(b);
  const { tag: ta, num: na } = a;
  const { tag: tb, num: nb } = b;
  if (op === '==' || op === '!=') {
    const hit = op === '==' ? B_TRUE : B_FALSE;
    const miss = 1 - hit;
    for (let i = 0; i < n; i++) {
      const x = i * sa;
      const y = i * sb;
      const t = ta[x]!;
      const u = tb[y]!;
      let eq: boolean;
      if (t === u) {
        if (t === T_NUM || t === T_BOOL || t === T_DT) eq = na[x] === nb[y];
        else if (t === T_STR) eq = stringCompare.equals(a.ref![x] as string, b.ref![y] as string);
        else if (t === T_UNDEF || t === T_NULL) eq = true;
        else eq = equals(a.ref![x], b.ref![y], tz);
      } else if ((t === T_DT && u === T_STR) || (t === T_STR && u === T_DT)) {
        eq = equals(valueOf(a, x), valueOf(b, y), tz);
      } else {
        eq = false;
      }
      out[i] = eq ? hit : miss;
    }
    return out;
  }
  if (op === 'in') {
    for (let i = 0; i < n; i++) {
      const x = i * sa;
      const y = i * sb;
      let r: Value;
      if (ta[x] === T_STR && tb[y] === T_STR) r = stringCompare.contains(b.ref![y] as string, a.ref![x] as string);
      else r = contains(valueOf(a, x), valueOf(b, y), tz);
      out[i] = r === true ? B_TRUE : r === false ? B_FALSE : B_UNDEF;
    }
    return out;
  }
  const { lt, eq, gt, nan } = SIGN_CODES[op];
  for (let i = 0; i < n; i++) {
    const x = i * sa;
    const y = i * sb;
    const t = ta[x]!;
    const u = tb[y]!;
    if ((t === T_NUM && u === T_NUM) || (t === T_DT && u === T_DT)) {
      const v = na[x]!;
      const c = nb[y]!;
      out[i] = v < c ? lt : v > c ? gt : v === c ? eq : nan;
    } else if ((t === T_STR || t === T_DT) && (u === T_STR || u === T_DT)) {
      const r = compareOrder(op, valueOf(a, x), valueOf(b, y), tz);
      out[i] = r === true ? B_TRUE : r === false ? B_FALSE : B_UNDEF;
    } else {
      out[i] = B_UNDEF;
    }
  }
  return out;
}

/** Generic arithmetic: numbers unboxed, string concatenation for '+', else undefined. */
export function arithVectors(op: ArithmeticOp, a: TVec, b: TVec, n: number): TVec {
  const left = b.length === 1 && b.tag[0] === T_NUM;
  if (n > 1 && (left || (a.length === 1 && a.tag[0] === T_NUM))) {
    // numbers OP constant: non-numbers give undefined (string + number is undefined too)
    const v = left ? a : b;
    const c = left ? b.num[0]! : a.num[0]!;
    const out = newTVec(n, false);
    for (let i = 0; i < n; i++) {
      if (v.tag[i] !== T_NUM) continue;
      const r = left ? arith(op, v.num[i]!, c) : arith(op, c, v.num[i]!);
      if (r !== r) continue;
      out.tag[i] = T_NUM;
      out.num[i] = r;
    }
    return out;
  }
  const out = newTVec(n, op === '+');
  const sa = stride(a);
  const sb = stride(b);
  for (let i = 0; i < n; i++) {
    const x = i * sa;
    const y = i * sb;
    const t = a.tag[x];
    const u = b.tag[y];
    if (t === T_NUM && u === T_NUM) {
      const r = numericOp(op, a.num[x]!, b.num[y]!);
      if (r !== undefined) {
        out.tag[i] = T_NUM;
        out.num[i] = r;
      }
    } else if (op === '+' && t === T_STR && u === T_STR) {
      out.tag[i] = T_STR;
      out.ref![i] = (a.ref![x] as string) + (b.ref![y] as string);
    }
  }
  return out;
}

/** Apply a scalar function row by row (casts, floor, has_prefix, ...). */
export function mapVectors(f: (args: Value[]) => Value, args: TVec[], n: number): TVec {
  const out = newTVec(n, true);
  const strides = args.map(stride);
  const vals: Value[] = new Array(args.length);
  for (let i = 0; i < n; i++) {
    for (let k = 0; k < args.length; k++) vals[k] = valueOf(args[k]!, i * strides[k]!);
    setValue(out, i, f(vals));
  }
  return out;
}

/** `-x` on numbers only. */
export function negateVector(a: TVec, n: number): TVec {
  const out = newTVec(n, false);
  const s = stride(a);
  for (let i = 0; i < n; i++) {
    if (a.tag[i * s] !== T_NUM) continue;
    out.tag[i] = T_NUM;
    out.num[i] = -a.num[i * s]!;
  }
  return out;
}
