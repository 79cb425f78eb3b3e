/**
 * What operators share while one query runs: the store snapshot, the selector
 * environment (timezone, NOW fixed once per query), the sandbox when the plan has
 * user functions, and the counters `--stats` prints.
 */
import type { SelectorEnv } from '../selector/index.js';
import type { Store } from '../store/index.js';
import { cohortMembers } from './cohorts.js';

export interface ExecStats {
  partitionsScanned: number;
  partitionsPruned: number;
  rowsScanned: number;
  rowsSelected: number;
  sandboxCalls: number;
  sandboxRows: number;
  /** Rows evaluated by translated callbacks, natively. */
  nativeFnRows: number;
  bytesMarshalled: number;
  stageMs: Record<string, number>;
  /** Worker threads the aggregation used (1: this thread only). */
  threads: number;
  /** A custom groupByUser run in this thread in waves of users (parallel/user-waves.ts): how many. */
  waves?: number;
  /** In a user shard of a bucketed store: the buckets it read. */
  buckets?: number[];
  /** Per shard of a parallel aggregation, in shard order: what it read. */
  shards?: Array<{
    days?: number;
    users?: [number, number];
    userRange?: [number, number];
    waves?: number;
    buckets?: number[];
    partitionsScanned: number;
    rowsScanned: number;
  }>;
  /** A store on S3: files and bytes fetched by this process (lateFiles: not prefetched, fetched when first read). */
  fetched?: { files: number; bytes: number; requests: number; lateFiles: number };
}

/** The counters that add up over shards (threads, tasks, parts): one list for every place that sums them. */
export const SUMMED_STATS = [
  'partitionsScanned',
  'partitionsPruned',
  'rowsScanned',
  'rowsSelected',
  'sandboxCalls',
  'sandboxRows',
  'nativeFnRows',
  'bytesMarshalled',
] as const;

export function newStats(): ExecStats {
  return {
    partitionsScanned: 0,
    partitionsPruned: 0,
    rowsScanned: 0,
    rowsSelected: 0,
    sandboxCalls: 0,
    sandboxRows: 0,
    nativeFnRows: 0,
    bytesMarshalled: 0,
    stageMs: {},
    threads: 1,
  };
}

export interface ExecContext {
  store: Store;
  env: SelectorEnv;
  stats: ExecStats;
  /** The user's script, for error locations. */
  script?: { filename: string; source?: string };
  /**
   * This process scans only part of the data (a worker of a parallel query): some
   * days, the users whose number is k modulo n, or (`userRange`) the users numbered lo
   * to hi - 1, which are one run of rows in each unbucketed day (-1, no user, at lo = -1).
   */
  shard?: { days?: string[]; users?: [k: number, n: number]; userRange?: [lo: number, hi: number] };
  /** Members of the named cohorts, by user number (1 = member); throws on unknown names. */
  cohortMembers(names: string[]): Uint8Array;
  /** Aborted when the user cancels the query; scans stop at the next partition. */
  signal?: AbortSignal;
}

/**
 * The one way to make a context: the main thread and every shard worker build theirs
 * here, so NOW, the timezone and cohort membership are the same in all of them.
 */
export function createContext(o: {
  store: Store;
  /** The query's NOW (epoch ms): --now, or when the query started. */
  nowMs: number;
  script?: ExecContext['script'];
  shard?: ExecContext['shard'];
  stats?: ExecStats;
}): ExecContext {
  return {
    store: o.store,
    env: { timezone: o.store.timezone, nowSeconds: Math.floor(o.nowMs / 1000) },
    stats: o.stats ?? newStats(),
    script: o.script,
    shard: o.shard,
    cohortMembers: (names) => cohortMembers(o.store, names, o.nowMs),
  };
}
