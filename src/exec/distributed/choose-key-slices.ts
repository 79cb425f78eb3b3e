/**
 * `--key-slices auto` (docs/shard-protocol.md, "Key slices"): how many key slices a
 * plan's partial states are split into. Slices pay when a state has very many groups
 * (a groupByUser, a groupBy of distinct_id or of a function's value over a big scan):
 * then n merge chains share the merging. For a state with few groups they only add
 * merge tasks (each a Node start), so auto keeps 1 when the groups are a known-small
 * set (every key the event name, or a boolean / to_boolean), the scan is small, or
 * there are too few tasks to merge.
 */
import type { Accessor, AggregateNode } from '../../plan/index.js';

/** Below this many rows read, no state can have enough groups to be worth slicing. */
export const AUTO_SLICE_MIN_ROWS = 1_000_000;
/** auto: one slice per this many tasks (merge fan-in), between 2 and AUTO_MAX_SLICES. */
export const AUTO_TASKS_PER_SLICE = 8;
export const AUTO_MAX_SLICES = 8;

export function autoKeySlices(o: { node: AggregateNode | null; tasks: number; rows: number }): number {
  const { node, tasks, rows } = o;
  if (node === null || node.kind === 'reduce' || tasks < 2 || rows < AUTO_SLICE_MIN_ROWS) return 1;
  if (node.kind !== 'groupByUser' && node.keys.every(knownSmall)) return 1;
  return Math.min(tasks, AUTO_MAX_SLICES, Math.max(2, Math.ceil(tasks / AUTO_TASKS_PER_SLICE)));
}

function knownSmall(a: Accessor): boolean {
  if (a.kind === 'path') return a.path === 'name';
  if (a.kind === 'to_boolean') return true;
  if (a.kind === 'multiple_keys') return knownSmall(a.inner);
  return false;
}
