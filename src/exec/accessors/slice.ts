import { readPath } from './read-path.js';

/**
 * `mixpanel.slice("key", start, limit?)`: the components in `[start, limit)` of the
 * list at `path` (usually an earlier groupBy's key), returned as a list so
 * `composeKeys` spreads them in as separate components. Negative bounds count from
 * the end, as Array.prototype.slice. A value that is not a list is returned as it
 * is (one component), so a slice of a scalar key still groups by that value.
 */
export function sliceKey(item: unknown, path: string, start: number, limit?: number): unknown {
  const v = readPath(item, path);
  if (!Array.isArray(v)) return v;
  return v.slice(start, limit === undefined || limit === null ? undefined : limit);
}
