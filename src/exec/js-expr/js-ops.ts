/**
 * JavaScript's own operators and member/method semantics, applied by an
 * interpreter to plain values: the same results as QuickJS gives (both follow the
 * ECMAScript spec for these operations on primitives, arrays and plain objects).
 * Where the sandbox would throw (a member of undefined, a method of a number) or
 * could differ (Date.parse of free-form strings), `Fallback` is thrown and the batch
 * runs in the sandbox instead, which then reports the script's own error.
 */
import type { JsBinaryOp } from '../../plan/index.js';

export class Fallback extends Error {
  constructor(why: string) {
    super(why);
    this.name = 'Fallback';
  }
}

const hasOwn = Object.prototype.hasOwnProperty;

export function binary(op: JsBinaryOp, a: unknown, b: unknown): unknown {
  /* eslint-disable eqeqeq */
  switch (op) {
    case '===':
      return a === b;
    case '!==':
      return a !== b;
    case '==':
      return a == b;
    case '!=':
      return a != b;
    case '<':
      return (a as number) < (b as number);
    case '<=':
      return (a as number) <= (b as number);
    case '>':
      return (a as number) > (b as number);
    case '>=':
      return (a as number) >= (b as number);
    case '+':
      return (a as number) + (b as number);
    case '-':
      return (a as number) - (b as number);
    case '*':
      return (a as number) * (b as number);
    case '/':
      return (a as number) / (b as number);
    case '%':
      return (a as number) % (b as number);
  }
}

/** `v[key]` for data values (prototype members were refused when translating). */
export function member(v: unknown, key: string | number): unknown {
  if (v === undefined || v === null) throw new Fallback(`member ${key} of ${v}`);
  if (typeof v === 'string') {
    if (key === 'length') return v.length;
    return typeof key === 'number' || /^\d+$/.test(key) ? v[Number(key)] : undefined;
  }
  if (typeof v !== 'object') return undefined;
  if (Array.isArray(v) && key === 'length') return v.length;
  return hasOwn.call(v, key) ? (v as Record<string, unknown>)[key as string] : undefined;
}

const DATE_UTC: Record<string, string> = {
  getFullYear: 'getUTCFullYear',
  getMonth: 'getUTCMonth',
  getDate: 'getUTCDate',
  getDay: 'getUTCDay',
  getHours: 'getUTCHours',
  getMinutes: 'getUTCMinutes',
  getSeconds: 'getUTCSeconds',
  getMilliseconds: 'getUTCMilliseconds',
};

/** `new Date(x)` for a number; other arguments parse differently between engines. */
export function newDate(x: unknown): Date {
  if (typeof x !== 'number') throw new Fallback('new Date of a non-number');
  return new Date(x);
}

export function callMethod(obj: unknown, method: string, args: unknown[]): unknown {
  for (const a of args) if (a !== null && typeof a === 'object') throw new Fallback('object argument');
  if (obj instanceof Date) {
    // The sandbox's local timezone is UTC: local getters are the UTC ones.
    if (method === 'getTimezoneOffset') return 0;
    if (method === 'toISOString' && Number.isNaN(obj.getTime())) throw new Fallback('invalid date');
    const m = DATE_UTC[method] ?? method;
    return (obj as unknown as Record<string, () => unknown>)[m]!.call(obj);
  }
  if (typeof obj === 'string') {
    return (String.prototype as unknown as Record<string, (...a: unknown[]) => unknown>)[method]!.apply(obj, args);
  }
  if (Array.isArray(obj) && (method === 'indexOf' || method === 'lastIndexOf' || method === 'slice' || method === 'includes')) {
    return (Array.prototype as unknown as Record<string, (...a: unknown[]) => unknown>)[method]!.apply(obj, args);
  }
  throw new Fallback(`${method} of ${typeof obj}`);
}

export function truthy(v: unknown): boolean {
  return Boolean(v);
}
