/**
 * Key slices (docs/shard-protocol.md, "Key slices"): the partial state of a groupBy
 * with many keys split by a hash of each group's key into n slices, so n chains of
 * merge tasks each merge 1/n of the keys, in parallel, instead of every merge (and
 * the coordinator) handling every key.
 *
 * Same bytes as the unsplit path: a group's states are merged in task order within
 * its slice, exactly as they would be without slices (reducers merge key by key), and
 * each group carries `firstSeen`, its place in the order an unsplit merge meets the
 * groups (task, then position in that task's state), so combineSlices puts the groups
 * back in that order before `quarry finish` runs the rest: sorting, custom reducers'
 * final combine and everything after see what they see without slices.
 */
import { UserError } from '../../errors.js';
import { encodeKey } from '../accessors/index.js';
import { emptyStats, type Part, PART_STAT_KEYS, type PartState, rangeName } from './part-file.js';
import { foldStates, stateNode } from './fold-states.js';
import type { ShardPlanFile } from './shard-plan.js';

/** Most slices a part can be split into. */
export const MAX_KEY_SLICES = 256;

/** firstSeen = task * RANK_TASK + position in the task's state (both exact in a double: tasks <= 10,000). */
const RANK_TASK = 2 ** 32;

/**
 * The slice of a group: FNV-1a (32 bits) over the UTF-16 code units of the key's
 * encoded form (encodeKey: its JSON text), modulo n. Defined by the language, not by
 * Node's version or the platform, so every task and merge anywhere agrees.
 */
export function keySliceOf(encodedKey: string, n: number): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < encodedKey.length; i++) h = Math.imul(h ^ encodedKey.charCodeAt(i), 0x01000193);
  return (h >>> 0) % n;
}

/** Why this plan's partial states cannot be split by key, or null when they can. */
export function whyNotSliceable(plan: ShardPlanFile): string | null {
  if (plan.stage === null) return 'this plan has no distributed aggregation (one task runs the whole query)';
  if (stateNode(plan).kind === 'reduce') return 'its distributed stage is a reduce (one group, nothing to split by key)';
  return null;
}

export function checkSlice(plan: ShardPlanFile, slice: [number, number]): void {
  const why = whyNotSliceable(plan);
  if (why !== null && slice[1] > 1) throw new UserError(`cannot split this plan's partial states by key: ${why}; use 1 slice`);
  const [k, n] = slice;
  if (!Number.isInteger(n) || n < 1 || n > MAX_KEY_SLICES)
    throw new UserError(`the number of key slices must be a whole number from 1 to ${MAX_KEY_SLICES}, got ${n}`);
  if (!Number.isInteger(k) || k < 0 || k >= n) throw new UserError(`key slice ${k} is not one of 0 to ${n - 1}`);
}

/**
 * A whole part -> its n key slices (index k: slice k). Slice 0 also carries the
 * part's stats and console lines, so they count once however the slices travel.
 * A part whose tasks were already folded into one state (a merge starting at task 0)
 * no longer knows where its groups were first seen: slice the task parts instead.
 */
export function splitPart(plan: ShardPlanFile, part: Part, n: number, name = rangeName(part)): Part[] {
  checkSlice(plan, [0, n]);
  if (part.slice) throw new UserError(`${name} is already key slice ${part.slice[0]}/${part.slice[1]}; slice whole parts only`);
  if (part.folded && part.to - part.from > 1)
    throw new UserError(
      `${name} holds ${rangeName(part)} merged into one state: slice the task parts (or merges of ranges after task 0), not a merge from task 0`,
    );
  const slices: Part[] = Array.from({ length: n }, (_, k) => ({
    plan: part.plan,
    from: part.from,
    to: part.to,
    folded: part.folded,
    slice: [k, n],
    stats: k === 0 ? { ...part.stats } : emptyStats(),
    states: [],
    userResults: [],
    ...(k === 0 && part.console?.length ? { console: part.console } : {}),
  }));
  part.states.forEach((state, j) => {
    const task = part.from + j;
    const picks: number[][] = Array.from({ length: n }, () => []);
    state.keys.forEach((key, i) => picks[keySliceOf(encodeKey(key), n)]!.push(i));
    picks.forEach((idx, k) => {
      const ranks = state.firstSeen;
      slices[k]!.states.push({
        keys: idx.map((i) => state.keys[i]!),
        states: state.states.map((r) => (r.partials !== undefined ? { partials: idx.map((i) => r.partials![i]!) } : { accs: idx.map((i) => r.accs![i]) })),
        firstSeen: idx.map((i) => (ranks ? ranks[i]! : task * RANK_TASK + i)),
      });
    });
  });
  for (const [fnId, list] of part.userResults) {
    const by: Array<typeof list> = Array.from({ length: n }, () => []);
    for (const r of list) by[keySliceOf(r.key, n)]!.push(r);
    by.forEach((l, k) => slices[k]!.userResults.push([fnId, l]));
  }
  return slices;
}

