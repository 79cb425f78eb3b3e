/**
 * A worker thread of a parallel aggregation: receives the physical plan, opens the
 * same store snapshot and its own sandbox when the plan calls user functions, runs
 * the aggregation node over its shard and posts the partial state back.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { serializeError } from '../../wire-errors.js';
import type { AggregateNode, PhysicalPlan } from '../../plan/index.js';
import { openSession, type SandboxSession } from '../../sandbox/index.js';
import { type Manifest, Store } from '../../store/index.js';
import { Chain } from '../chain.js';
import { createContext, newStats } from '../context.js';
import { accumulateSource } from '../operators/accumulate.js';
import { Guest } from '../guest.js';

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

async function runShard(t: ShardTask) {
  const store = Store.fromSnapshot(t.storeDir, t.manifest);
  const stats = newStats();
  let session: SandboxSession | null = null;
  if (t.plan.sandbox) {
    session = await openSession({
      source: t.script.source, filename: t.script.filename, params: t.script.params,
      limits: { timeoutMs: t.script.timeoutMs, memoryBytes: t.script.memoryBytes }, seed: t.script.seed, nowMs: t.script.nowMs,
      // console.* of the script's functions reaches the user as in one thread.
      onConsole: (line, level) => parentPort!.postMessage({ op: 'console', line, level }),
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

runShard(workerData as ShardTask).then(
  (r) => parentPort!.postMessage({ ok: true, ...r }),
  (e) => parentPort!.postMessage({ ok: false, error: serializeError(e) }),
);
