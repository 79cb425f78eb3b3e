/**
 * The plan of a distributed job (`quarry plan` writes it, every other step reads it):
 * the pinned store snapshot, the script with everything that makes a run repeatable
 * (params, seed, clock, limits), the physical plan, the stage split over tasks and
 * the task list. Plain JSON; its hash (over the rest of the document) names it in
 * every partial state made from it. docs/shard-protocol.md describes it.
 */
import crypto from 'node:crypto';
import { UserError } from '../../errors.js';
import type { PhysicalPlan } from '../../plan/index.js';
import type { Manifest } from '../../store/index.js';
import type { ShardTask } from '../parallel/run-shard.js';

export const PLAN_FORMAT = 'quarry-shard-plan';
export const PLAN_VERSION = 1;

export interface PlanTask {
  id: number;
  /** The day partitions it reads. */
  days: string[];
  /** A user shard: the users whose number is k modulo n (it reads only their rows). */
  users?: [k: number, n: number];
}

/** The stage the tasks run (an aggregation over the scan); null: one task runs the whole query. */
export interface DistributedStage {
  index: number;
  mode: 'days' | 'users';
  /** The tasks also run the stages after it through this aggregation, whose state they return (plan/physical/rules/shard-stages.ts). */
  through?: number;
}

export interface ShardPlanFile {
  format: typeof PLAN_FORMAT;
  version: number;
  createdAt: string;
  store: {
    /** As given to `quarry plan` (a folder, or a URI). */
    uri: string;
    /** The folder the tasks read (absolute). */
    dir: string;
    generation: number;
    /** The pin that keeps this snapshot's files (store/pins.ts); null: not pinned. */
    pin: { id: string; expiresAt: string } | null;
    manifest: Manifest;
  };
  script: ShardTask['script'];
  translate: boolean;
  batchRows: number;
  /** The `threads` the physical plan was lowered with (finish lowers it again the same way). */
  threads: number;
  physical: PhysicalPlan;
  /** Key slices the job's merges are split into (key-slices.ts; 1: none). Advice for drivers; absent in older plans: 1. */
  keySlices?: number;
  stage: DistributedStage | null;
  tasks: PlanTask[];
  /** sha256 of this document without this field. */
  hash: string;
}

export function planHash(plan: Omit<ShardPlanFile, 'hash'> | ShardPlanFile): string {
  return crypto
    .createHash('sha256')
    .update(JSON.stringify({ ...plan, hash: undefined }))
    .digest('hex');
}

/** A plan file's text -> its plan, checked; `name` is how messages call the file. */
export function parseShardPlan(text: string, name: string): ShardPlanFile {
  let doc: ShardPlanFile;
  try {
    doc = JSON.parse(text) as ShardPlanFile;
  } catch (e) {
    throw new UserError(`${name} is not a complete plan file (${(e as Error).message}); make it again with quarry plan`);
  }
  if (doc === null || typeof doc !== 'object' || doc.format !== PLAN_FORMAT) {
    throw new UserError(`${name} is not a quarry shard plan (no "format": "${PLAN_FORMAT}"); make one with quarry plan SCRIPT --out ${name}`);
  }
  if (doc.version !== PLAN_VERSION) {
    throw new UserError(
      `${name} is a shard plan of version ${doc.version}; this quarry reads version ${PLAN_VERSION}: make the plan with the quarry that runs the tasks`,
    );
  }
  if (typeof doc.hash !== 'string' || planHash(doc) !== doc.hash) {
    throw new UserError(`${name} was changed after quarry plan wrote it (its hash does not match); make the plan again`);
  }
  return doc;
}

/** The task with this id, or a message naming the valid ids. */
export function planTask(plan: ShardPlanFile, id: number): PlanTask {
  const task = Number.isInteger(id) ? plan.tasks[id] : undefined;
  if (task === undefined) throw new UserError(`no task ${id} in this plan: its tasks are 0 to ${plan.tasks.length - 1}`);
  return task;
}
