/**
 * One shard of a parallel aggregation, wherever it runs (a worker thread today): opens
 * the store snapshot and, when the plan calls user functions, its own sandbox; runs the
 * aggregation node over the shard and returns its partial state. The single entry every
 * shard runner (thread, process, cluster task) calls. A groupByUser split by users
 * whose plan says so (`shards.through`, rules/shard-stages.ts) also runs the stages up
 * to the next aggregation here and returns that aggregation's state (`through`).
 */
import type { AggregateNode, PhysicalPlan } from '../../plan/index.js';
import { openSession, type SandboxSession } from '../../sandbox/index.js';
import { type Manifest, Store } from '../../store/index.js';
import { Chain } from '../chain.js';
import { createContext, newStats } from '../context.js';
import { accumulateSource, finishAggregate } from '../operators/accumulate.js';
import { accumulateRows, type Chunks, rowStage } from '../operators/row-stages.js';
import { locate, locatedChunks } from '../locate.js';
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
    const through = stage.shards?.mode === 'users' ? stage.shards.through : undefined;
    if (through !== undefined) {
      // This shard's users, finished, through the stages that follow, into the next aggregation.
      const rows = await finishAggregate(agg, guest, true, undefined, stage.sorted);
      let chunks: Chunks = (async function* () {
        yield rows;
      })();
      for (let i = t.stageIndex + 1; i < through; i++) {
        const s = plan.stages[i]!;
        if (s.op !== 'map' && s.op !== 'filter' && s.op !== 'flatten') throw new Error(`internal: stage ${i} (${s.op}) cannot run in a shard`);
        chunks = locatedChunks(rowStage(s, chunks, chain, t.batchRows), s.loc, ctx.script);
      }
      const next = plan.stages[through] as AggregateNode;
      let nextAgg: Awaited<ReturnType<typeof accumulateRows>>;
      try {
        nextAgg = await accumulateRows(next, chunks, guest, chain, t.batchRows);
      } catch (e) {
        throw locate(e, next.loc, ctx.script);
      }
      return { state: nextAgg.exportState(), userResults: [] as Array<[number, Array<{ key: string; value: unknown }>]>, stats, through };
    }
    const userResults: Array<[number, Array<{ key: string; value: unknown }>]> = [];
    if (stage.kind === 'groupByUser' && session) {
      // The sandbox names states by this worker's group ids; the main thread needs the keys.
      for (const id of agg.guestReducers()) userResults.push([id, (await session.userResults(id)).map(({ key, value }) => ({ key: agg.encodedKey(Number(key)), value }))]);
    }
    return { state: agg.exportState(), userResults, stats, through: undefined as number | undefined };
  } finally {
    await session?.close();
  }
}

export type ShardResult = Awaited<ReturnType<typeof runShard>>;
