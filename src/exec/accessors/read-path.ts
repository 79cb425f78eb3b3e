/**
 * JQL's string accessor: a dotted path into an item ("properties.$city", "key.0",
 * "value.city", "properties.codes.0"). A missing step gives `undefined`.
 *
 * Only own properties are followed, so "properties.constructor" is missing rather
 * than Object's constructor function. Primitives have no members here
 * ("properties.name.length" on a string is undefined); array `length` is an own
 * property and works. When a step is missing and the current object has a key equal
 * to the rest of the path (a property whose name contains a dot, e.g. "$os.version"),
 * that key is used.
 */

const splitCache = new Map<string, string[]>();

function splitPath(path: string): string[] {
  let parts = splitCache.get(path);
  if (parts === undefined) {
    parts = path === '' ? [] : path.split('.');
    if (splitCache.size > 10_000) splitCache.clear();
    splitCache.set(path, parts);
  }
  return parts;
}

const hasOwn = Object.prototype.hasOwnProperty;

export function readPath(item: unknown, path: string): unknown {
  const parts = splitPath(path);
  let cur: unknown = item;
  for (let i = 0; i < parts.length; i++) {
    if (cur === null || typeof cur !== 'object') return undefined;
    const obj = cur as Record<string, unknown>;
    const seg = parts[i]!;
    if (hasOwn.call(obj, seg)) {
      cur = obj[seg];
      continue;
    }
    // A property name with dots in it ("$os.version"): try the rest of the path whole.
    if (i < parts.length - 1) {
      const rest = parts.slice(i).join('.');
      if (hasOwn.call(obj, rest)) return obj[rest];
    }
    return undefined;
  }
  return cur;
}
