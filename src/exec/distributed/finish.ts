/**
 * `quarry finish`: the merged partial state of every task -> the query's result
 * items. The script's main() runs again here (as in every shard) and its plan is
 * lowered exactly as `quarry plan` lowered it; the distributed stage then takes the
 * merged state instead of running worker threads, and the stages after it run here
 * (run-query.ts: runPlan) as in a one-process run.
 */
import { UserError } from '../../errors.js';
import { releasePin } from '../../store/index.js';
import type { ShardConsole } from '../parallel/run-shard.js';
import type { RunShards } from '../parallel/run-shards.js';
import { type Query, runQuery } from '../run-query.js';
import { planStore } from './exec-task.js';
import { distributedNode, foldStates, stateNode } from './fold-states.js';
import { assembleParts } from './merge-parts.js';
import { type Part, PART_STAT_KEYS, rangeName } from './part-file.js';
import { queryOptionsOf } from './query-options.js';
import type { ShardPlanFile } from './shard-plan.js';
import { replayTaskConsole } from './task-console.js';

export interface FinishedQuery {
  items: AsyncIterable<unknown>;
  stats: Query['stats'];
  close(): Promise<void>;
}

/**
 * `parts`: the merged part of every task, or parts to merge first: whole parts of
 * contiguous ranges, or the key slices of a split (assembleParts). The tasks' console
 * lines go to `onConsole` in task order.
 */
export async function finishShardPlan(plan: ShardPlanFile, parts: Part | Part[], o: { onConsole?: ShardConsole } = {}): Promise<FinishedQuery> {
  const part = Array.isArray(parts) ? assembleParts(plan, parts) : parts;
  if (part.slice) throw new UserError(`quarry finish needs every key slice; this part is only slice ${part.slice[0]}/${part.slice[1]}`);
  if (part.from !== 0 || part.to !== plan.tasks.length) {
    throw new UserError(
      `quarry finish needs the merged state of all ${plan.tasks.length} tasks; this part holds ${rangeName(part)}: merge the rest in first (quarry merge)`,
    );
  }
  if (plan.stage === null) {
    replayTaskConsole(part.console, o.onConsole);
    const items = part.items ?? [];
    const stats = { ...(await import('../context.js')).newStats(), ...part.stats };
    return {
      items: (async function* () {
        yield* items;
      })(),
      stats,
      close: async () => {},
    };
  }
  const node = distributedNode(plan);
  const parallel: RunShards = async ({ ctx, node: n }) => {
    if (JSON.stringify(n) !== JSON.stringify(node)) throw new Error('internal: finish was asked for another aggregation than the plan distributed');
    // Where a local run prints them: while the distributed stage runs.
    replayTaskConsole(part.console, o.onConsole);
    const agg = foldStates(stateNode(plan), part.states);
    for (const k of PART_STAT_KEYS) ctx.stats[k] += part.stats[k];
    ctx.stats.threads = plan.tasks.length;
    return { agg, userResults: new Map(part.userResults), through: plan.stage?.through };
  };
  const q = await runQuery({
    ...queryOptionsOf(plan, planStore(plan)),
    threads: plan.threads,
    parallelMinRows: 0,
    onConsole: o.onConsole,
    parallel,
  });
  if (JSON.stringify(q.physical) !== JSON.stringify(plan.physical)) {
    await q.close();
    throw new UserError('the script or the store no longer give the plan quarry plan made (another quarry version?); run the job again from quarry plan');
  }
  return { items: q.items, stats: q.stats, close: () => q.close() };
}

/** Release the plan's pin on its store snapshot (after the job); false when it was already gone. */
export function releasePlanPin(plan: ShardPlanFile): boolean {
  return plan.store.pin ? releasePin(plan.store.dir, plan.store.pin.id) : false;
}
