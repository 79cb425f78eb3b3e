/**
 * The runQuery options a plan stands for: its script, params, seed, clock, limits and
 * how it was lowered. One place, so a task that runs the whole query (exec-task.ts)
 * and `quarry finish` (finish.ts) run main() exactly alike.
 */
import type { Store } from '../../store/index.js';
import type { QueryOptions } from '../run-query.js';
import type { ShardPlanFile } from './shard-plan.js';

export function queryOptionsOf(plan: ShardPlanFile, store: Store): QueryOptions {
  const s = plan.script;
  return {
    store,
    source: s.source,
    filename: s.filename,
    params: s.params,
    timeoutMs: s.timeoutMs,
    memoryBytes: s.memoryBytes,
    seed: s.seed,
    nowMs: s.nowMs,
    translate: plan.translate,
    batchRows: plan.batchRows,
  };
}
