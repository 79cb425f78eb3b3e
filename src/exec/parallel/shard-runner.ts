/**
 * The type of what runs an aggregation the plan split: worker threads
 * (run-shards.ts) or, in `quarry finish`, the merged partial states of a distributed
 * job (distributed/finish.ts). Its own file so the operators can name it without
 * importing the shard code that runs them (parallel/run-shard.ts).
 */
import type { AggregateNode, PhysicalPlan } from '../../plan/index.js';
import type { ExecContext } from '../context.js';
import type { Aggregator } from '../operators/aggregate.js';

/** Run an aggregation node over the shards its plan chose; the merged state. */
export type RunShards = (job: { ctx: ExecContext; plan: PhysicalPlan; node: AggregateNode }) => Promise<{
  agg: Aggregator;
  userResults: Map<number, Array<{ key: string; value: unknown }>>;
  /** The shards ran the stages through this index; `agg` is that aggregation's merged state (rules/shard-stages.ts). */
  through?: number;
}>;
