/**
 * An aggregation whose rows are regrouped next by order-free reducers need not sort
 * them: the next stage's output is sorted by its own keys anyway.
 */
import type { AggregateNode, StageNode } from '../nodes.js';

export function elideSorts(stages: StageNode[]): void {
  stages.forEach((node, i) => {
    if (node.op !== 'aggregate') return;
    // Only the aggregation over the scan: later ones always sort (as they always did).
    if (!node.fromScan) return;
    const next = stages[i + 1];
    const insensitive =
      next !== undefined && next.op === 'aggregate' && next.kind !== 'groupByUser' && next.reducers.every((r) => r.kind === 'builtin' && r.orderFree);
    (node as AggregateNode).sorted = !insensitive;
  });
}
