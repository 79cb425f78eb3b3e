/**
 * Property bags (event and profile properties) are data: every key a user sends is a
 * key, "__proto__", "constructor" and "prototype" included. A plain `{}` would turn
 * `bag["__proto__"] = v` into a prototype change (the key lost, v's keys appearing as
 * bogus inherited properties) and answer `"constructor" in bag` with Object's. A bag
 * with a null prototype has no such setter and inherits nothing, so plain assignment,
 * `in` and `for...in` all see exactly the keys that were set.
 */
export type PropertyBag = Record<string, unknown>;

export function propertyBag(): PropertyBag {
  return Object.create(null) as PropertyBag;
}

/** A bag with the own enumerable keys of `src` (which may be a plain JSON.parse object). */
export function copyProperties(src: Record<string, unknown>): PropertyBag {
  const out = propertyBag();
  for (const k of Object.keys(src)) out[k] = src[k];
  return out;
}
