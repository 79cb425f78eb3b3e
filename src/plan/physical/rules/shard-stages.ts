/**
 * Stages a user shard can run itself: after a groupByUser split by users (each user's
 * events all in one shard), the rows of one user never meet another's until the next
 * aggregation. So the shard runs the filter/map/flatten stages that follow and
 * accumulates that next aggregation, and only its (much smaller) state leaves the
 * shard instead of every user's result.
 *
 * Only when the result cannot tell: the next aggregation's reducers must be built-in
 * and order-free (rules/choose-kernels.ts: not even the last bit of a float depends on
 * the order of their items), since the shards feed it users in another order than one
 * thread does (shard by shard, not all users sorted). Its groups are sorted by key
 * when finished, as always.
 */
import type { StageNode } from '../nodes.js';

/** The index of the aggregation the shards run through, or null. */
export function shardThrough(stages: StageNode[]): number | null {
  const first = stages[0];
  if (first?.op !== 'aggregate' || first.kind !== 'groupByUser') return null;
  for (let i = 1; i < stages.length; i++) {
    const s = stages[i]!;
    if (s.op === 'map' || s.op === 'filter' || s.op === 'flatten') continue;
    if (s.op === 'aggregate' && s.kind !== 'groupByUser' && s.reducers.every((r) => r.kind === 'builtin' && r.orderFree)) return i;
    return null;
  }
  return null;
}
