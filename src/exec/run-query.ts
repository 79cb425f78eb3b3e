/**
 * The programmatic entry point: a JQL script + a store -> result items.
 *
 *   const q = await runQuery({ store, source, filename: 'q.js' });
 *   for await (const item of q.items) ...
 *   await q.close();
 *
 * The script's top level and main() run in the sandbox, which records a plan; the
 * plan runs natively. The sandbox stays open only when the plan calls user functions.
 */
import { CancelledError, ScriptError, StoreError } from '../errors.js';
import { type Plan, refineLocations } from '../plan/index.js';
import { openSession, type SandboxSession, type ConsoleLevel } from '../sandbox/index.js';
import type { Store } from '../store/index.js';
import { type ExecContext, type ExecStats, newStats } from './context.js';
import { cohortMembers } from './cohorts.js';
import { execute } from './execute.js';
import { Guest } from './guest.js';
import { nameScript } from './locate.js';
import { defaultThreads, makeParallel } from './parallel/run-shards.js';
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
  /** Modules each worker thread loads first (hooks such as the cohort evaluator). */
  workerPreload?: string[];
  /** Smallest scan (rows) worth splitting over threads. */
  parallelMinRows?: number;
  onConsole?: (line: string, level: ConsoleLevel) => void;
}

export interface Query {
  plan: Plan;
  items: AsyncIterable<unknown>;
  stats: ExecStats;
  close(): Promise<void>;
  /** Stop the query now (the REPL's Ctrl-C): reading items then fails with a CancelledError. */
  cancel(): void;
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
  const usesGuest = plan.fns.length > 0;
  if (!usesGuest) await session.close();
  const ctx: ExecContext = {
    store: o.store,
    env: { timezone: o.store.timezone, nowSeconds: Math.floor((o.nowMs ?? started) / 1000) },
    stats,
    script: { filename: o.filename, source: o.source },
    cohortMembers: (names) => cohortMembers(o.store, names, o.nowMs ?? started),
  };
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
      const threads = o.threads ?? defaultThreads();
      const parallel = threads > 1
        ? makeParallel({
            threads, plan, translate: o.translate ?? true, batchRows: o.batchRows ?? BATCH_ROWS, preload: o.workerPreload ?? [], minRows: o.parallelMinRows,
            onConsole: o.onConsole,
            script: {
              source: o.source, filename: o.filename, params: o.params ?? {}, timeoutMs: o.timeoutMs ?? DEFAULT_TIMEOUT_MS,
              memoryBytes: o.memoryBytes ?? DEFAULT_MEMORY_BYTES, seed: o.seed, nowMs: o.nowMs, startedMs: started,
            },
          })
        : undefined;
      yield* execute(plan, ctx, { guest, batchRows: o.batchRows, translate: o.translate, parallel });
    } catch (e) {
      throw nameScript(e, script);
    } finally {
      stats.stageMs.execute = Date.now() - t0;
      await close();
    }
  }
  const cancel = () => {
    if (abort.signal.aborted) return;
    const e = new CancelledError();
    abort.abort(e);
    if (usesGuest && !closed) session.cancel(e);
  };
  return { plan, items: items(), stats, close, cancel };
}

export { ScriptError, StoreError };