/**
 * States of one slice, in task order, merged into one (the in-process merge), with
 * each group's firstSeen: that of its first appearance, as the merge meets the groups.
 */
export function foldSlice(plan: ShardPlanFile, states: PartState[]): PartState {
  const folded = foldStates(stateNode(plan), states).exportState();
  const firstSeen: number[] = [];
  const seen = new Set<string>();
  for (const s of states) {
    s.keys.forEach((key, i) => {
      const e = encodeKey(key);
      if (seen.has(e)) return;
      seen.add(e);
      firstSeen.push(s.firstSeen![i]!);
    });
  }
  if (firstSeen.length !== folded.keys.length) throw new Error('internal: a folded key slice lost track of its groups');
  return { ...folded, firstSeen };
}

/**
 * The n merged slices of a job (each covering every task) -> the one whole part an
 * unsplit merge would have made: groups in firstSeen order, the slices' user results,
 * stats and console lines together.
 */
export function combineSlices(plan: ShardPlanFile, parts: Part[], names: string[] = parts.map((p) => rangeName(p))): Part {
  const n = parts[0]?.slice?.[1];
  if (n === undefined) throw new UserError('combineSlices takes key slices (quarry merge --slice k/n)');
  const bySlice: Array<Part | undefined> = new Array(n);
  parts.forEach((p, i) => {
    if (p.slice?.[1] !== n)
      throw new UserError(`${names[i]} is not one of ${n} key slices (it is ${p.slice ? `${p.slice[0]}/${p.slice[1]}` : 'a whole part'})`);
    if (bySlice[p.slice[0]]) throw new UserError(`${names[i]}: key slice ${p.slice[0]}/${n} was given twice`);
    if (p.from !== 0 || p.to !== plan.tasks.length || p.states.length !== 1)
      throw new UserError(`${names[i]} (${rangeName(p)}) does not hold all ${plan.tasks.length} tasks merged: merge the rest of its slice in first`);
    bySlice[p.slice[0]] = p;
  });
  const missing = [...bySlice.keys()].filter((k) => bySlice[k] === undefined);
  if (missing.length) throw new UserError(`key slice${missing.length > 1 ? 's' : ''} ${missing.map((k) => `${k}/${n}`).join(', ')} missing: pass every slice`);
  const slices = bySlice as Part[];
  const order: Array<{ rank: number; s: number; i: number }> = [];
  slices.forEach((p, s) => p.states[0]!.firstSeen!.forEach((rank, i) => order.push({ rank, s, i })));
  order.sort((a, b) => a.rank - b.rank);
  const width = slices[0]!.states[0]!.states.length;
  const state: PartState = {
    keys: order.map((o) => slices[o.s]!.states[0]!.keys[o.i]!),
    states: Array.from({ length: width }, (_, r) => {
      const at = (o: { s: number; i: number }) => slices[o.s]!.states[0]!.states[r]!;
      return at({ s: 0, i: 0 }).partials !== undefined ? { partials: order.map((o) => at(o).partials![o.i]!) } : { accs: order.map((o) => at(o).accs![o.i]) };
    }),
  };
  const stats = emptyStats();
  for (const p of slices) for (const k of PART_STAT_KEYS) stats[k] += p.stats[k];
  const userResults = new Map<number, Array<{ key: string; value: unknown }>>();
  for (const p of slices) for (const [id, list] of p.userResults) userResults.set(id, [...(userResults.get(id) ?? []), ...list]);
  const lines = slices.flatMap((p) => p.console ?? []).sort((a, b) => a.task - b.task);
  return { plan: plan.hash, from: 0, to: plan.tasks.length, folded: true, stats, states: [state], userResults: [...userResults], console: lines };
}
