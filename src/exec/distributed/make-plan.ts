/**
 * `quarry plan`: run the script's main() once (in the sandbox, as `quarry run` does)
 * to record its plan, lower it with the number of shards asked for, and write down
 * everything a task on another machine needs to give the same partial state as a
 * worker thread would: the pinned snapshot, params, seed, clock and limits.
 *
 * The stage distributed is the first aggregation over the scan, split by the same
 * rule as worker threads (plan/physical/rules/shard.ts): by days, or by user shards
 * (user number modulo n) when a custom groupByUser reducer or a join needs each
 * user whole. A script with no such stage (no aggregation, People() alone, counts
 * the manifest answers) gets a plan of one task that runs the whole query.
 */
import crypto from 'node:crypto';
import { UsageError } from '../../errors.js';
import { type AggregateNode, lower, type PhysicalPlan, type Plan } from '../../plan/index.js';
import { BATCH_ROWS } from '../../sandbox/index.js';
import { DEFAULT_PIN_HOURS, pinGeneration, type Store } from '../../store/index.js';
import { createContext } from '../context.js';
import { DEFAULT_MEMORY_BYTES, DEFAULT_TIMEOUT_MS, runQuery } from '../run-query.js';
import { autoKeySlices } from './choose-key-slices.js';
import { MAX_KEY_SLICES } from './key-slices.js';
import { PLAN_FORMAT, PLAN_VERSION, type PlanTask, planHash, type ShardPlanFile } from './shard-plan.js';

/** `--shards auto`: about this many source rows per task (a task costs a Node start and a sandbox: it should run for minutes). */
export const AUTO_ROWS_PER_TASK = { native: 50_000_000, sandbox: 5_000_000 };
export const MAX_TASKS = 10_000;

export interface MakePlanOptions {
  store: Store;
  /** How the user named the store (kept in the plan; tasks read `store.dir`, or this URI when it is s3://). */
  storeUri?: string;
  source: string;
  filename: string;
  params?: unknown;
  /** Fixed for every task; chosen at random (and written down) when not given. */
  seed?: number;
  /** The job's NOW (epoch ms); the time of planning when not given. */
  nowMs?: number;
  timeoutMs?: number;
  memoryBytes?: number;
  translate?: boolean;
  batchRows?: number;
  shards: number | 'auto';
  /** Key slices of the partial states (key-slices.ts): a number, or auto (choose-key-slices.ts; the default). 1 when the plan cannot be sliced. */
  keySlices?: number | 'auto';
  /** Pin the snapshot in the store (default true) for this many hours (default 24). */
  pin?: boolean;
  pinHours?: number;
  onConsole?: (line: string, level: 'log' | 'info' | 'debug' | 'warn' | 'error') => void;
}

