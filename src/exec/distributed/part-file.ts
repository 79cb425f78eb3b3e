/**
 * A partial state on disk (docs/shard-protocol.md): a JSON document whose header
 * says which plan it belongs to (the plan's hash) and which tasks it covers
 * [from, to), and whose body holds the aggregation states in the value encoding of
 * value-codec.ts (lossless for undefined, NaN, ±Infinity, -0, Sets, Dates...).
 *
 * `folded`: the range starts at task 0 and its states were merged into one, in task
 * order. A range that starts later keeps one state per task (merging it would sum
 * floats in another order than the in-process merge); it is folded when it joins
 * the range before it.
 *
 * `slice`: [k, n], the part holds only the groups whose key hashes to slice k of n
 * (key-slices.ts); its states then carry `firstSeen`, each group's place in the
 * unsplit merge order, so `quarry finish` can put the slices back in that order.
 * `console`: the script's console lines of each task, in task order, printed by
 * `quarry finish` (a slice part: in slice 0 only, as its stats).
 */
import { UserError } from '../../errors.js';
import type { ConsoleLevel } from '../../sandbox/index.js';
import type { AggregatorState } from '../operators/aggregate.js';
import { type ExecStats, SUMMED_STATS } from '../context.js';
import type { ShardPlanFile } from './shard-plan.js';
import { decodeValue, encodeValue } from './value-codec.js';

export const PART_FORMAT = 'quarry-shard-part';
/** 2: `slice`, `firstSeen` and `console` (version 1 parts had none of them). */
export const PART_VERSION = 2;

/** Counters summed over the tasks of a part (what `--stats` prints for a run). */
export type PartStats = Pick<ExecStats, (typeof SUMMED_STATS)[number]>;
export const PART_STAT_KEYS = SUMMED_STATS;

/** A task's partial state; a slice's states also say where each group was first seen (key-slices.ts). */
export type PartState = AggregatorState & { firstSeen?: number[] };

/** Console lines of one task's script functions, as the sandbox gave them. */
export interface TaskConsole {
  task: number;
  lines: Array<[level: ConsoleLevel, line: string]>;
}

export interface Part {
  /** The plan's hash. */
  plan: string;
  from: number;
  to: number;
  folded: boolean;
  /** [k, n]: only the groups of key slice k of n; absent: every group. */
  slice?: [k: number, n: number];
  stats: PartStats;
  /** The distributed stage's states: one per task, or one for the range when folded. */
  states: PartState[];
  /** Custom groupByUser reducers' results per function id, in task order. */
  userResults: Array<[number, Array<{ key: string; value: unknown }>]>;
  /** A plan without a distributed stage: its one task's result items. */
  items?: unknown[];
  /** The tasks' console lines, in task order (tasks that printed nothing are left out). */
  console?: TaskConsole[];
}

export function emptyStats(): PartStats {
  return Object.fromEntries(PART_STAT_KEYS.map((k) => [k, 0])) as PartStats;
}

export function encodePart(p: Part): string {
  const header = {
    format: PART_FORMAT,
    version: PART_VERSION,
    plan: p.plan,
    from: p.from,
    to: p.to,
    folded: p.folded,
    ...(p.slice ? { slice: p.slice } : {}),
    stats: p.stats,
  };
  const body = encodeValue({ states: p.states, userResults: p.userResults, items: p.items, console: p.console ?? [] });
  // The header first, readable with `head -c 300`; the body last.
  return `${JSON.stringify(header).slice(0, -1)},"body":${body}}\n`;
}

/** A part file's text -> the part, checked against the plan; `name` is how messages call the file. */
export function decodePart(text: string, plan: ShardPlanFile, name: string): Part {
  let doc: Record<string, unknown>;
  try {
    doc = JSON.parse(text) as Record<string, unknown>;
  } catch {
    throw new UserError(`${name} is not a complete partial-state file (cut short or damaged): run its task again (quarry exec-shard / quarry merge)`);
  }
  if (doc === null || typeof doc !== 'object' || doc.format !== PART_FORMAT) {
    throw new UserError(`${name} is not a quarry partial-state file (no "format": "${PART_FORMAT}"); pass the files quarry exec-shard or quarry merge wrote`);
  }
  if (doc.version !== PART_VERSION)
    throw new UserError(
      `${name} is a partial state of version ${String(doc.version)}; this quarry reads version ${PART_VERSION}: run every step of a job with one quarry version`,
    );
  if (doc.plan !== plan.hash)
    throw new UserError(`${name} was made from another plan (plan hash ${String(doc.plan).slice(0, 12)}…, this plan's is ${plan.hash.slice(0, 12)}…)`);
  const { from, to } = doc;
  if (!Number.isInteger(from) || !Number.isInteger(to) || (from as number) < 0 || (to as number) <= (from as number) || (to as number) > plan.tasks.length) {
    throw new UserError(`${name}: its task range ${String(from)}..${String(to)} is not a range of this plan's ${plan.tasks.length} tasks`);
  }
  const { slice } = doc;
  if (slice !== undefined && !isSlice(slice)) throw new UserError(`${name}: its key slice ${JSON.stringify(slice)} is not [k, n] with 0 <= k < n`);
  let body: { states?: PartState[]; userResults?: Part['userResults']; items?: unknown[]; console?: TaskConsole[] };
  try {
    body = decodeValue(doc.body) as typeof body;
  } catch (e) {
    throw new UserError(`${name}: its body cannot be read (${(e as Error).message}); run its task again`);
  }
  return {
    plan: plan.hash,
    from: from as number,
    to: to as number,
    folded: doc.folded === true,
    ...(slice !== undefined ? { slice: slice as [number, number] } : {}),
    stats: { ...emptyStats(), ...(doc.stats as PartStats) },
    states: body.states ?? [],
    userResults: body.userResults ?? [],
    items: body.items,
    console: body.console ?? [],
  };
}

function isSlice(v: unknown): boolean {
  return Array.isArray(v) && v.length === 2 && v.every((x) => Number.isInteger(x)) && v[0] >= 0 && v[0] < v[1];
}

/** Tasks a part covers, for messages: "task 3" or "tasks 0-7" (", key slice 1/4" for a slice). */
export function rangeName(p: { from: number; to: number; slice?: [number, number] }): string {
  const tasks = p.to - p.from === 1 ? `task ${p.from}` : `tasks ${p.from}-${p.to - 1}`;
  return p.slice ? `${tasks}, key slice ${p.slice[0]}/${p.slice[1]}` : tasks;
}
