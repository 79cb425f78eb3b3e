/**
 * Behaviour criteria as per-user counts: one pass over each event partition that can
 * hold a matching event (pruned by day window, by the manifest's event-name counts
 * and by min/max time), reading only the name indices, user numbers and (for
 * partitions cut by the window) times, plus the columns the event selector reads.
 */
import type { DictionaryIndices, Store } from '../store/index.js';
import { compileVector, parseSelector, type SelectorBatch } from '../selector/index.js';
import { dayOf, startOfDay } from '../time/index.js';
import type { BehaviorCriterion, BehaviorWindow, CountOp } from './definition.js';

const DAY_MS = 86_400_000;
const UNIT_DAYS = { day: 1, week: 7, month: 30 } as const;

export interface TimeRange {
  /** Inclusive project-time days bounding the partitions to read (undefined: open). */
  fromDay?: string;
  toDay?: string;
  /** Inclusive UTC ms bounds on event time. */
  minMs: number;
  maxMs: number;
}

const addDays = (day: string, n: number) => new Date(Date.parse(`${day}T00:00:00Z`) + n * DAY_MS).toISOString().slice(0, 10);

/**
 * The events a window covers, as of `asOfMs`: "the last N days" is today (the day of
 * `asOfMs` in the project timezone) and the N-1 days before it, up to `asOfMs`; a
 * week is 7 days and a month 30. Fixed dates are whole days in the project timezone.
 * Nothing after `asOfMs` ever counts.
 */
export function windowRange(w: BehaviorWindow | undefined, asOfMs: number, timezone: string): TimeRange {
  const toDay = dayOf(timezone, asOfMs);
  if (w === undefined) return { toDay, minMs: -Infinity, maxMs: asOfMs };
  if ('last' in w) {
    const fromDay = addDays(toDay, -(w.last * UNIT_DAYS[w.unit] - 1));
    return { fromDay, toDay, minMs: startOfDay(timezone, fromDay), maxMs: asOfMs };
  }
  const end = Math.min(startOfDay(timezone, addDays(w.to, 1)) - 1, asOfMs);
  return { fromDay: w.from, toDay: w.to < toDay ? w.to : toDay, minMs: startOfDay(timezone, w.from), maxMs: end };
}

/** Events (or distinct days) per user number matching `b` in the window. */
export function behaviorCounts(store: Store, b: BehaviorCriterion, asOfMs: number): Int32Array {
  const counts = new Int32Array(store.users.size);
  const range = windowRange(b.window, asOfMs, store.timezone);
  if (range.minMs > range.maxMs) return counts;
  const selector =
    b.where === undefined ? null : compileVector(parseSelector(b.where), 'event', { timezone: store.timezone, nowSeconds: Math.floor(asOfMs / 1000) });
  for (const day of store.days(range.fromDay, range.toDay)) {
    const meta = store.partitionMeta(day)!;
    if (meta.rows === 0 || (b.event !== null && !(meta.names[b.event]! > 0))) continue;
    if (meta.maxTime < range.minMs || meta.minTime > range.maxMs) continue;
    const part = store.openPartition(day);
    const n = part.length;
    const users = part.user;
    let target = -1;
    let names: DictionaryIndices | null = null;
    if (b.event !== null) {
      target = part.name.dictionary.indexOf(b.event);
      if (target < 0) continue;
      names = part.name.indices;
    }
    const cut = meta.minTime < range.minMs || meta.maxTime > range.maxMs;
    const time = cut ? part.time : null;
    let mask: Uint8Array | null = null;
    if (selector !== null) {
      const batch: SelectorBatch = { length: n, column: (source, key) => (source === 'properties' ? part.column(key) : undefined), time: part.time };
      mask = selector(batch);
    }
    const { minMs, maxMs } = range;
    // Rows are ordered by user: "distinct days" counts a user once per partition (= day).
    let last = -1;
    for (let i = 0; i < n; i++) {
      if (names !== null && names[i] !== target) continue;
      if (time !== null) {
        const t = time[i]!;
        if (t < minMs || t > maxMs) continue;
      }
      if (mask !== null && mask[i] === 0) continue;
      const u = users[i]!;
      if (u < 0) continue;
      if (b.distinctDays) {
        if (u !== last) {
          counts[u]!++;
          last = u;
        }
      } else counts[u]!++;
    }
  }
  return counts;
}

export function compareCount(op: CountOp, a: number, b: number): boolean {
  switch (op) {
    case '>=':
      return a >= b;
    case '<=':
      return a <= b;
    case '==':
      return a === b;
    case '>':
      return a > b;
    case '<':
      return a < b;
    case '!=':
      return a !== b;
  }
}
