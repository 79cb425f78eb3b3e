/**
 * Bind an events scan's selectors to the store: parse them once (the trees travel in
 * the scan node, so the scan, in this thread or a shard, never parses again), take
 * their time bounds, and count the day partitions the manifest cannot rule out (event
 * names and time bounds), the same test the scan applies partition by partition.
 */
import { SelectorError } from '../../../errors.js';
import { parseSelector, timeBounds, type SelectorEnv } from '../../../selector/index.js';
import type { PartitionMeta } from '../../../store/index.js';
import type { EventSelectorSpec, EventsSource, ParsedSelector, PeopleSource, Source } from '../../nodes.js';
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
      const b = text === '' ? {} : timeBounds(e.parsed && 'ast' in e.parsed ? e.parsed.ast : parseSelector(text), env);
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

/** A selector parsed, or its syntax error's message; undefined when blank (or an error that is not a syntax error: the scan meets it again). */
function parsedOf(text: string | undefined): ParsedSelector | undefined {
  if (text === undefined || text === null || String(text).trim() === '') return undefined;
  try {
    return { ast: parseSelector(String(text)) };
  } catch (e) {
    return e instanceof SelectorError ? { error: e.message } : undefined;
  }
}

const withParsed = <T extends { selector?: string }>(list: T[]): T[] => list.map((e) => ({ ...e, parsed: parsedOf(e.selector) }));
const eventsWith = (s: EventsSource): EventsSource => ({ ...s, eventSelectors: withParsed(s.eventSelectors) });
const peopleWith = (s: PeopleSource): PeopleSource => ({ ...s, userSelectors: withParsed(s.userSelectors) });

/** The source with every selector parsed (a copy: the logical plan is left as main() recorded it). */
export function parseSelectors(source: Source): Source {
  switch (source.kind) {
    case 'events':
      return { ...eventsWith(source), loc: source.loc };
    case 'people':
      return { ...peopleWith(source), loc: source.loc };
    case 'join':
      return { ...source, events: eventsWith(source.events), people: peopleWith(source.people), selectors: withParsed(source.selectors) };
  }
}
