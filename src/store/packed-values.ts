/**
 * A profile's property values as bytes (packed-profiles.ts keeps one such record per
 * profile). JS strings cost a 16-24 byte header each plus two bytes a character when
 * they are not one-byte; an array of values a header and a slot each. A record is the
 * values one after another, each a tag byte and its payload:
 *   string   length (varint) + UTF-8 bytes
 *   number   8 bytes, IEEE double (little-endian; -0, NaN and infinities kept)
 *   json     length (varint) + JSON text, for lists and objects (the writer stores
 *            these as JSON text in any case)
 *   other    index (varint) into a side array of JS values: strings that are not
 *            well-formed UTF-16 (a lone surrogate would not survive UTF-8) and
 *            anything JSON text cannot carry exactly
 *   undefined, null, false, true: the tag alone
 */

export const T_UNDEFINED = 0;
export const T_NULL = 1;
export const T_FALSE = 2;
export const T_TRUE = 3;
export const T_NUMBER = 4;
export const T_STRING = 5;
export const T_JSON = 6;
export const T_OTHER = 7;

/** A value's encoding, measured before it is written (records are sized first). */
export interface Measured {
  tag: number;
  /** Payload bytes after the tag (the length varint included). */
  bytes: number;
  /** T_STRING, T_JSON: the text's UTF-8 length. */
  textBytes: number;
  /** T_JSON: the JSON text; T_STRING: the string. */
  text: string;
}

/** String.prototype.isWellFormed (Node 20 has it; TypeScript's ES2022 lib does not declare it). */
const wellFormed = (s: string): boolean => (s as unknown as { isWellFormed(): boolean }).isWellFormed();

export function varintLength(n: number): number {
  let len = 1;
  while (n >= 0x80) {
    n >>>= 7;
    len++;
  }
  return len;
}

/** Lists and objects whose JSON text gives back an equal value: plain JSON data (no -0, undefined, functions). */
function jsonSafe(v: unknown): boolean {
  if (v === null) return true;
  switch (typeof v) {
    case 'string':
      return wellFormed(v);
    case 'boolean':
      return true;
    case 'number':
      return Number.isFinite(v) && !Object.is(v, -0);
    case 'object': {
      if (Array.isArray(v)) {
        for (let i = 0; i < v.length; i++) if (!(i in v) || !jsonSafe(v[i])) return false; // a hole would come back as null
        return true;
      }
      // Plain objects only: a null-prototype bag would come back with Object's prototype.
      if (Object.getPrototypeOf(v) !== Object.prototype) return false;
      if ('toJSON' in (v as object)) return false;
      for (const k of Object.keys(v as object)) if (!wellFormed(k) || !jsonSafe((v as Record<string, unknown>)[k])) return false;
      return true;
    }
    default:
      return false;
  }
}

/** The tag and payload size of `v` (without the tag byte). */
export function measure(v: unknown): Measured {
  if (v === undefined) return { tag: T_UNDEFINED, bytes: 0, textBytes: 0, text: '' };
  if (v === null) return { tag: T_NULL, bytes: 0, textBytes: 0, text: '' };
  if (v === true) return { tag: T_TRUE, bytes: 0, textBytes: 0, text: '' };
  if (v === false) return { tag: T_FALSE, bytes: 0, textBytes: 0, text: '' };
  if (typeof v === 'number') return { tag: T_NUMBER, bytes: 8, textBytes: 0, text: '' };
  if (typeof v === 'string') {
    if (!wellFormed(v)) return { tag: T_OTHER, bytes: 5, textBytes: 0, text: '' };
    const n = Buffer.byteLength(v, 'utf8');
    return { tag: T_STRING, bytes: varintLength(n) + n, textBytes: n, text: v };
  }
  if (typeof v === 'object' && jsonSafe(v)) {
    const text = JSON.stringify(v);
    const n = Buffer.byteLength(text, 'utf8');
    return { tag: T_JSON, bytes: varintLength(n) + n, textBytes: n, text };
  }
  return { tag: T_OTHER, bytes: 5, textBytes: 0, text: '' };
}
