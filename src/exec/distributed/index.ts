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
 * With key slices (a groupBy with many keys; plan.keySlices = n > 1), each task's part
 * is split by key hash and each slice merged on its own, in parallel:
 *
 *   const sliced = parts.map((p) => splitPart(plan, p, n));          // [task][slice]
 *   const merged = [...Array(n).keys()].map((k) => mergeParts(plan, sliced.map((s) => s[k])));
 *   const q = await finishShardPlan(plan, merged);                   // combines the slices
 *
 * Files in between: encodePart / decodePart (partial states), encodeShardPlan /
 * parseShardPlan / readShardPlan (plans; a task reads only its days, plan-file.ts).
 */
export { makeShardPlan, type MakePlanOptions, AUTO_ROWS_PER_TASK, MAX_TASKS } from './make-plan.js';
export { planHash, planTask, PLAN_FORMAT, PLAN_VERSION, type ShardPlanFile, type PlanTask, type DistributedStage } from './shard-plan.js';
export { encodeShardPlan, parseShardPlan, readShardPlan, type PlanBytes, type PlanDays } from './plan-file.js';
export { execShard, isRetryable, planStore } from './exec-task.js';
export { mergeParts, assembleParts } from './merge-parts.js';
export { splitPart, combineSlices, keySliceOf, checkSlice, whyNotSliceable, MAX_KEY_SLICES } from './key-slices.js';
export { autoKeySlices, AUTO_SLICE_MIN_ROWS } from './choose-key-slices.js';
export { queryOptionsOf } from './query-options.js';
export { finishShardPlan, releasePlanPin, type FinishedQuery } from './finish.js';
export { encodePart, decodePart, rangeName, PART_FORMAT, PART_VERSION, type Part, type PartStats, type PartState, type TaskConsole } from './part-file.js';
