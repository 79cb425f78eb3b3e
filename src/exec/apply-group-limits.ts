import { ScriptError } from '../errors.js';
import { compareKeyComponents, toKeyComponent, type KeyComponent } from './accessors/index.js';

/** A groupBy output row. */
export interface GroupRow {
  key: KeyComponent[];
  value: unknown;
}

/**
 * How a row ranks: its `value` when that is a finite number; the first element when
 * `value` is a list (groupBy with a list of reducers) starting with one; else 0.
 */
function rankValue(v: unknown): number {
  if (typeof v === 'number') return v - v === 0 ? v : 0;
  if (Array.isArray(v) && typeof v[0] === 'number' && v[0] - v[0] === 0) return v[0];
  return 0;
}

/**
 * `.applyGroupLimits(limits, globalLimit?)` on groupBy output (and
 * `.internalLimitHierarchically(limits)`, the same without a global limit).
 *
 * Hierarchical, like Mixpanel's "top N, then top M within each":
 * 1. The rows form a tree by key prefix. A node's weight is the sum of the rank
 *    values of all rows under it (so "the top 5 event names" are the 5 names with
 *    the largest total over all their sub-groups, not the 5 largest single rows).
 * 2. Within each parent (a key prefix of length i), its children (distinct values of
 *    key component i) are ordered by weight, largest first, ties by key component
 *    in groupBy order (null < false < true < numbers < strings); only the first
 *    `limits[i]` are kept. Depths beyond `limits.length`, or with a `null` limit,
 *    are not limited. A dropped node drops every row under it.
 * 3. `globalLimit`: the surviving rows are listed depth-first in that ranked order
 *    (a row whose key ends at a node comes before the node's children) and only the
 *    first `globalLimit` are kept.
 * Kept rows are returned in their input order (groupBy's sorted key order).
 */
export function applyGroupLimits<R extends { key: unknown; value: unknown }>(
  rows: readonly R[],
  limits: readonly (number | null | undefined)[],
  globalLimit?: number | null,
): R[] {
  checkLimits(limits, globalLimit);
  for (const r of rows) {
    if (typeof r !== 'object' || r === null || !Array.isArray(r.key)) {
      throw new ScriptError('InvalidQuery', 'applyGroupLimits works on groupBy output ({key: [...], value} items); call it right after .groupBy(...).');
    }
  }
  const ranked: number[] = [];
  const weights = rows.map((r) => rankValue(r.value));
  rankLevel(
    rows.map((_, i) => i),
    0,
    rows as readonly { key: unknown[] }[],
    weights,
    limits,
    ranked,
  );
  const keep = globalLimit === undefined || globalLimit === null ? ranked : ranked.slice(0, globalLimit);
  keep.sort((a, b) => a - b);
  return keep.map((i) => rows[i]!);
}

/** `.internalLimitHierarchically(limits)`: applyGroupLimits without a global limit. */
export function internalLimitHierarchically<R extends { key: unknown; value: unknown }>(
  rows: readonly R[],
  limits: readonly (number | null | undefined)[],
): R[] {
  return applyGroupLimits(rows, limits);
}

function rankLevel(
  idx: number[],
  depth: number,
  rows: readonly { key: unknown[] }[],
  weights: number[],
  limits: readonly (number | null | undefined)[],
  out: number[],
): void {
  const groups = new Map<KeyComponent, { comp: KeyComponent; weight: number; rows: number[] }>();
  for (const i of idx) {
    const key = rows[i]!.key;
    if (key.length <= depth) {
      out.push(i); // the row ends here: it ranks before this node's children
      continue;
    }
    const comp = toKeyComponent(key[depth]);
    let g = groups.get(comp);
    if (g === undefined) {
      g = { comp, weight: 0, rows: [] };
      groups.set(comp, g);
    }
    g.weight += weights[i]!;
    g.rows.push(i);
  }
  const ordered = [...groups.values()].sort((a, b) => (a.weight !== b.weight ? (b.weight > a.weight ? 1 : -1) : compareKeyComponents(a.comp, b.comp)));
  const limit = limits[depth];
  const kept = limit === undefined || limit === null ? ordered : ordered.slice(0, limit);
  for (const g of kept) rankLevel(g.rows, depth + 1, rows, weights, limits, out);
}

function checkLimits(limits: unknown, globalLimit: unknown): void {
  const okCount = (n: unknown) => typeof n === 'number' && Number.isInteger(n) && n >= 0;
  if (!Array.isArray(limits) || !limits.every((n) => n === null || n === undefined || okCount(n))) {
    throw new ScriptError(
      'InvalidQuery',
      `applyGroupLimits(limits, globalLimit?): limits must be a list of whole numbers, one per key level, ` +
        `e.g. applyGroupLimits([10, 3]); got ${JSON.stringify(limits) ?? String(limits)}.`,
    );
  }
  if (globalLimit !== undefined && globalLimit !== null && !okCount(globalLimit)) {
    throw new ScriptError(
      'InvalidQuery',
      `applyGroupLimits(limits, globalLimit?): globalLimit must be a whole number of rows, got ${JSON.stringify(globalLimit) ?? String(globalLimit)}.`,
    );
  }
}
