/**
 * The programmatic entry point: a JQL script + a store -> result items.
 *
 *   const q = await runQuery({ store, source, filename: 'q.js' });
 *   for await (const item of q.items) ...
 *   await q.close();
 *
 * The script's top level and main() run in the sandbox, which records a plan; the
 * plan is lowered once into a physical plan (plan/physical) that runPlan runs: a loop
 * that opens one operator (operators/) per node and streams its chunks into the next.
 * Every decision was taken when the plan was lowered; this file only follows the
 * nodes. The sandbox stays open only when the plan calls user functions.
 */
import { CancelledError, ScriptError, StoreError } from '../errors.js';
import { lower, type PhysicalPlan, type Plan, refineLocations, type StageNode, storeReads, type AggregateNode } from '../plan/index.js';
import { openSession, type SandboxSession, type ConsoleLevel } from '../sandbox/index.js';
import { prewarmSelectorParser } from '../selector/index.js';
import type { Store } from '../store/index.js';
import { Chain } from './chain.js';
import { checkAcyclic, lastStep } from './check-output.js';
import { createContext, type ExecContext, type ExecStats, newStats } from './context.js';
import { Guest } from './sandbox-bridge/guest.js';
import { locate, locatedChunks, nameScript } from './locate.js';
import { openAggregateRows } from './operators/aggregate-rows.js';
import { openAggregateScan } from './operators/aggregate-scan.js';
import { countDistinctUsers } from './operators/distinct-users.js';
import { openFilter } from './operators/filter.js';
import { openFlatten } from './operators/flatten.js';
import { openGroupLimits } from './operators/group-limits.js';
import { openMap, openMapScan } from './operators/map.js';
import { openMisplaced } from './operators/misplaced.js';
import { once, type OperatorContext, type Rows } from './operators/operator-context.js';
import { openScanRows } from './operators/scan-rows.js';
import { openSort } from './operators/sort.js';
import { defaultThreads, makeParallel, type RunShards } from './parallel/run-shards.js';
import type { WaveOptions } from './parallel/user-waves.js';
import { BATCH_ROWS } from '../sandbox/index.js';

export interface QueryOptions {
  store: Store;
  source: string;
  filename: string;
  params?: unknown;
  timeoutMs?: number;
  memoryBytes?: number;
  seed?: number;
  nowMs?: number;
  batchRows?: number;
  /** Run translatable callbacks natively (default true); false sends every one to the sandbox. */
  translate?: boolean;
  /** Worker threads for large aggregations (default: the machine's cores; 1 = none). */
  threads?: number;
  /** Smallest scan (rows) worth splitting over threads. */
  parallelMinRows?: number;
  /** When a custom groupByUser's user shards run in waves of users, and how large (exec/parallel/user-waves.ts). */
  waves?: WaveOptions;
  onConsole?: (line: string, level: ConsoleLevel) => void;
  /** Runs the aggregations the plan split (default: worker threads); `quarry finish` passes the merged partial states of a distributed job. */
  parallel?: RunShards;
}

export interface Query {
  plan: Plan;
  /** The plan as exec runs it (`quarry run --explain` prints it). */
  physical: PhysicalPlan;
  items: AsyncIterable<unknown>;
  stats: ExecStats;
  close(): Promise<void>;
  /** Stop at once, even inside a sandbox call (the worker is terminated), then close: reading items then fails with a CancelledError. */
  cancel(): Promise<void>;
}

export const DEFAULT_TIMEOUT_MS = 120_000;
export const DEFAULT_MEMORY_BYTES = 256 * 1024 * 1024;

