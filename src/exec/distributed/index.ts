/**
 * The shard protocol of distributed runs (docs/shard-protocol.md), as a library:
 *
 *   const plan = await makeShardPlan({ store, source, filename, shards: 8 });
 *   const parts = await Promise.all(plan.tasks.map((t) => execShard(plan, t.id)));
 *   const merged = mergeParts(plan, parts);
 *   const q = await finishShardPlan(plan, merged);
 *   for await (const item of q.items) ...
 *   await q.close();
 *   releasePlanPin(plan);
 *
 * Files in between: encodePart / decodePart (partial states), parseShardPlan (plans
 * are JSON.stringify'd).
 */
export { makeShardPlan, type MakePlanOptions, AUTO_ROWS_PER_TASK, MAX_TASKS } from './make-plan.js';
export { parseShardPlan, planHash, planTask, PLAN_FORMAT, PLAN_VERSION, type ShardPlanFile, type PlanTask, type DistributedStage } from './shard-plan.js';
export { execShard, isRetryable, planStore } from './exec-task.js';
export { mergeParts } from './merge-parts.js';
export { finishShardPlan, releasePlanPin, type FinishedQuery } from './finish.js';
export { encodePart, decodePart, rangeName, PART_FORMAT, PART_VERSION, type Part, type PartStats } from './part-file.js';
