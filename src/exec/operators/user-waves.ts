/**
 * The batches a custom groupByUser reducer reads: the scan's partitions merged by user
 * (batches/merge-users.ts), in waves of user numbers so that memory stays flat as
 * events grow (decision 0018).
 *
 * Merging needs every day of the range open at once. Past WAVE_ROWS scanned rows the
 * user numbers are split into ranges [lo, hi), and each wave scans every day again
 * keeping only the rows of its users, copied out of the partition
 * (batches/user-range-partition.ts): a wave holds about WAVE_ROWS rows of the columns
 * the query reads, whatever the number of events, at the price of reading each day's
 * user column (and the columns read) once per wave. Waves run in ascending user order,
 * which is the order one merge over the whole range gives, so the reducer calls, the
 * group ids and the results are the same.
 */
import type { ScanNode } from '../../plan/index.js';
import type { ExecContext } from '../context.js';
import type { ItemBatch } from '../batches/item-batch.js';
import { mergeByUser } from '../batches/merge-users.js';
import { scanDays } from './scan.js';
import { sourceBatches } from './source-batches.js';

/**
 * Scanned rows one wave aims at (per thread). 2M rows of a user column, a selection and
 * one dictionary column are ~40 MB with the merged copies; the extra reading per wave
 * is ~1% of q5's time at 20M events (docs/benchmarks.md).
 */
export const WAVE_ROWS = 2_000_000;

/** Rows per wave: WAVE_ROWS, or QUARRY_WAVE_ROWS (tests use small waves on small stores). */
function waveRows(): number {
  const env = Number(process.env.QUARRY_WAVE_ROWS);
  return Number.isInteger(env) && env > 0 ? env : WAVE_ROWS;
}

/** User number ranges [lo, hi) to scan one after the other; one null: scan once, whole. */
export function userWaves(ctx: ExecContext, scan: ScanNode, rowsPerWave = waveRows()): Array<[number, number] | null> {
  const src = scan.source;
  if (src.kind !== 'events') return [null];
  let rows = 0;
  for (const day of scanDays(ctx, src.fromDate, src.toDate)) rows += ctx.store.partitionMeta(day)?.rows ?? 0;
  const waves = Math.ceil(rows / rowsPerWave);
  const users = ctx.store.manifest.users.count;
  if (waves <= 1 || users <= 1) return [null];
  // Users take part in roughly equal shares whatever their number (numbers are given in
  // order of first appearance), so equal number ranges hold roughly equal rows.
  const step = Math.ceil(users / Math.min(waves, users));
  const out: Array<[number, number]> = [];
  // The first range takes the rows without a user too (NO_USER = -1), so every row is
  // scanned once; the last is open-ended.
  for (let lo = 0; lo < users; lo += step) out.push([lo === 0 ? -1 : lo, lo + step >= users ? 2 ** 31 - 1 : lo + step]);
  return out;
}

/** The scan's items merged by user, whole users per batch, wave after wave. */
export function* mergedUserBatches(ctx: ExecContext, scan: ScanNode, target: number): Generator<ItemBatch> {
  const o = { target, timezone: ctx.store.timezone, usersRef: () => ctx.store.users };
  for (const wave of userWaves(ctx, scan)) yield* mergeByUser([...sourceBatches(ctx, scan, wave ?? undefined)], o);
}
