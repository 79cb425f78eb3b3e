/**
 * A distributed run with key slices in one process, through the library API and the
 * part files: plan (keySlices n) -> every task in a shuffled order, one of them twice
 * (runTasks, shared with runDistributed), each part split into n slices ->
 * per slice, merges in three groupings (all at once from whole parts cut by
 * mergeParts' `slice`, a pairwise tree, left to right) -> finish with the slices in a
 * shuffled order. Returns each grouping's result and the console lines finish printed.
 */
import { encodeValue } from '../../../../src/exec/distributed/value-codec.js';
import { finish, runTasks, shuffled, tree, viaText } from '../../../helpers/shard-protocol.js';
import {
  assembleParts,
  encodePart,
  type MakePlanOptions,
  mergeParts,
  type Part,
  type ShardPlanFile,
  splitPart,
} from '../../../../src/exec/distributed/index.js';

export interface SlicedRun {
  plan: ShardPlanFile;
  /** The plan's key slices (1 when its state cannot be sliced). */
  slices: number;
  results: Record<'all' | 'tree' | 'leftToRight', string>;
  /** Console lines finish printed (the tasks' lines, in task order), per grouping. */
  console: string[];
}

export async function runSliced(o: MakePlanOptions & { keySlices: number }, seed = 1): Promise<SlicedRun> {
  // A late duplicate of the first task to finish (`again`): the same bytes, whole and sliced.
  const { plan, parts, order, again } = await runTasks(o, seed);
  const n = plan.keySlices ?? 1;
  const console: string[] = [];
  if (n === 1) {
    const r = await finish(plan, [tree(plan, parts)], console);
    return { plan, slices: 1, results: { all: r, tree: r, leftToRight: r }, console };
  }
  const sliced = parts.map((p) => splitPart(plan, p, n).map((s) => viaText(plan, s)));
  const dup = splitPart(plan, again, n).map(encodePart);
  if (dup.some((text, k) => text !== encodePart(sliced[order[0]!]![k]!))) throw new Error('a duplicate task gave other slices');
  const slicesOf = (k: number) => sliced.map((s) => s[k]!);
  const ks = shuffled([...Array(n).keys()], seed + 1);
  const all = ks.map((k) => viaText(plan, mergeParts(plan, [...parts].reverse(), undefined, { slice: [k, n] })));
  const trees = ks.map((k) => tree(plan, slicesOf(k)));
  const lefts = ks.map((k) => {
    let acc = slicesOf(k)[0]!;
    for (const p of slicesOf(k).slice(1)) acc = viaText(plan, mergeParts(plan, [acc, p]));
    return acc;
  });
  // Combined, the slices are the unsplit merge's state itself: same groups in the same
  // (first-seen) order, same accumulators; the same per-user results (finish files
  // them by key: their order is not kept).
  const unsplit = mergeParts(plan, parts);
  const combined = assembleParts(plan, trees);
  const byKey = (p: Part) => p.userResults.map(([id, list]) => [id, [...list].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0))]);
  const bodyOf = (p: Part) => encodeValue({ states: p.states, userResults: byKey(p) });
  if (bodyOf(combined) !== bodyOf(unsplit))
    throw new Error(`the combined slices differ from the unsplit merge:\n${bodyOf(combined).slice(0, 400)}\n${bodyOf(unsplit).slice(0, 400)}`);
  const results = { all: await finish(plan, all, console), tree: await finish(plan, trees, []), leftToRight: await finish(plan, lefts, []) };
  return { plan, slices: n, results, console };
}
