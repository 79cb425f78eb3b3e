/**
 * `quarry exec-shard`: one task of a plan, in this process. A split stage runs
 * through runShard (parallel/run-shard.ts), the same entry worker threads use, so a
 * task's partial state is the one a thread would have made; a plan without a
 * distributed stage runs the whole query (one thread) and keeps its result items.
 */
import { StoreError, UserError } from '../../errors.js';
import { type AggregateNode, storeReads } from '../../plan/index.js';
import { Store } from '../../store/index.js';
import { locate, nameScript } from '../locate.js';
import { runShard, type ShardConsole, type ShardTask } from '../parallel/run-shard.js';
import { runQuery } from '../run-query.js';
import { queryOptionsOf } from './query-options.js';
import { emptyStats, type Part, PART_STAT_KEYS } from './part-file.js';
import { taskConsoleCollector } from './task-console.js';
import { planTask, type ShardPlanFile } from './shard-plan.js';

/** The store snapshot the plan pinned. */
export function planStore(plan: ShardPlanFile): Store {
  return Store.fromSnapshot(plan.store.dir, structuredClone(plan.store.manifest));
}

/**
 * `store`: the plan's snapshot as the caller opened it (a store on S3 is opened by
 * the CLI, as for quarry run, into a local mirror that fetches what the task reads);
 * default: the plan's local directory.
 */
export async function execShard(plan: ShardPlanFile, taskId: number, o: { onConsole?: ShardConsole; store?: Store } = {}): Promise<Part> {
  const task = planTask(plan, taskId);
  const store = o.store ?? planStore(plan);
  // The script's console lines travel in the part (finish prints them); the caller may watch them too.
  const collected = taskConsoleCollector(task.id);
  const onConsole: ShardConsole = (line, level) => {
    collected.onConsole(line, level);
    o.onConsole?.(line, level);
  };
  const taskLines = () => (collected.entry.lines.length ? [collected.entry] : []);
  const script = { filename: plan.script.filename, source: plan.script.source };
  const stats = emptyStats();
  if (plan.stage === null) {
    const q = await runQuery({ ...queryOptionsOf(plan, store), threads: 1, onConsole });
    const items: unknown[] = [];
    try {
      for await (const item of q.items) items.push(item);
    } finally {
      await q.close();
    }
    for (const k of PART_STAT_KEYS) stats[k] = q.stats[k];
    return { plan: plan.hash, from: task.id, to: task.id + 1, folded: true, stats, states: [], userResults: [], items, console: taskLines() };
  }
  const node = plan.physical.stages[plan.stage.index] as AggregateNode | undefined;
  if (node?.op !== 'aggregate') throw new UserError('this plan names a distributed stage that is not an aggregation; make the plan again with quarry plan');
  const shardTask: ShardTask = {
    storeDir: store.dir,
    manifest: store.manifest,
    plan: plan.physical,
    stageIndex: plan.stage.index,
    script: plan.script,
    batchRows: plan.batchRows,
    shard: task.users ? { users: task.users } : { days: task.days },
  };
  // A store on S3: fetch what the plan reads first, in parallel, as a local run does
  // (run-query.ts), instead of one late fetch per file in the shard.
  if (store.remote) {
    const nowMs = plan.script.nowMs ?? plan.script.startedMs;
    await store.remote.prefetch(storeReads(plan.physical, store, { timezone: store.timezone, nowSeconds: Math.floor(nowMs / 1000) }));
  }
  let r: Awaited<ReturnType<typeof runShard>>;
  try {
    r = await runShard(shardTask, onConsole);
  } catch (e) {
    // Placed and named as a one-process run places it (run-query.ts: runPlan).
    throw nameScript(locate(e, node.loc, script), script);
  }
  for (const k of PART_STAT_KEYS) stats[k] = r.stats[k];
  return { plan: plan.hash, from: task.id, to: task.id + 1, folded: task.id === 0, stats, states: [r.state], userResults: r.userResults, console: taskLines() };
}

/** Retryable failures of a task (exit 70 in the CLI): the store could not be read. */
export function isRetryable(e: unknown): boolean {
  return e instanceof StoreError;
}
