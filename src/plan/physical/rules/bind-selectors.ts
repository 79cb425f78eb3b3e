/**
 * Bind an events scan's selectors to the store: parse them, take their time bounds,
 * and count the day partitions the manifest cannot rule out (event names and time
 * bounds), the same test the scan applies partition by partition.
 */
import { parseSelector, timeBounds, type SelectorEnv } from '../../../selector/index.js';
import type { PartitionMeta } from '../../../store/index.js';
import type { EventSelectorSpec, EventsSource } from '../../nodes.js';
import type { Partitions, StoreSchema } from '../nodes.js';

interface BoundEntry {
  event?: string;
  minMs?: number;
  maxMs?: number;
}

function bind(entries: EventSelectorSpec[], env: SelectorEnv): BoundEntry[] | null {
  try {
    return entries.map((e) => {
      const text = e.selector === undefined || e.selector === null ? '' : String(e.selector).trim();
      const b = text === '' ? {} : timeBounds(parseSelector(text), env);
      return { event: e.event, minMs: b.minMs, maxMs: b.maxMs };
    });
  } catch {
    return null; // an invalid selector: the scan reports it, with its place
  }
}

/**
 * Could any event of the partition match some entry? (manifest only: names and time
 * bounds). The plan counts partitions with it for --explain; the scan skips with it.
 */
export function partitionMayMatch(entries: readonly BoundEntry[], meta: PartitionMeta): boolean {
  if (entries.length === 0) return meta.rows > 0;
  return entries.some(
    (e) =>
      (e.event === undefined || (meta.names[e.event] ?? 0) > 0) &&
      (e.minMs === undefined || meta.maxTime >= e.minMs) &&
      (e.maxMs === undefined || meta.minTime <= e.maxMs),
  );
}

export function eventPartitions(store: StoreSchema, source: EventsSource, env: SelectorEnv): Partitions {
  const days = store.days(source.fromDate, source.toDate);
  const kept = daysAfterPruning(store, source, env);
  return { total: days.length, afterPruning: kept === null ? null : kept.length };
}

/** The days whose partitions the scan will read; null: a selector could not be bound. */
export function daysAfterPruning(store: StoreSchema, source: EventsSource, env: SelectorEnv): string[] | null {
  const entries = bind(source.eventSelectors, env);
  if (entries === null) return null;
  return store.days(source.fromDate, source.toDate).filter((d) => partitionMayMatch(entries, store.partitionMeta(d)!));
}
