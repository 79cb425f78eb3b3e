/**
 * Parallel aggregation: split the scan over worker threads (shard-plan.ts), run the
 * same aggregation in each (shard-worker.ts), merge the partial states here in shard
 * order. Each worker has its own sandbox when the script has user functions.
 */
import os from 'node:os';
import { Worker } from 'node:worker_threads';
import { LimitError, ScriptError, StoreError, UserError } from '../../errors.js';
import type { Plan } from '../../plan/index.js';
import { devLoaderExecArgv } from '../../sandbox/index.js';
import { Aggregator } from '../operators/aggregate.js';
import { type ExecuteOptions, shapeOf } from '../execute.js';
import { planShards } from './shard-plan.js';
import type { ShardTask } from './shard-worker.js';

export function defaultThreads(): number {
  return typeof os.availableParallelism === 'function' ? os.availableParallelism() : os.cpus().length;
}

export interface ParallelOptions {
  threads: number;
  plan: Plan;
  script: ShardTask['script'];
  translate: boolean;
  batchRows: number;
  preload: string[];
  minRows?: number;
  onConsole?: (line: string, level: 'log' | 'info' | 'debug' | 'warn' | 'error') => void;
}

function rebuild(e: { name?: string; message: string; exitCode?: number; kind?: string; limit?: string; location?: unknown }): Error {
  switch (e.name) {
    case 'ScriptError':
      return new ScriptError(e.kind ?? 'Error', e.message, { location: e.location as never });
    case 'LimitError':
      return new LimitError((e.limit ?? 'timeout') as never, e.message);
    case 'StoreError':
      return new StoreError(e.message);
    case 'UserError':
    case 'SelectorError':
    case 'UsageError':
      return new UserError(e.message, { exitCode: e.exitCode });
    default:
      return new Error(e.message);
  }
}

export function makeParallel(o: ParallelOptions): ExecuteOptions['parallel'] {
  return async ({ ctx, source, filters, stage, chain }) => {
    const hasGuestReducer = stage.reducers.some((r) => r.kind === 'fn');
    const fnIds = new Aggregator(shapeOf(stage, chain, source.kind)).fnIds();
    const needsSandbox = hasGuestReducer || [...filters, ...fnIds].some((id) => chain.native(id) === null);
    const sp = planShards(ctx, source, stage, o.threads, hasGuestReducer, needsSandbox, o.minRows);
    if (sp === null) return null;
    const shards = sp.mode === 'days' ? sp.shards.map((days) => ({ days })) : Array.from({ length: sp.n }, (_, k) => ({ users: [k, sp.n] as [number, number] }));
    const fromSource = import.meta.url.endsWith('.ts');
    const entry = new URL(fromSource ? './shard-worker.ts' : './shard-worker.js', import.meta.url);
    const workers: Worker[] = [];
    const results = await Promise.all(
      shards.map((shard) => {
        const task: ShardTask = {
          storeDir: ctx.store.dir, manifest: ctx.store.manifest, plan: o.plan, filters, stageIndex: o.plan.stages.indexOf(stage),
          script: o.script, translate: o.translate, batchRows: o.batchRows, shard, preload: o.preload,
        };
        const w = new Worker(entry, { workerData: task, execArgv: fromSource ? devLoaderExecArgv() : [], stdout: false, stderr: false });
        workers.push(w);
        return new Promise<{ state: ReturnType<Aggregator['exportState']>; userResults: Array<[number, Array<{ key: string; value: unknown }>]>; stats: typeof ctx.stats }>((resolve, reject) => {
          w.on('message', (m) => {
            if (m.op === 'console') o.onConsole?.(m.line, m.level);
            else if (m.ok) resolve(m);
            else reject(rebuild(m.error));
          });
          w.once('error', reject);
          w.once('exit', (code) => reject(new Error(`a query worker stopped unexpectedly (exit code ${code})`)));
        });
      }),
    ).finally(() => {
      for (const w of workers) void w.terminate();
    });
    const agg = new Aggregator(shapeOf(stage, chain, source.kind));
    const userResults = new Map<number, Array<{ key: string; value: unknown }>>();
    for (const r of results) {
      agg.mergeState(r.state);
      for (const [id, list] of r.userResults) userResults.set(id, [...(userResults.get(id) ?? []), ...list]);
      for (const k of ['partitionsScanned', 'partitionsPruned', 'rowsScanned', 'rowsSelected', 'sandboxCalls', 'sandboxRows', 'nativeFnRows', 'bytesMarshalled'] as const) ctx.stats[k] += r.stats[k];
    }
    ctx.stats.threads = shards.length;
    return { agg, userResults };
  };
}
