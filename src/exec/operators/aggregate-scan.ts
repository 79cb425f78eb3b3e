/**
 * An aggregation node over the scan (node.fromScan), the hot path: answered by the
 * manifest when the plan says so, split over the shards the plan chose, or read here
 * (native unless the script gave functions).
 */
import type { AggregateNode } from '../../plan/index.js';
import { accumulateSource, finishAggregate } from './accumulate.js';
import { countsFromManifest } from './manifest-counts.js';
import type { OperatorContext } from './operator-context.js';

export async function openAggregateScan(node: AggregateNode, oc: OperatorContext): Promise<unknown[]> {
  const { ctx, plan, guest } = oc;
  if (node.manifest) return countsFromManifest(ctx, plan.scan, node);
  if (node.shards && oc.parallel) {
    const sharded = await oc.parallel({ ctx, plan, node });
    return finishAggregate(sharded.agg, guest, node.kind === 'groupByUser', sharded.userResults, node.sorted);
  }
  const agg = await accumulateSource(ctx, plan.scan, node, guest, oc.chain, oc.batchRows);
  return finishAggregate(agg, guest, node.kind === 'groupByUser', undefined, node.sorted);
}
