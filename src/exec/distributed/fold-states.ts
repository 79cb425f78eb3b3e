/**
 * The aggregation whose partial states a plan's tasks return, and the in-process
 * merge of such states (parallel/run-shards.ts merges worker threads' states the same
 * way): shared by merges, key slices and finish.
 */
import { UserError } from '../../errors.js';
import type { AggregateNode } from '../../plan/index.js';
import { shapeOf } from '../operators/accumulate.js';
import { Aggregator, type AggregatorState } from '../operators/aggregate.js';
import type { ShardPlanFile } from './shard-plan.js';

/** The distributed stage's aggregation node. */
export function distributedNode(plan: ShardPlanFile): AggregateNode {
  return aggregateAt(plan, plan.stage?.index);
}

/** The aggregation whose states the tasks return: the distributed one, or the one they ran through. */
export function stateNode(plan: ShardPlanFile): AggregateNode {
  return aggregateAt(plan, plan.stage?.through ?? plan.stage?.index);
}

function aggregateAt(plan: ShardPlanFile, index: number | undefined): AggregateNode {
  const node = index === undefined ? undefined : plan.physical.stages[index];
  if (node?.op !== 'aggregate') throw new UserError('this plan has no distributed aggregation; make the plan again with quarry plan');
  return node;
}

/**
 * Merge states in order into one aggregation (the in-process merge). Reducers' merges
 * update and adopt accumulators, so they work on copies: the caller's parts stay as
 * they were (a library caller may merge them again in another grouping).
 */
export function foldStates(node: AggregateNode, states: AggregatorState[]): Aggregator {
  const agg = new Aggregator(shapeOf(node));
  for (const s of states) agg.mergeState(structuredClone(s));
  return agg;
}
