/**
 * "Same result" for a cluster run against a local one (docs/cluster.md): the same
 * bytes, or, where float sums were added in another grouping (per shard, then the
 * shards' sums in task order), the same JSON with numbers equal within a relative
 * 1e-9. Anything else (a missing row, another order, another type) is a difference.
 */

/** Deep equality, numbers within a relative 1e-9. */
export function closeJson(a: unknown, b: unknown): boolean {
  if (typeof a === 'number' && typeof b === 'number') return Object.is(a, b) || Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(a), Math.abs(b));
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((x, i) => closeJson(x, b[i]));
  if (a && b && typeof a === 'object' && typeof b === 'object' && !Array.isArray(a) && !Array.isArray(b)) {
    const ka = Object.keys(a);
    const kb = Object.keys(b);
    return ka.length === kb.length && ka.every((k, i) => k === kb[i] && closeJson((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]));
  }
  return Object.is(a, b);
}

/** 'identical' (same text), 'close' (within the float tolerance) or 'different'. */
export function compareResults(local: string, cluster: string): 'identical' | 'close' | 'different' {
  if (local === cluster) return 'identical';
  try {
    return closeJson(JSON.parse(local), JSON.parse(cluster)) ? 'close' : 'different';
  } catch {
    return 'different';
  }
}
