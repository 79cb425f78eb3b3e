/**
 * An aggregation node over the scan (node.fromScan), the hot path: answered by the
 * manifest when the plan says so, split over the shards the plan chose, or read here
 * (native unless the script gave functions). `through`: the shards also ran the stages
 * up to that later aggregation, whose rows these are.
 */
import type { AggregateNode } from '../../plan/index.js';
import { accumulateSource, finishAggregate } from './accumulate.js';
import { countsFromManifest } from './manifest-counts.js';
import type { OperatorContext } from './operator-context.js';

export async function openAggregateScan(node: AggregateNode, oc: OperatorContext): Promise<{ rows: unknown[]; through?: number }> {
  const { ctx, plan, guest } = oc;
  if (node.manifest) return { rows: await countsFromManifest(ctx, plan.scan, node) };
  if (node.shards && oc.parallel) {
    const sharded = await oc.parallel({ ctx, plan, node });
    // The shards ran the stages through a later aggregation (rules/shard-stages.ts): finish that one.
    if (sharded.through !== undefined) return { rows: await finishAggregate(sharded.agg, guest, false), through: sharded.through };
    return { rows: await finishAggregate(sharded.agg, guest, node.kind === 'groupByUser', sharded.userResults, node.sorted) };
  }
  const agg = await accumulateSource(ctx, plan.scan, node, guest, oc.chain, oc.batchRows);
  return { rows: await finishAggregate(agg, guest, node.kind === 'groupByUser', undefined, node.sorted) };
}