export async function runQuery(o: QueryOptions): Promise<Query> {
  const started = Date.now();
  const script = { filename: o.filename, source: o.source };
  // A script that names selectors has them parsed when the plan is lowered: build the
  // parser while this thread would only wait for the sandbox to record main().
  // A failure here is left for the parse itself to report.
  const prewarm = /selector/.test(o.source)
    ? setImmediate(() => {
        try {
          prewarmSelectorParser();
        } catch {}
      })
    : undefined;
  const session: SandboxSession = await openSession({
    source: o.source,
    filename: o.filename,
    params: o.params ?? {},
    limits: { timeoutMs: o.timeoutMs ?? DEFAULT_TIMEOUT_MS, memoryBytes: o.memoryBytes ?? DEFAULT_MEMORY_BYTES },
    seed: o.seed,
    nowMs: o.nowMs,
    onConsole: o.onConsole,
  }).catch((e: unknown) => {
    if (prewarm !== undefined) clearImmediate(prewarm);
    throw nameScript(e, script);
  });
  const plan = session.plan;
  refineLocations(plan, o.source);
  const stats = newStats();
  stats.stageMs.plan = Date.now() - started;
  const ctx = createContext({ store: o.store, nowMs: o.nowMs ?? started, script, stats });
  const threads = o.threads ?? defaultThreads();
  const physical = lower(plan, o.store, { translate: o.translate ?? true, threads, parallelMinRows: o.parallelMinRows, env: ctx.env, script: o.source });
  const usesGuest = physical.sandbox;
  if (!usesGuest) await session.close();
  const abort = new AbortController();
  ctx.signal = abort.signal;
  const guest = usesGuest ? new Guest(session, plan.fns, stats) : null;
  let closed = false;
  const close = async () => {
    if (closed) return;
    closed = true;
    if (usesGuest) await session.close();
  };
  async function* items() {
    const t0 = Date.now();
    const remote = o.store.remote;
    try {
      // A store on S3: fetch what the plan reads first, in parallel, so the scan reads local files.
      if (remote) await remote.prefetch(storeReads(physical, o.store, ctx.env));
      const parallel =
        o.parallel ??
        (threads > 1
          ? makeParallel({
              batchRows: o.batchRows ?? BATCH_ROWS,
              onConsole: o.onConsole,
              waves: o.waves,
              script: {
                source: o.source,
                filename: o.filename,
                params: o.params ?? {},
                timeoutMs: o.timeoutMs ?? DEFAULT_TIMEOUT_MS,
                memoryBytes: o.memoryBytes ?? DEFAULT_MEMORY_BYTES,
                seed: o.seed,
                nowMs: o.nowMs,
                startedMs: started,
              },
            })
          : undefined);
      yield* runPlan(physical, ctx, { guest, batchRows: o.batchRows, parallel, waves: o.waves });
    } catch (e) {
      throw nameScript(e, script);
    } finally {
      stats.stageMs.execute = Date.now() - t0;
      if (remote) stats.fetched = remote.counters();
      await close();
    }
  }
  const cancel = async () => {
    if (!abort.signal.aborted) {
      const e = new CancelledError();
      abort.abort(e);
      if (usesGuest && !closed) session.cancel(e);
    }
    await close();
  };
  return { plan, physical, items: items(), stats, close, cancel };
}

export interface RunPlanOptions {
  guest: Guest | null;
  batchRows?: number;
  /** Runs an aggregation the plan split over worker threads (node.shards). */
  parallel?: RunShards;
  /** When a custom groupByUser runs in waves of users (exec/parallel/user-waves.ts). */
  waves?: WaveOptions;
}

/**
 * Run a physical plan: scan -> stages -> result items, streamed. The scan's fused
 * filters and the stage over the scan (node.fromScan) run over source batches
 * (columnar, selectors already applied); later stages run over derived JSON rows in
 * chunks. Errors are placed at the step that raised them.
 */
export async function* runPlan(plan: PhysicalPlan, ctx: ExecContext, o: RunPlanOptions): AsyncGenerator<unknown> {
  const oc: OperatorContext = {
    ctx,
    plan,
    guest: o.guest,
    chain: new Chain(plan.fns, o.guest, ctx.stats, plan.translate),
    batchRows: o.batchRows ?? BATCH_ROWS,
    parallel: o.parallel,
    waves: o.waves,
  };
  const { scan, stages } = plan;
  const first = stages[0];
  let rows: Rows;
  let i = 1;
  if (first?.op === 'aggregate' && first.fromScan) {
    // distinctUsers: the next groupBy is answered with this one (distinct users per key).
    const next = first.distinctUsers ? (stages[1] as AggregateNode) : null;
    try {
      if (next) {
        rows = once(await countDistinctUsers(ctx, scan, first, next, oc.chain, oc.batchRows));
        i = 2;
      } else {
        const done = await openAggregateScan(first, oc);
        rows = once(done.rows);
        // The shards ran the stages through a later aggregation (rules/shard-stages.ts): go on after it.
        if (done.through !== undefined) i = done.through + 1;
      }
    } catch (e) {
      throw locate(e, first.loc, ctx.script);
    }
  } else if (first?.op === 'map' && first.fromScan) {
    // An error with no place of its own (a thrown string has no stack) is placed at the
    // one user function that can have raised it, when there is only one.
    rows = locatedChunks(openMapScan(first, scan, oc), scan.filters.length === 0 ? first.loc : undefined, ctx.script);
  } else {
    rows = locatedChunks(openScanRows(scan, oc), scan.filters.length === 1 ? scan.filters[0]!.loc : undefined, ctx.script);
    i = 0;
  }
  for (; i < stages.length; i++) rows = locatedChunks(openStage(stages[i]!, rows, oc), stages[i]!.loc, ctx.script);
  // Cycles come only from user functions, so plans without any skip the check.
  const last = lastStep(plan);
  for await (const chunk of rows) {
    if (plan.fns.length > 0) for (const item of chunk) checkAcyclic(item, last, ctx);
    yield* chunk;
  }
}

/** The operator of a stage node over derived rows. */
function openStage(node: StageNode, input: Rows, oc: OperatorContext): Rows {
  switch (node.op) {
    case 'filter':
      return openFilter(node, input, oc);
    case 'map':
      return openMap(node, input, oc);
    case 'flatten':
      return openFlatten(node, input);
    case 'sort':
      return openSort(node, input, oc);
    case 'aggregate':
      return openAggregateRows(node, input, oc);
    case 'misplaced':
      return openMisplaced(node);
    case 'groupLimits':
      return openGroupLimits(node, input);
  }
}

export { ScriptError, StoreError };
