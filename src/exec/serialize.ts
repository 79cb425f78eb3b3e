/**
 * Between-stage values (jql.md §5). The hosted engine JSON-encoded every value
 * passed from one stage to the next; a user can observe that: a `Date` returned from
 * `map` arrives as its ISO string, functions and `undefined` object members vanish,
 * `undefined` (and function) array members become `null`, NaN and ±Infinity become
 * `null`, -0 becomes 0, `toJSON` is honoured, boxed primitives unbox, and two
 * references to one object become two independent copies.
 *
 * `toStageValue(v)` gives exactly `JSON.parse(JSON.stringify(v))` without building
 * the text: it walks the value once (the order of JSON.stringify's
 * SerializeJSONProperty), copying. Differences from the round trip:
 * - a top-level value JSON.stringify drops (`undefined`, a function, a symbol)
 *   gives `undefined` instead of a parse error, so the caller decides (a `map` that
 *   returns undefined);
 * - a cycle is kept (the copy refers to the copy of its ancestor) where JSON.stringify
 *   throws: values keep their cycles between stages, and only the final output must be
 *   acyclic (check-output.ts checks it, naming the step);
 * - like JSON.stringify it throws a TypeError on a BigInt.
 */
export function toStageValue(v: unknown): unknown {
  return serializeProperty(v, '', { originals: [], copies: [] });
}

/** The objects being copied, from the root down, and their copies (for cycles). */
interface Ancestors {
  originals: object[];
  copies: object[];
}

function serializeProperty(value: unknown, key: string, stack: Ancestors): unknown {
  if ((typeof value === 'object' && value !== null) || typeof value === 'bigint') {
    const toJSON = (value as { toJSON?: unknown }).toJSON;
    if (typeof toJSON === 'function') value = toJSON.call(value, key);
  }
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return value;
    case 'number':
      return Number.isFinite(value) ? (value === 0 ? 0 : value) : null;
    case 'bigint':
      throw new TypeError('Do not know how to serialize a BigInt');
    case 'object': {
      if (value === null) return null;
      if (value instanceof Number) return serializeProperty(Number(value), key, stack);
      if (value instanceof String) return String(value);
      if (value instanceof Boolean) return value.valueOf();
      const at = stack.originals.indexOf(value);
      if (at >= 0) return stack.copies[at];
      const out: unknown[] | Record<string, unknown> = Array.isArray(value) ? new Array<unknown>(value.length) : {};
      stack.originals.push(value);
      stack.copies.push(out);
      try {
        if (Array.isArray(value)) serializeArray(value, out as unknown[], stack);
        else serializeObject(value, out as Record<string, unknown>, stack);
        return out;
      } finally {
        stack.originals.pop();
        stack.copies.pop();
      }
    }
    default:
      // undefined, function, symbol: dropped by the caller (or null in arrays)
      return undefined;
  }
}

function serializeArray(arr: unknown[], out: unknown[], stack: Ancestors): void {
  for (let i = 0; i < arr.length; i++) {
    const el = serializeProperty(arr[i], String(i), stack);
    out[i] = el === undefined ? null : el;
  }
}

function serializeObject(obj: object, out: Record<string, unknown>, stack: Ancestors): void {
  for (const k of Object.keys(obj)) {
    const el = serializeProperty((obj as Record<string, unknown>)[k], k, stack);
    if (el === undefined) continue;
    if (k === '__proto__') {
      // JSON.parse makes "__proto__" an own data property; plain assignment would set the prototype.
      Object.defineProperty(out, k, { value: el, enumerable: true, writable: true, configurable: true });
    } else {
      out[k] = el;
    }
  }
}
