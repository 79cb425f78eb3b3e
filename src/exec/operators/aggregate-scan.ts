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
import { compareKeys, type KeyComponent } from '../accessors/index.js';
import { userRanges } from '../parallel/user-ranges.js';
import { capWaveUsers, scanRows, wavesPerShard } from '../parallel/user-waves.js';
import { waveAggregates } from './wave-aggregates.js';

export async function openAggregateScan(node: AggregateNode, oc: OperatorContext): Promise<{ rows: unknown[]; through?: number }> {
  const { ctx, plan, guest } = oc;
  if (node.manifest) return { rows: await countsFromManifest(ctx, plan.scan, node) };
  if (node.shards && oc.parallel) {
    const sharded = await oc.parallel({ ctx, plan, node });
    // The shards ran the stages through a later aggregation (rules/shard-stages.ts): finish that one.
    if (sharded.through !== undefined) return { rows: await finishAggregate(sharded.agg, guest, false), through: sharded.through };
    return { rows: await finishAggregate(sharded.agg, guest, node.kind === 'groupByUser', sharded.userResults, node.sorted) };
  }
  const waves = oneThreadWaves(node, oc);
  if (waves !== null) {
    // In waves of users (parallel/user-waves.ts): each finished before the next is read. A
    // wave's groups are made in user order, as in one pass, so the waves' rows one after
    // another are the one pass's groups in order, and a stable sort by key gives its order.
    ctx.stats.waves = waves.length;
    const rows: Array<{ key: KeyComponent[] }> = [];
    for await (const agg of waveAggregates(ctx, waves, plan.scan, node, guest, oc.chain, oc.batchRows))
      for (const r of await finishAggregate(agg, guest, true, undefined, false)) rows.push(r as { key: KeyComponent[] });
    if (node.sorted) rows.sort((a, b) => compareKeys(a.key, b.key));
    return { rows };
  }
  const agg = await accumulateSource(ctx, plan.scan, node, guest, oc.chain, oc.batchRows);
  return { rows: await finishAggregate(agg, guest, node.kind === 'groupByUser', undefined, node.sorted) };
}

/** The waves of a custom groupByUser run in this thread over an unbucketed store, or null for one pass. */
function oneThreadWaves(node: AggregateNode, oc: OperatorContext): Array<[number, number]> | null {
  const { ctx, plan } = oc;
  const merges = node.kind === 'groupByUser' && node.reducers.some((r) => r.kind === 'fn') && plan.scan.source.kind !== 'people';
  if (!merges || ctx.shard !== undefined || ctx.store.buckets !== 1) return null;
  const w = wavesPerShard(scanRows(ctx.store, plan.scan), 1, oc.waves);
  return w > 1 ? capWaveUsers(userRanges(ctx.store, w), ctx.store.manifest.users.count, oc.waves?.users) : null;
}
