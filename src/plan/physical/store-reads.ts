/**
 * What a physical plan will read of the store, before it runs: the day partitions left
 * after pruning, the event properties its columns name, whether it needs the distinct_id
 * dictionary and the profile table. A store on S3 fetches exactly that first
 * (store/remote/), so the synchronous readers find the files local. Anything this
 * leaves out is still read right (fetched when first read), only slower.
 */
import type { SelectorEnv } from '../../selector/index.js';
import type { StoreReads } from '../../store/remote/index.js';
import type { EventsSource } from '../nodes.js';
import type { PhysicalPlan, StoreSchema } from './nodes.js';
import { daysAfterPruning } from './rules/bind-selectors.js';

export function storeReads(physical: PhysicalPlan, store: StoreSchema, env: SelectorEnv): StoreReads {
  const first = physical.stages[0];
  if (first?.op === 'aggregate' && first.manifest) return { days: [], eventProperties: [], users: false, profiles: false };
  const src = physical.scan.source;
  const events: EventsSource | null = src.kind === 'events' ? src : src.kind === 'join' ? src.events : null;
  const days = events ? (daysAfterPruning(store, events, env) ?? store.days(events.fromDate, events.toDate)) : [];
  const cols = physical.scan.columns;
  const prefix = src.kind === 'join' ? 'event.properties.' : 'properties.';
  const eventProperties = cols === null ? null : cols.filter((c) => c.startsWith(prefix)).map((c) => c.slice(prefix.length));
  return {
    days,
    eventProperties,
    users: cols === null || src.kind !== 'events' || cols.some((c) => c === 'distinct_id' || c === 'event.distinct_id'),
    profiles: src.kind !== 'events' || (cols ?? []).some((c) => c.startsWith('user.')),
  };
}
