/**
 * Waves of user ranges: a custom groupByUser reducer's shard holds every scanned row of
 * its users while it merges them by user (batches/merge-users.ts), one group per user,
 * and the sandbox's state and result per user. That grows with the scan: at 50M events
 * two shards peaked at 1.6 GB. Past a memory budget each shard therefore runs its range
 * of users as consecutive sub-ranges (waves), each read, merged, reduced and finished
 * before the next, so only one wave's rows, groups and results are held at a time. A
 * wave reads only its run of rows of each day (store/event-user-range.ts): the files
 * are read again per wave (~0.1 s CPU per wave at 50M events) but only the wave's rows
 * are kept. Below the budget there is one wave, the path as it was (decision 0032).
 */
import type { ScanNode } from '../../plan/index.js';
import type { Store } from '../../store/index.js';

/**
 * Peak bytes per scanned row of such a query, whole process, two shards, one wave: peak
 * RSS grew by ~27 bytes a row from 5M to 20M and from 20M to 50M events (q5,
 * docs/benchmarks.md).
 */
export const WAVE_BYTES_PER_ROW = 27;

/**
 * Waves start when rows × WAVE_BYTES_PER_ROW passes this (~23M rows): 20M events
 * (~540 MB estimated, 837 MB peak measured) keep one wave; 50M run in waves.
 * QUARRY_WAVE_BUDGET_MB overrides it.
 */
export const WAVE_BUDGET_BYTES = 600 * 2 ** 20;

/**
 * Rows of one wave of one shard. At 50M events (25M rows a shard) 2, 4 and 8 waves a
 * shard peaked at 1,313, 1,241 and 929 MiB, 9 at 858-930 (bench/results/2026-12-03-q5-waves.md):
 * the fixed part (threads, the store's user dictionary in each shard, the sandbox's
 * high-water mark) is ~0.7 GB there, so a wave must be small for the whole to stay under 1 GB.
 * 2M since decision 0035: the faster merge let the two shards' waves peak together more
 * often (3M: 908-943 MiB at 50M, 2M: 863-894 MiB, ~1 s more of 23 s; one shard alone
 * peaked the same with either merge, 652 / 664 MiB).
 */
export const WAVE_ROWS = 2_000_000;

/**
 * User numbers of one wave, at most. Waves are cut at row quantiles, but users are
 * numbered by first appearance, so the last range holds the users who came late, with
 * few events each: at 50M the last of 18 waves spanned 480k users against ~35k for the
 * first, and its groups and sandbox states (~0.5 KB a user) set the peak. Used only when
 * there are waves.
 */
export const WAVE_USERS = 100_000;

export interface WaveOptions {
  /** Estimated memory past which waves start (bytes). */
  budgetBytes?: number;
  /** Rows of one wave of one shard. */
  rows?: number;
  /** User numbers of one wave, at most. */
  users?: number;
}

/** The budget from the environment (MB), else the default. */
export function waveBudgetBytes(env: NodeJS.ProcessEnv = process.env): number {
  const given = env.QUARRY_WAVE_BUDGET_MB;
  return given !== undefined && /^\d+(\.\d+)?$/.test(given) ? Number(given) * 2 ** 20 : WAVE_BUDGET_BYTES;
}

/** Rows of the day partitions the scan reads (before selectors: what is read and merged at most). */
export function scanRows(store: Store, scan: ScanNode): number {
  const source = scan.source;
  if (source.kind === 'people') return 0;
  const events = source.kind === 'join' ? source.events : source;
  let rows = 0;
  for (const d of store.days(events.fromDate, events.toDate)) rows += store.partitionMeta(d)!.rows;
  return rows;
}

/** Waves per shard: 1 within the budget, else enough that a wave holds about `rows` rows of a shard. */
export function wavesPerShard(rows: number, shards: number, o: WaveOptions = {}): number {
  const budget = o.budgetBytes ?? waveBudgetBytes();
  if (rows * WAVE_BYTES_PER_ROW <= budget) return 1;
  return Math.max(1, Math.ceil(rows / Math.max(1, shards) / Math.max(1, o.rows ?? WAVE_ROWS)));
}

/**
 * Split n shards' worth of ranges (n × w of them, ascending, from userRanges) into each
 * shard's range and, when w > 1, its waves: shard k gets ranges k·w to k·w + w - 1.
 * The shard bounds are those of w = 1 (the row quantile k/n), up to rounding.
 */
export function groupWaves(ranges: Array<[number, number]>, n: number): Array<{ userRange: [number, number]; waves?: Array<[number, number]> }> {
  const w = ranges.length / n;
  if (!Number.isInteger(w) || w < 1) throw new Error(`internal: ${ranges.length} ranges for ${n} shards`);
  return Array.from({ length: n }, (_, k) => {
    const mine = ranges.slice(k * w, (k + 1) * w);
    const userRange: [number, number] = [mine[0]![0], mine[w - 1]![1]];
    return w > 1 ? { userRange, waves: mine } : { userRange };
  });
}

/**
 * Waves wider than `cap` user numbers cut into equal parts of at most `cap` (the last
 * range ends at 2^31 - 1: its width counts to `userCount`). Ranges stay ascending and
 * cover the same numbers.
 */
export function capWaveUsers(waves: Array<[number, number]>, userCount: number, cap: number = WAVE_USERS): Array<[number, number]> {
  const c = Math.max(1, Math.floor(cap));
  const out: Array<[number, number]> = [];
  for (const [lo, hi] of waves) {
    const end = Math.min(hi, Math.max(lo, userCount));
    const parts = Math.max(1, Math.ceil((end - lo) / c));
    for (let p = 0; p < parts; p++)
      out.push([p === 0 ? lo : lo + Math.ceil(((end - lo) * p) / parts), p === parts - 1 ? hi : lo + Math.ceil(((end - lo) * (p + 1)) / parts)]);
  }
  return out;
}
