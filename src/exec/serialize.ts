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
 * - like JSON.stringify it throws a TypeError on a cycle or a BigInt.
 */
export function toStageValue(v: unknown): unknown {
  return serializeProperty(v, '', []);
}

function serializeProperty(value: unknown, key: string, stack: object[]): unknown {
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
    case 'object':
      if (value === null) return null;
      if (value instanceof Number) return serializeProperty(Number(value), key, stack);
      if (value instanceof String) return String(value);
      if (value instanceof Boolean) return value.valueOf();
      if (stack.includes(value)) throw new TypeError('Converting circular structure to JSON');
      stack.push(value);
      try {
        return Array.isArray(value) ? serializeArray(value, stack) : serializeObject(value, stack);
      } finally {
        stack.pop();
      }
    default:
      // undefined, function, symbol: dropped by the caller (or null in arrays)
      return undefined;
  }
}

function serializeArray(arr: unknown[], stack: object[]): unknown[] {
  const n = arr.length;
  const out: unknown[] = new Array(n);
  for (let i = 0; i < n; i++) {
    const el = serializeProperty(arr[i], String(i), stack);
    out[i] = el === undefined ? null : el;
  }
  return out;
}

function serializeObject(obj: object, stack: object[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
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
  return out;
}
