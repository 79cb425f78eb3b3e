/**
 * The runtime value model (spec §4.1) and the scalar meaning of every operator and
 * cast (§4.3, §4.4). Both evaluators use these functions, directly or by lifting
 * them over a column's dictionary, so there is one definition of each rule.
 *
 * Values are plain JS: undefined, null, boolean, number, string, arrays (lists),
 * plain objects, plus DateTime for instants. A runtime type mismatch never throws:
 * it gives undefined.
 */
import { datetimeFromNumber, formatDatetime, parseDatetimeString } from './datetime.js';

export type Value = unknown;

/** An instant, in whole Unix seconds. Never produced from data implicitly (Q4). */
export class DateTime {
  constructor(readonly seconds: number) {}
}

export type TypeName = 'undefined' | 'null' | 'boolean' | 'number' | 'string' | 'list' | 'object' | 'datetime';

export function typeName(v: Value): TypeName {
  if (v === undefined) return 'undefined';
  if (v === null) return 'null';
  switch (typeof v) {
    case 'boolean':
      return 'boolean';
    case 'number':
      return 'number';
    case 'string':
      return 'string';
  }
  if (Array.isArray(v)) return 'list';
  if (v instanceof DateTime) return 'datetime';
  return 'object';
}

// ---------------------------------------------------------------------------------
// Q1: one place decides how strings compare. Flip a flag to change the language.
// ---------------------------------------------------------------------------------

/** Order strings by Unicode code point (JS `<` orders UTF-16 code units). */
export function compareCodePoints(a: string, b: string): number {
  if (a === b) return 0;
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    let x = a.charCodeAt(i);
    let y = b.charCodeAt(i);
    if (x === y) continue;
    // Surrogates (D800-DFFF) encode code points above FFFF, so they sort after E000-FFFF.
    if (x >= 0xd800) x += x >= 0xe000 ? -0x800 : 0x2000;
    if (y >= 0xd800) y += y >= 0xe000 ? -0x800 : 0x2000;
    return x < y ? -1 : 1;
  }
  return a.length < b.length ? -1 : a.length > b.length ? 1 : 0;
}

export const stringCompare = {
  /** `==`, `!=` and `in` (Q1: case-sensitive). The vector path reads this too. */
  caseSensitiveEquality: true,
  /** `has_prefix` / `has_suffix` (Q1: case-insensitive, per the custom-properties doc). */
  caseSensitiveAffix: false,

  fold(s: string, caseSensitive: boolean): string {
    return caseSensitive ? s : s.toLowerCase();
  },
  equals(a: string, b: string): boolean {
    return this.caseSensitiveEquality ? a === b : a.toLowerCase() === b.toLowerCase();
  },
  contains(haystack: string, needle: string): boolean {
    const cs = this.caseSensitiveEquality;
    return this.fold(haystack, cs).includes(this.fold(needle, cs));
  },
  hasPrefix(s: string, p: string): boolean {
    const cs = this.caseSensitiveAffix;
    return this.fold(s, cs).startsWith(this.fold(p, cs));
  },
  hasSuffix(s: string, p: string): boolean {
    const cs = this.caseSensitiveAffix;
    return this.fold(s, cs).endsWith(this.fold(p, cs));
  },
  order(a: string, b: string): number {
    return compareCodePoints(a, b);
  },
};

// ---------------------------------------------------------------------------------
// Casts (§4.3)
// ---------------------------------------------------------------------------------

export const isDefined = (v: Value): boolean => v !== undefined && v !== null;

/** Compact JSON; datetimes inside lists print like string(datetime). */
export function toJsonText(v: Value, timezone: string): string {
  return JSON.stringify(v, (_k, x: unknown) => (x instanceof DateTime ? formatDatetime(x.seconds, timezone) : x)) ?? 'null';
}

export function toStringValue(v: Value, timezone: string): Value {
  switch (typeName(v)) {
    case 'string':
      return v;
    case 'number':
      return String(v); // shortest round-trip; integers without ".0"
    case 'boolean':
      return v ? 'true' : 'false';
    case 'null':
      return null;
    case 'undefined':
      return undefined;
    case 'datetime':
      return formatDatetime((v as DateTime).seconds, timezone);
    case 'list':
    case 'object':
      return toJsonText(v, timezone);
  }
}

const DECIMAL_RE = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/;

/** Whole-string decimal after trimming; "" and "12abc" give undefined. */
export function parseDecimal(s: string): number | undefined {
  const t = s.trim();
  if (!DECIMAL_RE.test(t)) return undefined;
  const n = Number(t);
  return Number.isFinite(n) ? n : undefined;
}

export function toNumberValue(v: Value): Value {
  switch (typeName(v)) {
    case 'number':
      return v;
    case 'string':
      return parseDecimal(v as string);
    case 'boolean':
      return v ? 1 : 0;
    case 'datetime':
      return (v as DateTime).seconds;
    default:
      return undefined;
  }
}

export function toBooleanValue(v: Value): boolean {
  switch (typeName(v)) {
    case 'boolean':
      return v as boolean;
    case 'string':
      return v !== '' && (v as string).toLowerCase() !== 'false';
    case 'number':
      return v !== 0 && !Number.isNaN(v);
    case 'datetime':
      return true;
    case 'list':
      return (v as unknown[]).length > 0;
    case 'object':
      return Object.keys(v as object).length > 0;
    default:
      return false; // null, undefined
  }
}

