/**
 * `quarry merge`: partial states of a contiguous range of tasks -> one partial state,
 * in task order. The result equals the in-process merge (parallel/run-shards.ts:
 * states merged one after another, in shard order): a range that starts at task 0 is
 * folded into one state that way; a later range keeps its tasks' states in order
 * until it joins the range before it (see part-file.ts), so a tree of merges gives
 * the same bits as one merge of everything.
 */
import { UserError } from '../../errors.js';
import { foldStates, stateNode } from './fold-states.js';
import { checkSlice, combineSlices, foldSlice, splitPart } from './key-slices.js';
import { emptyStats, type Part, PART_STAT_KEYS, rangeName } from './part-file.js';
import type { ShardPlanFile } from './shard-plan.js';

/**
 * Parts in any order of arguments; they must cover a contiguous range of tasks, each
 * task once. `slice` [k, n]: merge only key slice k of n (key-slices.ts): whole parts
 * are cut to it, slices must be that one. Without it the parts must all be whole, or
 * all the same slice.
 */
export function mergeParts(plan: ShardPlanFile, parts: Part[], names: string[] = parts.map((p) => rangeName(p)), o: { slice?: [number, number] } = {}): Part {
  if (parts.length === 0) throw new UserError('nothing to merge: pass one or more partial-state files');
  const slice = o.slice ?? parts.find((p) => p.slice)?.slice;
  if (slice) checkSlice(plan, slice);
  const order = parts
    .map((p, i) => {
      const name = names[i]!;
      if (!slice || sameSlice(p.slice, slice)) return { p, name };
      if (p.slice) throw new UserError(`${name} is key slice ${p.slice[0]}/${p.slice[1]}, not ${slice[0]}/${slice[1]}: merge one slice at a time`);
      return { p: splitPart(plan, p, slice[1], name)[slice[0]]!, name };
    })
    .sort((a, b) => a.p.from - b.p.from);
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
  const lines = sorted.flatMap((p) => p.console ?? []);
  if (plan.stage === null) return { ...sorted[0]!, stats, console: lines };
  const userResults = new Map<number, Array<{ key: string; value: unknown }>>();
  for (const p of sorted) for (const [id, list] of p.userResults) userResults.set(id, [...(userResults.get(id) ?? []), ...list]);
  let states = sorted.flatMap((p) => p.states);
  const folded = from === 0;
  if (folded && states.length > 1) states = [slice ? foldSlice(plan, states) : foldStates(stateNode(plan), states).exportState()];
  return { plan: plan.hash, from, to, folded, ...(slice ? { slice } : {}), stats, states, userResults: [...userResults], console: lines };
}

function sameSlice(a: [number, number] | undefined, b: [number, number]): boolean {
  return a !== undefined && a[0] === b[0] && a[1] === b[1];
}

/**
 * What `quarry finish` is given -> the one merged part it needs: whole parts merged
 * (mergeParts), or every key slice's parts merged and the slices combined
 * (combineSlices).
 */
export function assembleParts(plan: ShardPlanFile, parts: Part[], names: string[] = parts.map((p) => rangeName(p))): Part {
  const sliced = parts.filter((p) => p.slice);
  if (sliced.length === 0) return parts.length === 1 ? parts[0]! : mergeParts(plan, parts, names);
  if (sliced.length !== parts.length) {
    const whole = parts.findIndex((p) => !p.slice);
    throw new UserError(`${names[whole]} is a whole part and ${names[parts.indexOf(sliced[0]!)]} a key slice: finish takes one or the other`);
  }
  const n = sliced[0]!.slice![1];
  const groups = new Map<number, { parts: Part[]; names: string[] }>();
  parts.forEach((p, i) => {
    if (p.slice![1] !== n)
      throw new UserError(`${names[i]} is key slice ${p.slice![0]}/${p.slice![1]}, the others are slices of ${n}: pass the slices of one split`);
    const g = groups.get(p.slice![0]) ?? { parts: [], names: [] };
    g.parts.push(p);
    g.names.push(names[i]!);
    groups.set(p.slice![0], g);
  });
  const merged = [...groups.values()].map((g) => (g.parts.length === 1 ? g.parts[0]! : mergeParts(plan, g.parts, g.names)));
  const mergedNames = [...groups.values()].map((g) => g.names.join(' '));
  return combineSlices(plan, merged, mergedNames);
}
