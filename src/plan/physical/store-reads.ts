/**
 * What a physical plan will read of the store, before it runs: the day partitions left
 * after pruning, the event properties it reads, whether it needs the distinct_id
 * dictionary and the profile table. A store on S3 fetches exactly that first
 * (store/remote/), so the synchronous readers find the files local. Anything this
 * leaves out is still read right (fetched when first read), only slower; so where the
 * engine may build whole items instead of reading columns, this asks for everything.
 */
import type { SelectorEnv } from '../../selector/index.js';
import type { StoreReads } from '../../store/remote/index.js';
import type { Accessor, EventsSource } from '../nodes.js';
import type { PhysicalPlan, StageNode, StoreSchema } from './nodes.js';
import { daysAfterPruning } from './rules/bind-selectors.js';

/** Reducers whose result is an item itself: they build whole items whatever their accessor. */
const ITEM_RESULT = new Set(['any', 'min_by', 'max_by']);
const FIELDS = new Set(['name', 'time', 'distinct_id', 'sampling_factor']);

/** A path a batch answers with a column (exec/source/event-batch.ts): a field or one property key. */
function columnPath(p: string): boolean {
  return FIELDS.has(p) || /^properties\.[^.]+$/.test(p);
}

/** Does the accessor read columns only (or a function's declared reads), never a whole item? */
function readsColumns(a: Accessor): boolean {
  if (a.kind === 'path') return columnPath(a.path);
  if (a.kind === 'fn') return true;
  if (a.kind === 'slice') return false;
  return readsColumns(a.inner);
}

function buildsWholeItems(first: StageNode | undefined): boolean {
  if (first?.op !== 'aggregate' || !first.fromScan) return false;
  if (!first.keys.every(readsColumns)) return true;
  return first.reducers.some((r) => r.kind === 'builtin' && (ITEM_RESULT.has(r.name) || (r.accessor !== undefined && !readsColumns(r.accessor))));
}

export function storeReads(physical: PhysicalPlan, store: StoreSchema, env: SelectorEnv): StoreReads {
  const first = physical.stages[0];
  if (first?.op === 'aggregate' && first.manifest) return { days: [], eventProperties: [], users: false, profiles: false };
  const src = physical.scan.source;
  const events: EventsSource | null = src.kind === 'events' ? src : src.kind === 'join' ? src.events : null;
  const days = events ? (daysAfterPruning(store, events, env) ?? store.days(events.fromDate, events.toDate)) : [];
  const cols = physical.scan.columns;
  const whole = cols === null || src.kind !== 'events' || cols.includes('properties') || buildsWholeItems(first);
  if (whole) return { days, eventProperties: null, users: true, profiles: src.kind !== 'events' };
  return {
    days,
    eventProperties: cols.filter((c) => c.startsWith('properties.')).map((c) => c.slice('properties.'.length)),
    users: cols.includes('distinct_id'),
    profiles: cols.some((c) => c.startsWith('user.')),
  };
}
