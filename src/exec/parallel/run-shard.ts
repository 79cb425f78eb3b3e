/**
 * One shard of a parallel aggregation, wherever it runs (a worker thread today): opens
 * the store snapshot and, when the plan calls user functions, its own sandbox; runs the
 * aggregation node over the shard and returns its partial state. The single entry every
 * shard runner (thread, process, cluster task) calls. A groupByUser split by users
 * whose plan says so (`shards.through`, rules/shard-stages.ts) also runs the stages up
 * to the next aggregation here and returns that aggregation's state (`through`).
 */
import type { AggregateNode, PhysicalPlan } from '../../plan/index.js';
import { type FunctionSession, openFunctions, openSession } from '../../sandbox/index.js';
import { type Manifest, Store } from '../../store/index.js';
import { Chain } from '../chain.js';
import { createContext, newStats } from '../context.js';
import { finishAggregate, shapeOf } from '../operators/accumulate.js';
import { Aggregator } from '../operators/aggregate.js';
import { waveAggregates as aggregatesOfWaves } from '../operators/wave-aggregates.js';
import { accumulateRows } from '../operators/aggregate-rows.js';
import { openFilter } from '../operators/filter.js';
import { openFlatten } from '../operators/flatten.js';
import { openMap } from '../operators/map.js';
import type { OperatorContext, Rows } from '../operators/operator-context.js';
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
  /** `waves`: sub-ranges of `userRange` run one after another (user-waves.ts). */
  shard: { days?: string[]; users?: [number, number]; userRange?: [number, number]; waves?: Array<[number, number]> };
}

/** Console lines of the script's functions, passed to whoever ran the shard. */
export type ShardConsole = (line: string, level: 'log' | 'info' | 'debug' | 'warn' | 'error') => void;

export async function runShard(t: ShardTask, onConsole: ShardConsole) {
  const store = Store.fromSnapshot(t.storeDir, t.manifest);
  const stats = newStats();
  let session: FunctionSession | null = null;
  if (t.plan.sandbox) {
    const open = {
      source: t.script.source,
      filename: t.script.filename,
      params: t.script.params,
      limits: { timeoutMs: t.script.timeoutMs, memoryBytes: t.script.memoryBytes },
      seed: t.script.seed,
      nowMs: t.script.nowMs,
      // console.* of the script's functions reaches the user as in one thread; the
      // top level and main() already printed theirs there.
      onConsole,
      quietSetup: true,
    };
    // The plan says whether the functions compile without main() (plan/shard-functions).
    const sf = t.plan.shardFns;
    session = sf.mode === 'compiled' ? await openFunctions({ ...open, fns: sf.fns }) : await openSession(open);
  }
  try {
    const plan = t.plan;
    const guest = session ? new Guest(session, plan.fns, stats) : null;
    const ctx = createContext({
      store,
      nowMs: t.script.nowMs ?? t.script.startedMs,
      script: { filename: t.script.filename, source: t.script.source },
      shard: t.shard,
      stats,
    });
    const chain = new Chain(plan.fns, guest, stats, plan.translate);
    const stage = plan.stages[t.stageIndex] as AggregateNode;
    // One aggregation per wave of users (user-waves.ts), each finished before the next
    // is read; without waves, one over the shard.
    const waves = t.shard.waves ?? [undefined];
    const waveAggregates = () => aggregatesOfWaves(ctx, waves, plan.scan, stage, guest, chain, t.batchRows);
    const through = stage.shards?.mode === 'users' ? stage.shards.through : undefined;
    if (through !== undefined) {
      // This shard's users, finished wave by wave, through the stages that follow, into
      // the next aggregation: the same operators runPlan runs in the main thread.
      const oc: OperatorContext = { ctx, plan, guest, chain, batchRows: t.batchRows };
      let chunks: Rows = (async function* () {
        for await (const agg of waveAggregates()) yield await finishAggregate(agg, guest, true, undefined, stage.sorted);
      })();
      for (let i = t.stageIndex + 1; i < through; i++) {
        const s = plan.stages[i]!;
        const op = s.op === 'map' ? openMap(s, chunks, oc) : s.op === 'filter' ? openFilter(s, chunks, oc) : s.op === 'flatten' ? openFlatten(s, chunks) : null;
        if (op === null) throw new Error(`internal: stage ${i} (${s.op}) cannot run in a shard`);
        chunks = locatedChunks(op, s.loc, ctx.script);
      }
      const next = plan.stages[through] as AggregateNode;
      let nextAgg: Awaited<ReturnType<typeof accumulateRows>>;
      try {
        nextAgg = await accumulateRows(next, chunks, oc);
      } catch (e) {
        throw locate(e, next.loc, ctx.script);
      }
      return { state: nextAgg.exportState(), userResults: [] as Array<[number, Array<{ key: string; value: unknown }>]>, stats, through };
    }
    // The waves' states merged (their users are disjoint), and each wave's results taken
    // from the sandbox before the next wave's states, named by its own group ids, go in.
    let merged: Aggregator | null = null;
    const userResults: Array<[number, Array<{ key: string; value: unknown }>]> = [];
    for await (const agg of waveAggregates()) {
      if (stage.kind === 'groupByUser' && session) {
        // The sandbox names states by this worker's group ids; the main thread needs the keys.
        for (const id of agg.guestReducers())
          userResults.push([id, (await session.userResults(id)).map(({ key, value }) => ({ key: agg.encodedKey(Number(key)), value }))]);
      }
      if (waves.length === 1) merged = agg;
      else (merged ??= new Aggregator(shapeOf(stage))).mergeState(agg.exportState());
    }
    return { state: merged!.exportState(), userResults, stats, through: undefined as number | undefined };
  } finally {
    await session?.close();
  }
}

export type ShardResult = Awaited<ReturnType<typeof runShard>>;
