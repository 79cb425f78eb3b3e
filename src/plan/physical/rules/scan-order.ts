/**
 * A scan whose only reader is an order-free aggregation (groupBy or reduce over
 * built-in reducers whose result does not depend on item order, no user code in the
 * sandbox) may give a day's events in any order: a store with user buckets then reads
 * each bucket as its own batch instead of merging the buckets back into (user, time)
 * order (exec/operators/scan.ts).
 */
import type { AggregateNode, ScanNode, StageNode } from '../nodes.js';

export function markOrderFreeScan(scan: ScanNode, first: StageNode | undefined): void {
  if (scan.source.kind === 'people' || first?.op !== 'aggregate') return;
  const agg: AggregateNode = first;
  if (!agg.fromScan || agg.kind === 'groupByUser' || agg.sandbox || agg.distinctUsers) return;
  if (!agg.reducers.every((r) => r.kind === 'builtin' && r.orderFree)) return;
  if (scan.filters.some((f) => f.mode === 'sandbox')) return;
  scan.anyOrder = true;
}
