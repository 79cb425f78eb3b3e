/**
 * The programmatic entry point: a JQL script + a store -> result items.
 *
 *   const q = await runQuery({ store, source, filename: 'q.js' });
 *   for await (const item of q.items) ...
 *   await q.close();
 *
 * The script's top level and main() run in the sandbox, which records a plan; the
 * plan is lowered once into a physical plan (plan/physical) that exec runs. The
 * sandbox stays open only when the plan calls user functions.
 */
import { CancelledError, ScriptError, StoreError } from '../errors.js';
import { lower, type PhysicalPlan, type Plan, refineLocations } from '../plan/index.js';
import { openSession, type SandboxSession, type ConsoleLevel } from '../sandbox/index.js';
import type { Store } from '../store/index.js';
import { createContext, type ExecStats, newStats } from './context.js';
import { execute } from './execute.js';
import { Guest } from './sandbox-bridge/guest.js';
import { nameScript } from './locate.js';
import { defaultThreads, makeParallel, type RunShards } from './parallel/run-shards.js';
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
  const session: SandboxSession = await openSession({
    source: o.source,
    filename: o.filename,
    params: o.params ?? {},
    limits: { timeoutMs: o.timeoutMs ?? DEFAULT_TIMEOUT_MS, memoryBytes: o.memoryBytes ?? DEFAULT_MEMORY_BYTES },
    seed: o.seed,
    nowMs: o.nowMs,
    onConsole: o.onConsole,
  }).catch((e: unknown) => {
    throw nameScript(e, script);
  });
  const plan = session.plan;
  refineLocations(plan, o.source);
  const stats = newStats();
  stats.stageMs.plan = Date.now() - started;
  const ctx = createContext({ store: o.store, nowMs: o.nowMs ?? started, script, stats });
  const threads = o.threads ?? defaultThreads();
  const physical = lower(plan, o.store, { translate: o.translate ?? true, threads, parallelMinRows: o.parallelMinRows, env: ctx.env });
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
    try {
      const parallel = o.parallel ?? (threads > 1
        ? makeParallel({
            batchRows: o.batchRows ?? BATCH_ROWS,
            onConsole: o.onConsole,
            script: {
              source: o.source, filename: o.filename, params: o.params ?? {}, timeoutMs: o.timeoutMs ?? DEFAULT_TIMEOUT_MS,
              memoryBytes: o.memoryBytes ?? DEFAULT_MEMORY_BYTES, seed: o.seed, nowMs: o.nowMs, startedMs: started,
            },
          })
        : undefined);
      yield* execute(physical, ctx, { guest, batchRows: o.batchRows, parallel });
    } catch (e) {
      throw nameScript(e, script);
    } finally {
      stats.stageMs.execute = Date.now() - t0;
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

export { ScriptError, StoreError };
