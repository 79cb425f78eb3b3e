/**
 * `quarry merge`: partial states of a contiguous range of tasks -> one partial state,
 * in task order. The result equals the in-process merge (parallel/run-shards.ts:
 * states merged one after another, in shard order): a range that starts at task 0 is
 * folded into one state that way; a later range keeps its tasks' states in order
 * until it joins the range before it (see part-file.ts), so a tree of merges gives
 * the same bits as one merge of everything.
 */
import { UserError } from '../../errors.js';
import type { AggregateNode } from '../../plan/index.js';
import { shapeOf } from '../operators/accumulate.js';
import { Aggregator, type AggregatorState } from '../operators/aggregate.js';
import { emptyStats, type Part, PART_STAT_KEYS, rangeName } from './part-file.js';
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

/** Parts in any order of arguments; they must cover a contiguous range of tasks, each task once. */
export function mergeParts(plan: ShardPlanFile, parts: Part[], names: string[] = parts.map((p) => rangeName(p))): Part {
  if (parts.length === 0) throw new UserError('nothing to merge: pass one or more partial-state files');
  const order = parts.map((p, i) => ({ p, name: names[i]! })).sort((a, b) => a.p.from - b.p.from);
  for (let i = 1; i < order.length; i++) {
    const prev = order[i - 1]!;
    const cur = order[i]!;
    if (cur.p.from < prev.p.to) throw new UserError(`${cur.name} (${rangeName(cur.p)}) overlaps ${prev.name} (${rangeName(prev.p)}): pass each task once`);
    if (cur.p.from > prev.p.to) {
      const gap = { from: prev.p.to, to: cur.p.from };
      throw new UserError(`the parts leave out ${rangeName(gap)} (between ${prev.name} and ${cur.name}): merge contiguous ranges only`);
    }
  }
  const sorted = order.map((o) => o.p);
  const from = sorted[0]!.from;
  const to = sorted[sorted.length - 1]!.to;
  const stats = emptyStats();
  for (const p of sorted) for (const k of PART_STAT_KEYS) stats[k] += p.stats[k];
  if (plan.stage === null) return { ...sorted[0]!, stats };
  const userResults = new Map<number, Array<{ key: string; value: unknown }>>();
  for (const p of sorted) for (const [id, list] of p.userResults) userResults.set(id, [...(userResults.get(id) ?? []), ...list]);
  let states = sorted.flatMap((p) => p.states);
  const folded = from === 0;
  if (folded && states.length > 1) states = [foldStates(stateNode(plan), states).exportState()];
  return { plan: plan.hash, from, to, folded, stats, states, userResults: [...userResults] };
}
