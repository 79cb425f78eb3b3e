/**
 * "Distinct users per key": `groupByUser(keys, null())` followed by
 * `groupBy([slice("key", 1)...], count())` counts, per key, the users that have an
 * event with that key. The pair of stages is answered by one operator
 * (exec/operators/distinct-users.ts): a set of (user number, key code) pairs, with
 * no group row per user and no string per row.
 *
 * It applies when the groupByUser's value cannot be observed (null/noop/count without
 * an accessor), its keys call no user function and split no item over several groups
 * (no multiple_keys), and the next groupBy only slices the key past the user (start
 * >= 1, so the user never reaches its key) and counts.
 */
import type { Accessor } from '../../nodes.js';
import type { AggregateNode, ScanNode, StageNode } from '../nodes.js';

const UNOBSERVED_VALUE = new Set(['null', 'noop', 'count']);

export function fuseDistinctUsers(scan: ScanNode, stages: StageNode[]): void {
  const [first, next] = stages;
  if (first?.op !== 'aggregate' || next?.op !== 'aggregate') return;
  if (!fusable(scan, first, next)) return;
  first.distinctUsers = true;
  // One pass over the scan in this thread (no per-shard user sets to merge).
  first.shards = null;
}

function fusable(scan: ScanNode, first: AggregateNode, next: AggregateNode): boolean {
  if (scan.source.kind !== 'events') return false;
  if (first.kind !== 'groupByUser' || !first.fromScan || first.manifest || first.valueFns.length > 0) return false;
  if (!first.keys.every(plainKey)) return false;
  if (!first.reducers.every((r) => r.kind === 'builtin' && UNOBSERVED_VALUE.has(r.name) && r.accessor === undefined)) return false;
  if (next.kind !== 'groupBy' || next.valueFns.length > 0 || next.reducers.length !== 1) return false;
  const count = next.reducers[0]!;
  if (count.kind !== 'builtin' || count.name !== 'count' || count.accessor !== undefined || count.args.length > 0) return false;
  if (count.options && Object.keys(count.options).length > 0) return false;
  return next.keys.length > 0 && next.keys.every((k) => k.kind === 'slice' && k.path === 'key' && Number.isInteger(k.start) && k.start >= 1);
}

/** A key evaluated on the host, one group per item. */
function plainKey(a: Accessor): boolean {
  if (a.kind === 'fn' || a.kind === 'multiple_keys') return false;
  return 'inner' in a ? plainKey(a.inner) : true;
}