export function toDatetimeValue(v: Value, timezone: string): Value {
  let seconds: number | undefined;
  if (typeof v === 'number') seconds = datetimeFromNumber(v);
  else if (typeof v === 'string') seconds = parseDatetimeString(v, timezone);
  else if (v instanceof DateTime) return v;
  return seconds === undefined ? undefined : new DateTime(seconds);
}

export function toListValue(v: Value): Value {
  if (Array.isArray(v)) return v;
  if (typeof v !== 'string') return undefined;
  try {
    const parsed: unknown = JSON.parse(v);
    return Array.isArray(parsed) ? parsed : undefined;
  } catch {
    return undefined;
  }
}

/** round(-2.5) = -3: half away from zero. */
export function roundHalfAway(x: number): number {
  return x < 0 ? -Math.round(-x) : Math.round(x);
}

export function hasPrefix(s: Value, p: Value): Value {
  return typeof s === 'string' && typeof p === 'string' ? stringCompare.hasPrefix(s, p) : undefined;
}

export function hasSuffix(s: Value, p: Value): Value {
  return typeof s === 'string' && typeof p === 'string' ? stringCompare.hasSuffix(s, p) : undefined;
}

// ---------------------------------------------------------------------------------
// Operators (§4.4)
// ---------------------------------------------------------------------------------

/** NaN and ±Inf results become undefined. */
export const finite = (x: number): number | undefined => (Number.isFinite(x) ? x : undefined);

export function arithmetic(op: '+' | '-' | '*' | '/' | '%', a: Value, b: Value): Value {
  if (typeof a === 'number' && typeof b === 'number') return numericOp(op, a, b);
  if (op === '+' && typeof a === 'string' && typeof b === 'string') return a + b;
  return undefined;
}

export function numericOp(op: '+' | '-' | '*' | '/' | '%', a: number, b: number): number | undefined {
  switch (op) {
    case '+':
      return finite(a + b);
    case '-':
      return finite(a - b);
    case '*':
      return finite(a * b);
    case '/':
      return b === 0 ? undefined : finite(a / b);
    case '%':
      return b === 0 ? undefined : finite(a % b); // JS % is C fmod: sign of the dividend
  }
}

export function negate(a: Value): Value {
  return typeof a === 'number' ? -a : undefined;
}

/** Seconds of a datetime after the string coercion of §4.4, or undefined. */
function coerceToSeconds(v: Value, timezone: string): number | undefined {
  if (v instanceof DateTime) return v.seconds;
  if (typeof v === 'string') return parseDatetimeString(v, timezone);
  return undefined;
}

/** `==`: always a boolean. */
export function equals(a: Value, b: Value, timezone: string): boolean {
  if (a instanceof DateTime || b instanceof DateTime) {
    if (!(a instanceof DateTime || typeof a === 'string') || !(b instanceof DateTime || typeof b === 'string')) return false;
    const x = coerceToSeconds(a, timezone);
    const y = coerceToSeconds(b, timezone);
    return x !== undefined && x === y;
  }
  const ta = typeName(a);
  if (ta !== typeName(b)) return false;
  switch (ta) {
    case 'undefined':
    case 'null':
      return true;
    case 'number':
    case 'boolean':
      return a === b;
    case 'string':
      return stringCompare.equals(a as string, b as string);
    case 'list': {
      const x = a as unknown[];
      const y = b as unknown[];
      return x.length === y.length && x.every((e, i) => equals(e, y[i], timezone));
    }
    default: {
      const x = a as Record<string, unknown>;
      const y = b as Record<string, unknown>;
      const kx = Object.keys(x);
      return kx.length === Object.keys(y).length && kx.every((k) => Object.hasOwn(y, k) && equals(x[k], y[k], timezone));
    }
  }
}

/** Sign of a <=> b, or undefined when the pair has no order. */
export function order(a: Value, b: Value, timezone: string): number | undefined {
  if (typeof a === 'number' && typeof b === 'number') {
    return a < b ? -1 : a > b ? 1 : a === b ? 0 : undefined;
  }
  if (typeof a === 'string' && typeof b === 'string') return stringCompare.order(a, b);
  if (a instanceof DateTime || b instanceof DateTime) {
    const x = coerceToSeconds(a, timezone);
    const y = coerceToSeconds(b, timezone);
    if (x === undefined || y === undefined) return undefined;
    return x < y ? -1 : x > y ? 1 : 0;
  }
  return undefined;
}

/** Turn a <=> sign into the verdict of one ordering operator. */
export function orderVerdict(op: '<' | '<=' | '>' | '>=', sign: number): boolean {
  switch (op) {
    case '<':
      return sign < 0;
    case '<=':
      return sign <= 0;
    case '>':
      return sign > 0;
    case '>=':
      return sign >= 0;
  }
}

export function compareOrder(op: '<' | '<=' | '>' | '>=', a: Value, b: Value, timezone: string): Value {
  const sign = order(a, b, timezone);
  return sign === undefined ? undefined : orderVerdict(op, sign);
}

/** `a in b`: list membership (always boolean) or substring; otherwise undefined. */
export function contains(a: Value, b: Value, timezone: string): Value {
  if (Array.isArray(b)) return b.some((e) => equals(e, a, timezone));
  if (typeof a === 'string' && typeof b === 'string') return stringCompare.contains(b, a);
  return undefined;
}

/** L(v): a boolean as itself, anything else false. */
export const truthy = (v: Value): boolean => v === true;

/** `not`: booleans negate, undefined gives true, everything else undefined. */
export function notValue(v: Value): Value {
  if (typeof v === 'boolean') return !v;
  return v === undefined ? true : undefined;
}
