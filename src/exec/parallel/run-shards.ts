/**
 * Parallel aggregation: run the aggregation node over each of the shards the plan
 * chose (plan/physical/rules/shard.ts) in a worker thread (shard-worker.ts), merge
 * the partial states here in shard order. Each worker receives the physical plan and
 * has its own sandbox when the script has user functions.
 */
import os from 'node:os';
import { Worker } from 'node:worker_threads';
import { deserializeError } from '../../wire-errors.js';
import { bundledShardWorker } from '../../bundle-info.js';
import { devLoaderExecArgv } from '../../dev-loader.js';
import { Aggregator } from '../operators/aggregate.js';
import type { AggregateNode } from '../../plan/index.js';
import { shapeOf } from '../operators/accumulate.js';
import { SUMMED_STATS } from '../context.js';
import type { ShardTask } from './run-shard.js';
import type { RunShards } from './shard-runner.js';
import { userRanges } from './user-ranges.js';
import { capWaveUsers, groupWaves, scanRows, type WaveOptions, wavesPerShard } from './user-waves.js';

export type { RunShards };

export function defaultThreads(): number {
  return typeof os.availableParallelism === 'function' ? os.availableParallelism() : os.cpus().length;
}

export interface ParallelOptions {
  script: ShardTask['script'];
  batchRows: number;
  onConsole?: (line: string, level: 'log' | 'info' | 'debug' | 'warn' | 'error') => void;
  /** When user-range shards run in waves, and how large (user-waves.ts; defaults there). */
  waves?: WaveOptions;
}

export function makeParallel(o: ParallelOptions): RunShards {
  return async ({ ctx, plan, node }) => {
    const sp = node.shards;
    if (sp === null) throw new Error('internal: the plan did not split this aggregation');
    // User shards of an unbucketed store are ranges of user numbers (user-ranges.ts); those
    // of a bucketed store stay residues, which its buckets already separate. A custom
    // groupByUser reducer, which holds its users' rows to merge them, runs each range in
    // waves of sub-ranges past the memory budget (user-waves.ts).
    const merges = sp.mode === 'users' && node.kind === 'groupByUser' && node.reducers.some((r) => r.kind === 'fn') && ctx.store.buckets === 1;
    const waves = merges ? wavesPerShard(scanRows(ctx.store, plan.scan), sp.n, o.waves) : 1;
    const shards: ShardTask['shard'][] =
      sp.mode === 'days'
        ? sp.shards.map((days) => ({ days }))
        : ctx.store.buckets === 1
          ? groupWaves(userRanges(ctx.store, sp.n * waves), sp.n).map((s) =>
              s.waves ? { ...s, waves: capWaveUsers(s.waves, ctx.store.manifest.users.count, o.waves?.users) } : s,
            )
          : Array.from({ length: sp.n }, (_, k) => ({ users: [k, sp.n] as [number, number] }));
    // From the CLI bundle, each worker runs its own code-cached bundle (bin/load-bundle.cjs).
    const bundled = bundledShardWorker();
    const fromSource = bundled === undefined && import.meta.url.endsWith('.ts');
    const entry = bundled ?? new URL(fromSource ? './shard-worker.ts' : './shard-worker.js', import.meta.url);
    const workers: Worker[] = [];
    const results = await Promise.all(
      shards.map((shard) => {
        const task: ShardTask = {
          storeDir: ctx.store.dir,
          manifest: ctx.store.manifest,
          plan,
          stageIndex: plan.stages.indexOf(node),
          script: o.script,
          batchRows: o.batchRows,
          shard,
        };
        const w = new Worker(entry, { workerData: task, execArgv: fromSource ? devLoaderExecArgv() : [], stdout: false, stderr: false });
        workers.push(w);
        return new Promise<{
          state: ReturnType<Aggregator['exportState']>;
          userResults: Array<[number, Array<{ key: string; value: unknown }>]>;
          stats: typeof ctx.stats;
          through?: number;
        }>((resolve, reject) => {
          w.on('message', (m) => {
            if (m.op === 'console') o.onConsole?.(m.line, m.level);
            else if (m.ok) resolve(m);
            else reject(deserializeError(m.error, 'query worker'));
          });
          w.once('error', reject);
          w.once('exit', (code) => reject(new Error(`a query worker stopped unexpectedly (exit code ${code})`)));
        });
      }),
    ).finally(() => {
      for (const w of workers) void w.terminate();
    });
    const through = sp.mode === 'users' ? sp.through : undefined;
    const agg = new Aggregator(shapeOf(through === undefined ? node : (plan.stages[through] as AggregateNode)));
    const userResults = new Map<number, Array<{ key: string; value: unknown }>>();
    for (const r of results) {
      agg.mergeState(r.state);
      for (const [id, list] of r.userResults) userResults.set(id, [...(userResults.get(id) ?? []), ...list]);
      for (const k of SUMMED_STATS) ctx.stats[k] += r.stats[k];
    }
    ctx.stats.threads = shards.length;
    // Per shard, so `--stats` shows that a user shard of a bucketed store read only its buckets.
    ctx.stats.shards = results.map((r, i) => ({
      ...(shards[i]!.days ? { days: shards[i]!.days.length } : shards[i]!.userRange ? { userRange: shards[i]!.userRange } : { users: shards[i]!.users! }),
      ...(shards[i]!.waves ? { waves: shards[i]!.waves.length } : {}),
      ...(r.stats.buckets ? { buckets: r.stats.buckets } : {}),
      partitionsScanned: r.stats.partitionsScanned,
      rowsScanned: r.stats.rowsScanned,
    }));
    return { agg, userResults, through };
  };
}
