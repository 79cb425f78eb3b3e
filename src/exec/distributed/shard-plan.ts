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
import type { Manifest, PartitionMeta } from '../../store/index.js';
import type { ShardTask } from '../parallel/run-shard.js';

export const PLAN_FORMAT = 'quarry-shard-plan';
/** 2: the manifest's day partitions one per line after the head, each checked by its digest (plan-file.ts). */
export const PLAN_VERSION = 2;

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

/**
 * sha256 of the plan's head: the plan without `hash`, its manifest's day partitions
 * replaced by their digests (partitionDigest). A task checks the head and only the
 * partitions it reads (plan-file.ts), not the whole manifest.
 */
export function planHash(plan: Omit<ShardPlanFile, 'hash'> | ShardPlanFile): string {
  return hashHead(planHead(plan));
}

/** A plan as its file's first line holds it: the day partitions only as digests. */
export type PlanHead = Omit<ShardPlanFile, 'hash' | 'store'> & {
  store: Omit<ShardPlanFile['store'], 'manifest'> & { manifest: Omit<Manifest, 'events'> & { events: Record<string, string> } };
};

/** The hashed part of a plan: every field but `hash`, the manifest's days as digests. */
export function planHead(plan: Omit<ShardPlanFile, 'hash'> | ShardPlanFile): PlanHead {
  const digests: Record<string, string> = {};
  for (const [day, meta] of Object.entries(plan.store.manifest.events)) digests[day] = partitionDigest(dayLines(meta).day);
  const { hash: _, ...rest } = plan as ShardPlanFile;
  return { ...rest, store: { ...rest.store, manifest: { ...rest.store.manifest, events: digests } } };
}

export function hashHead(head: PlanHead): string {
  return crypto
    .createHash('sha256')
    .update(JSON.stringify({ ...head, hash: undefined }))
    .digest('hex');
}

/**
 * A day partition as the plan file holds it: the day's own line (a bucketed day's
 * `buckets` as [digest, byte length] of their lines' JSON text, null for an empty
 * bucket; the lines follow the day's, in order) and the text of each bucket, so a
 * user shard reads only its buckets of each day.
 */
export function dayLines(meta: PartitionMeta): { day: string; buckets: Array<string | null> } {
  if (meta.buckets === undefined) return { day: JSON.stringify(meta), buckets: [] };
  const buckets = meta.buckets.map((b) => (b === null ? null : JSON.stringify(b)));
  const refs = buckets.map((t) => (t === null ? null : [partitionDigest(t), Buffer.byteLength(t)]));
  return { day: JSON.stringify({ ...meta, buckets: refs }), buckets };
}

/** sha256 of one line's JSON text (a day or a bucket), as the plan file holds it. */
export function partitionDigest(text: string | Uint8Array): string {
  return crypto.createHash('sha256').update(text).digest('hex');
}

/** The task with this id, or a message naming the valid ids. */
export function planTask(plan: ShardPlanFile, id: number): PlanTask {
  const task = Number.isInteger(id) ? plan.tasks[id] : undefined;
  if (task === undefined) throw new UserError(`no task ${id} in this plan: its tasks are 0 to ${plan.tasks.length - 1}`);
  return task;
}