export async function makeShardPlan(o: MakePlanOptions): Promise<ShardPlanFile> {
  if (o.shards !== 'auto' && (!Number.isInteger(o.shards) || o.shards < 1 || o.shards > MAX_TASKS)) {
    throw new UsageError(`--shards must be auto or a whole number from 1 to ${MAX_TASKS}, got ${o.shards}`);
  }
  const ks = o.keySlices ?? 'auto';
  if (ks !== 'auto' && (!Number.isInteger(ks) || ks < 1 || ks > MAX_KEY_SLICES))
    throw new UsageError(`--key-slices must be auto or a whole number from 1 to ${MAX_KEY_SLICES}, got ${ks}`);
  const nowMs = o.nowMs ?? Date.now();
  const seed = o.seed ?? crypto.randomInt(0, 2 ** 31);
  const translate = o.translate ?? true;
  const script = {
    source: o.source,
    filename: o.filename,
    params: o.params ?? {},
    timeoutMs: o.timeoutMs ?? DEFAULT_TIMEOUT_MS,
    memoryBytes: o.memoryBytes ?? DEFAULT_MEMORY_BYTES,
    seed,
    nowMs,
    startedMs: nowMs,
  };
  // main() runs here once, to record the plan; nothing is scanned.
  const q = await runQuery({
    store: o.store,
    source: o.source,
    filename: o.filename,
    params: script.params,
    timeoutMs: script.timeoutMs,
    memoryBytes: script.memoryBytes,
    seed,
    nowMs,
    threads: 1,
    translate,
    onConsole: o.onConsole,
  });
  const logical = q.plan;
  await q.close();
  const env = createContext({ store: o.store, nowMs }).env;
  const single = lower(logical, o.store, { translate, threads: 1, env, script: o.source });
  const wanted = o.shards === 'auto' ? autoShards(o.store, logical, single) : o.shards;
  let physical = single;
  let threads = 1;
  for (const t of candidates(wanted, daysRead(o.store, logical).length)) {
    const p = lower(logical, o.store, { translate, threads: t, parallelMinRows: 0, env, script: o.source });
    const first = p.stages[0];
    if (first?.op === 'aggregate' && first.shards) {
      physical = p;
      threads = t;
      break;
    }
  }
  const first = physical.stages[0];
  const split = first?.op === 'aggregate' ? first.shards : null;
  const allDays = daysRead(o.store, logical);
  const tasks: PlanTask[] =
    split === null
      ? [{ id: 0, days: allDays }]
      : split.mode === 'days'
        ? split.shards.map((days, id) => ({ id, days }))
        : Array.from({ length: split.n }, (_, k) => ({ id: k, days: allDays, users: [k, split.n] as [number, number] }));
  const stateIndex = split === null ? null : split.mode === 'users' && split.through !== undefined ? split.through : 0;
  const stateAgg = stateIndex === null ? null : (physical.stages[stateIndex] as AggregateNode);
  const sliceable = stateAgg !== null && stateAgg.kind !== 'reduce';
  const keySlices = !sliceable ? 1 : ks === 'auto' ? autoKeySlices({ node: stateAgg, tasks: tasks.length, rows: rowsRead(o.store, logical) }) : ks;
  const manifest = o.store.manifest;
  // A store on S3 is written (and its files collected) elsewhere: no pin to write here.
  const pin = o.pin === false || o.store.remote ? null : pinGeneration(o.store.dir, manifest, { hours: o.pinHours ?? DEFAULT_PIN_HOURS });
  const doc: Omit<ShardPlanFile, 'hash'> = {
    format: PLAN_FORMAT,
    version: PLAN_VERSION,
    createdAt: new Date().toISOString(),
    store: {
      uri: o.storeUri ?? o.store.dir,
      dir: o.store.dir,
      generation: manifest.generation,
      pin: pin && { id: pin.id, expiresAt: pin.expiresAt },
      manifest,
    },
    script,
    translate,
    batchRows: o.batchRows ?? BATCH_ROWS,
    threads,
    physical,
    keySlices,
    stage: split === null ? null : { index: 0, mode: split.mode, ...(split.mode === 'users' && split.through !== undefined ? { through: split.through } : {}) },
    tasks,
  };
  // The document as it will be read back (JSON), so the hash matches what readers compute.
  const json = JSON.parse(JSON.stringify(doc)) as Omit<ShardPlanFile, 'hash'>;
  return { ...json, hash: planHash(json) };
}

/** Shard counts to try: the one asked for, then (split by days) no more than the days read. */
function candidates(wanted: number, days: number): number[] {
  const out = [wanted];
  if (days >= 2 && days < wanted) out.push(days);
  return out.filter((t) => t >= 2);
}

/** The day partitions the scan reads (all of its date range). */
function daysRead(store: Store, plan: Plan): string[] {
  const s = plan.source;
  const events = s.kind === 'events' ? s : s.kind === 'join' ? s.events : null;
  return events ? store.days(events.fromDate, events.toDate) : [];
}

function rowsRead(store: Store, plan: Plan): number {
  let rows = 0;
  for (const d of daysRead(store, plan)) rows += store.partitionMeta(d)?.rows ?? 0;
  return rows;
}

function autoShards(store: Store, plan: Plan, single: PhysicalPlan): number {
  const rows = rowsRead(store, plan);
  const first = single.stages[0];
  const per = first?.op === 'aggregate' && first.sandbox ? AUTO_ROWS_PER_TASK.sandbox : AUTO_ROWS_PER_TASK.native;
  return Math.min(MAX_TASKS, Math.max(1, Math.ceil(rows / per)));
}
