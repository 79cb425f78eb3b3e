/**
 * ItemBatch -> GuestItems: the columns a set of user functions can read, for the
 * selected rows, ready to cross into the sandbox. Fields no function reads stay
 * behind (Plan.fns[id].reads), so a filter on `e.properties.country` ships one
 * dictionary column, not the whole event.
 */
import type { FnInfo } from '../../plan/index.js';
import { type GuestItems, neededFields, type NeededFields, type ColumnarEvents, type ColumnarPeople } from '../../sandbox/index.js';
import type { Column, StringColumn } from '../../store/index.js';
import type { EventBatch } from '../batches/event-batch.js';
import type { ItemBatch } from '../batches/item-batch.js';
import type { JoinBatch } from '../batches/join-batch.js';
import type { PeopleBatch } from '../batches/people-batch.js';
import type { RowsBatch } from '../batches/rows-batch.js';

export function readsOf(fns: FnInfo[], ids: number[], reducers: ReadonlySet<number> = NONE): Array<string[] | null> {
  return ids.map((id) => (reducers.has(id) ? fns[id]?.itemReads : fns[id]?.reads) ?? null);
}

const NONE: ReadonlySet<number> = new Set();

function propertyColumns(keys: Iterable<string>, get: (k: string) => Column | undefined, want: NeededFields): Record<string, Column> {
  // Null prototype: a property named `__proto__` is a key like any other (issue 9).
  const out = Object.create(null) as Record<string, Column>;
  const list = want.properties === 'all' ? keys : want.properties;
  for (const k of list) {
    const c = get(k);
    if (c !== undefined) out[k] = c;
  }
  return out;
}

function eventColumns(b: EventBatch, want: NeededFields): ColumnarEvents {
  const has = (f: string) => want.all || want.top.has(f);
  const cols: ColumnarEvents = {};
  if (has('name')) cols.name = b.part.name;
  if (has('distinct_id')) cols.distinctId = b.column('distinct_id') as StringColumn;
  if (has('time')) cols.time = b.projectTimes();
  if (has('sampling_factor')) cols.samplingFactor = b.samplingFactors();
  if (has('properties')) cols.properties = propertyColumns([...b.part.keys(), '$insert_id'], (k) => b.part.column(k), want);
  return cols;
}

function peopleColumns(b: PeopleBatch, want: NeededFields): ColumnarPeople {
  const has = (f: string) => want.all || want.top.has(f);
  const cols: ColumnarPeople = {};
  if (has('distinct_id')) cols.distinctId = b.column('distinct_id') as StringColumn;
  if (has('time')) cols.time = b.projectTimes();
  if (has('last_seen')) cols.lastSeen = b.lastSeen();
  if (has('properties')) cols.properties = propertyColumns(b.table.keys(), (k) => b.table.column(k), want);
  return cols;
}

/** The rows `sel` of `batch` as guest items, with the fields functions `fnIds` read. */
export function toGuestItems(
  batch: ItemBatch,
  sel: Int32Array,
  fns: FnInfo[],
  fnIds: number[],
  reducers?: ReadonlySet<number>,
  paths: string[] = [],
): GuestItems {
  const reads = readsOf(fns, fnIds, reducers);
  // Paths the sandbox reads for the engine ('' = the whole item).
  if (paths.length) reads.push(paths.includes('') ? null : paths);
  switch (batch.kind) {
    case 'events': {
      const b = batch as EventBatch;
      return { kind: 'events', length: sel.length, columns: eventColumns(b, neededFields(reads)), selection: sel };
    }
    case 'people': {
      const b = batch as PeopleBatch;
      return { kind: 'people', length: sel.length, columns: peopleColumns(b, neededFields(reads)), selection: sel };
    }
    case 'join': {
      const b = batch as JoinBatch;
      // Join sides are gathered into pair order, so send the pair columns.
      const ev = neededFields(reads, 'event');
      const us = neededFields(reads, 'user');
      const events: ColumnarEvents = {};
      const people: ColumnarPeople = {};
      const evHas = (f: string) => ev.all || ev.top.has(f);
      const usHas = (f: string) => us.all || us.top.has(f);
      const col = (p: string) => b.column(p) ?? undefined;
      if (b.events) {
        if (evHas('name')) events.name = col('event.name') as StringColumn;
        if (evHas('distinct_id')) events.distinctId = col('event.distinct_id') as StringColumn;
        if (evHas('time')) events.time = (col('event.time') as { values: Float64Array }).values;
        if (evHas('sampling_factor')) events.samplingFactor = b.samplingFactors();
        if (evHas('properties'))
          events.properties = propertyColumns([...b.events.part.keys(), '$insert_id'], (k) => b.column(`event.properties.${k}`) ?? undefined, ev);
      }
      if (b.people) {
        if (usHas('distinct_id')) people.distinctId = col('user.distinct_id') as StringColumn;
        if (usHas('time')) people.time = (col('user.time') as { values: Float64Array }).values;
        if (usHas('last_seen')) people.lastSeen = (col('user.last_seen') as { values: Float64Array }).values;
        if (usHas('properties')) people.properties = propertyColumns(b.people.table.keys(), (k) => b.column(`user.properties.${k}`) ?? undefined, us);
      }
      const ones = (m: Uint8Array | null) => m ?? new Uint8Array(b.size).fill(1);
      return { kind: 'join', length: sel.length, events, people, hasEvent: ones(b.hasEvent()), hasUser: ones(b.hasUser()), selection: sel };
    }
    case 'rows': {
      const b = batch as unknown as RowsBatch;
      const items = new Array<unknown>(sel.length);
      for (let j = 0; j < sel.length; j++) items[j] = b.rows[sel[j]!];
      return { kind: 'json', items };
    }
  }
}
