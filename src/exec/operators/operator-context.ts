/**
 * What every operator of one run shares: the exec context, the plan being run (its
 * user functions), the sandbox bridge and the chain that calls user functions, the
 * chunk size, and the shard runner when the plan split an aggregation over threads.
 * Operators stream `Rows`: chunks of derived JSON items.
 */
import type { PhysicalPlan } from '../../plan/index.js';
import type { Chain } from '../chain.js';
import type { ExecContext } from '../context.js';
import type { RunShards } from '../parallel/shard-runner.js';
import type { WaveOptions } from '../parallel/user-waves.js';
import type { Guest } from '../sandbox-bridge/guest.js';

export type Rows = AsyncIterable<unknown[]>;

export interface OperatorContext {
  ctx: ExecContext;
  plan: PhysicalPlan;
  guest: Guest | null;
  chain: Chain;
  batchRows: number;
  /** Runs an aggregation the plan split over worker threads (node.shards). */
  parallel?: RunShards;
  /** When a custom groupByUser runs in waves of users (parallel/user-waves.ts). */
  waves?: WaveOptions;
}

export async function* once(rows: unknown[]): Rows {
  yield rows;
}

export async function collect(rows: Rows): Promise<unknown[]> {
  const all: unknown[] = [];
  for await (const c of rows) for (const v of c) all.push(v);
  return all;
}
