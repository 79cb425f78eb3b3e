/**
 * Values of a partial state as JSON text, losslessly: what JSON cannot hold
 * (undefined, NaN, ±Infinity, -0, Dates, Sets — count_unique's accumulator —, Maps,
 * sparse arrays, repeated and circular references) round-trips through devalue's
 * format, which is plain JSON and does not depend on the Node version (unlike
 * v8.serialize). devalue refuses objects with an own "__proto__" key (event
 * properties can have one, via JSON.parse); those travel as a custom type "P" (their
 * entries) and are rebuilt with defineProperty, as JSON.parse would have made them.
 */
import { stringify, unflatten } from 'devalue';

const hasProtoKey = (v: unknown): v is object =>
  v !== null && typeof v === 'object' && !Array.isArray(v) && Object.prototype.hasOwnProperty.call(v, '__proto__');

const reducers = { P: (v: unknown) => hasProtoKey(v) && Object.entries(v) };

const revivers = {
  P: (entries: Array<[string, unknown]>) => {
    const o: Record<string, unknown> = {};
    for (const [k, x] of entries) Object.defineProperty(o, k, { value: x, enumerable: true, writable: true, configurable: true });
    return o;
  },
};

/** JSON text of `value` (see the file comment for what survives). */
export function encodeValue(value: unknown): string {
  return stringify(value, reducers);
}

/** The value of encodeValue's text, already parsed by JSON.parse. */
export function decodeValue(parsed: unknown): unknown {
  return unflatten(parsed as number, revivers);
}
