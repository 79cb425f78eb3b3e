/**
 * A distributed run in one process, through the shard protocol's library API and its
 * file formats: plan -> every task (in a shuffled order, each part written to text
 * and read back) -> merges in several groupings -> finish. Each grouping's result is
 * returned, so a test can check they agree with each other and with a one-thread run.
 */
import fc from 'fast-check';
import {
  decodePart,
  encodePart,
  execShard,
  finishShardPlan,
  makeShardPlan,
  type MakePlanOptions,
  mergeParts,
  type Part,
  encodeShardPlan,
  parseShardPlan,
  readShardPlan,
  type ShardPlanFile,
} from '../../src/exec/distributed/index.js';

export interface DistributedRun {
  plan: ShardPlanFile;
  /** Result items (as JSON text) per merge grouping: all at once, a pairwise tree, left to right. */
  results: Record<'all' | 'tree' | 'leftToRight', string>;
}

/** Finish the job from one part or the key slices, the result items as JSON text; `console` collects the tasks' lines. */
export async function finish(plan: ShardPlanFile, parts: Part | Part[], console?: string[]): Promise<string> {
  const q = await finishShardPlan(plan, parts, console ? { onConsole: (line) => console.push(line) } : {});
  const out: unknown[] = [];
  try {
    for await (const item of q.items) out.push(item);
  } finally {
    await q.close();
  }
  return JSON.stringify(out);
}

/** Through the files: what another process would read. */
export const viaText = (plan: ShardPlanFile, p: Part) => decodePart(encodePart(p), plan, `part ${p.from}`);

/** Merge parts pairwise, level by level, each merged part through its text form. */
export function tree(plan: ShardPlanFile, parts: Part[]): Part {
  let level = parts;
  while (level.length > 1) {
    const next: Part[] = [];
    for (let i = 0; i < level.length; i += 2) next.push(i + 1 < level.length ? viaText(plan, mergeParts(plan, [level[i]!, level[i + 1]!])) : level[i]!);
    level = next;
  }
  return level[0]!;
}

/** The items in an order fixed by `seed`. */
export function shuffled<T>(items: T[], seed: number): T[] {
  return fc.sample(fc.shuffledSubarray(items, { minLength: items.length, maxLength: items.length }), { seed, numRuns: 1 })[0]!;
}

export interface TasksRun {
  plan: ShardPlanFile;
  /** Every task's part (through its text form), in task order. */
  parts: Part[];
  /** The order the tasks ran in; the first ran twice. */
  order: number[];
  /** The second run of the first task (a late duplicate), whose bytes equal the first's. */
  again: Part;
}

/**
 * Plan (through the plan file's text) and run every task in a shuffled order, each
 * from what exec-shard reads of the plan (the head and its own days); the first task
 * runs twice and must give the same bytes. Serves runDistributed and the sliced run.
 */
export async function runTasks(o: MakePlanOptions, shuffleSeed: number): Promise<TasksRun> {
  const made = await makeShardPlan({ ...o, pin: false });
  const text = encodeShardPlan(made);
  const plan = parseShardPlan(text, 'plan.json');
  const bytes = Buffer.from(text);
  const taskPlan = (id: number) => readShardPlan({ size: bytes.length, read: (p, n) => bytes.subarray(p, p + n) }, 'plan.json', { task: id });
  const order = shuffled(
    plan.tasks.map((t) => t.id),
    shuffleSeed,
  );
  const byId = new Map<number, Part>();
  for (const id of order) byId.set(id, viaText(plan, await execShard(taskPlan(id), id)));
  const again = await execShard(taskPlan(order[0]!), order[0]!);
  if (encodePart(again) !== encodePart(byId.get(order[0]!)!)) throw new Error(`task ${order[0]} gave another partial state the second time`);
  return { plan, parts: plan.tasks.map((t) => byId.get(t.id)!), order, again };
}

export async function runDistributed(o: MakePlanOptions, shuffleSeed = 1): Promise<DistributedRun> {
  const { plan, parts } = await runTasks(o, shuffleSeed);
  let acc = parts[0]!;
  for (const p of parts.slice(1)) acc = viaText(plan, mergeParts(plan, [acc, p]));
  return {
    plan,
    results: {
      all: await finish(plan, viaText(plan, mergeParts(plan, [...parts].reverse()))),
      tree: await finish(plan, tree(plan, parts)),
      leftToRight: await finish(plan, acc),
    },
  };
}

/**
 * Equal as JSON, or equal but for floats within a relative 1e-9 (docs/shard-protocol.md:
 * sums of floats are added per task, then across tasks, as with worker threads).
 */
export function sameWithinFloatTolerance(a: unknown, b: unknown): boolean {
  if (typeof a === 'number' && typeof b === 'number') return a === b || Math.abs(a - b) <= 1e-9 * Math.max(Math.abs(a), Math.abs(b));
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((x, i) => sameWithinFloatTolerance(x, b[i]));
  if (a && b && typeof a === 'object' && typeof b === 'object') {
    const ka = Object.keys(a);
    const kb = Object.keys(b);
    return (
      ka.length === kb.length &&
      ka.every((k, i) => k === kb[i] && sameWithinFloatTolerance((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]))
    );
  }
  return a === b;
}
