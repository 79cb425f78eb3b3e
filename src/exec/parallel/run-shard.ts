/**
 * One shard of a parallel aggregation, wherever it runs (a worker thread today): opens
 * the store snapshot and, when the plan calls user functions, its own sandbox; runs the
 * aggregation node over the shard and returns its partial state. The single entry every
 * shard runner (thread, process, cluster task) calls.
 */
import type { AggregateNode, PhysicalPlan } from '../../plan/index.js';
import { openSession, type SandboxSession } from '../../sandbox/index.js';
import { type Manifest, Store } from '../../store/index.js';
import { Chain } from '../chain.js';
import { createContext, newStats } from '../context.js';
import { accumulateSource } from '../operators/accumulate.js';
import { Guest } from '../sandbox-bridge/guest.js';

export interface ShardTask {
  storeDir: string;
  manifest: Manifest;
  plan: PhysicalPlan;
  /** The aggregation node this worker runs (plan.stages[stageIndex]). */
  stageIndex: number;
  script: { source: string; filename: string; params: unknown; timeoutMs: number; memoryBytes: number; seed?: number; nowMs?: number; startedMs: number };
  batchRows: number;
  shard: { days?: string[]; users?: [number, number] };
}

/** Console lines of the script's functions, passed to whoever ran the shard. */
export type ShardConsole = (line: string, level: 'log' | 'info' | 'debug' | 'warn' | 'error') => void;

export async function runShard(t: ShardTask, onConsole: ShardConsole) {
  const store = Store.fromSnapshot(t.storeDir, t.manifest);
  const stats = newStats();
  let session: SandboxSession | null = null;
  if (t.plan.sandbox) {
    session = await openSession({
      source: t.script.source, filename: t.script.filename, params: t.script.params,
      limits: { timeoutMs: t.script.timeoutMs, memoryBytes: t.script.memoryBytes }, seed: t.script.seed, nowMs: t.script.nowMs,
      // console.* of the script's functions reaches the user as in one thread.
      onConsole,
    });
  }
  try {
    const plan = t.plan;
    const guest = session ? new Guest(session, plan.fns, stats) : null;
    const ctx = createContext({ store, nowMs: t.script.nowMs ?? t.script.startedMs, script: { filename: t.script.filename, source: t.script.source }, shard: t.shard, stats });
    const chain = new Chain(plan.fns, guest, stats, plan.translate);
    const stage = plan.stages[t.stageIndex] as AggregateNode;
    const agg = await accumulateSource(ctx, plan.scan, stage, guest, chain, t.batchRows);
    const userResults: Array<[number, Array<{ key: string; value: unknown }>]> = [];
    if (stage.kind === 'groupByUser' && session) {
      // The sandbox names states by this worker's group ids; the main thread needs the keys.
      for (const id of agg.guestReducers()) userResults.push([id, (await session.userResults(id)).map(({ key, value }) => ({ key: agg.encodedKey(Number(key)), value }))]);
    }
    return { state: agg.exportState(), userResults, stats };
  } finally {
    await session?.close();
  }
}

export type ShardResult = Awaited<ReturnType<typeof runShard>>;
