/**
 * Parse JSON text that came out of the guest. JSON.parse already makes `__proto__`
 * an own data property (no prototype change), but code that later copies such an
 * object with assignment (`target[k] = v`, Object.assign, naive deep merges) would
 * hit the `__proto__` setter. Objects carrying that key come back with a null
 * prototype, so reading `obj.__proto__` gives the data and never Object.prototype.
 * Engine code merging guest objects must still copy with defineProperty or into
 * Object.create(null) targets.
 */
export function safeJsonParse(text: string): unknown {
  if (typeof text !== 'string') throw new TypeError('expected JSON text from the sandbox');
  if (!text.includes('"__proto__"')) return JSON.parse(text);
  return JSON.parse(text, function revive(_key, value: unknown) {
    if (value === null || typeof value !== 'object' || Array.isArray(value)) return value;
    if (!Object.prototype.hasOwnProperty.call(value, '__proto__')) return value;
    const out = Object.create(null) as Record<string, unknown>;
    for (const k of Object.keys(value)) {
      Object.defineProperty(out, k, { value: (value as Record<string, unknown>)[k], enumerable: true, writable: true, configurable: true });
    }
    return out;
  });
}
