/**
 * Event records as exports hold them, and a plain-JavaScript view of a store's event
 * partitions for whole-store comparisons.
 */
import { NO_USER, type Store, valueAt } from '../../src/store/index.js';

export interface RawEvent {
  event: string;
  properties: Record<string, unknown>;
}

/** A raw export record: `{event, properties: {time, distinct_id, $insert_id, ...}}`. */
export function rawEvent(name: string, distinctId: string | undefined, time: unknown, props: Record<string, unknown> = {}, insertId?: unknown): RawEvent {
  const properties: Record<string, unknown> = { time };
  if (distinctId !== undefined) properties.distinct_id = distinctId;
  if (insertId !== undefined) properties.$insert_id = insertId;
  return { event: name, properties: { ...properties, ...props } };
}

/** One stored event, as read back (distinct_id resolved, properties without missing keys). */
export interface StoredEvent {
  name: string;
  distinctId: string | undefined;
  /** UTC ms. */
  time: number;
  insertId: unknown;
  properties: Record<string, unknown>;
}

/** Every event of one day partition, in stored row order. */
export function partitionEvents(store: Store, day: string): StoredEvent[] {
  const s = store.reopen();
  const p = s.openPartition(day);
  const ins = p.column('$insert_id');
  const cols = p.keys().map((k) => [k, p.column(k)] as const);
  const out: StoredEvent[] = [];
  for (let i = 0; i < p.length; i++) {
    const properties: Record<string, unknown> = {};
    for (const [k, c] of cols) {
      const v = valueAt(c, i);
      // defineProperty: a key named "__proto__" is data, not the prototype.
      if (v !== undefined) Object.defineProperty(properties, k, { value: v, enumerable: true, writable: true, configurable: true });
    }
    const user = p.user[i]!;
    out.push({
      name: p.name.dictionary[p.name.indices[i]!]!,
      distinctId: user === NO_USER ? undefined : s.users.idOf(user),
      time: p.time[i]!,
      insertId: valueAt(ins, i),
      properties,
    });
  }
  return out;
}

/** Day -> its events, for every partition of the store. */
export function storeEvents(store: Store): Record<string, StoredEvent[]> {
  const s = store.reopen();
  return Object.fromEntries(s.days().map((d) => [d, partitionEvents(s, d)]));
}

/**
 * Everything a partition holds, column by column, at the storage level: user numbers,
 * times, name dictionary order, each property's kind and per-row value (undefined vs
 * null kept apart). Two stores built from the same input must be equal under this.
 */
export function dumpStore(store: Store): unknown {
  const s = store.reopen();
  const days: Record<string, unknown> = {};
  for (const d of s.days()) {
    const p = s.openPartition(d);
    const rows = p.length;
    const col = (k: string) => {
      const c = p.column(k);
      return {
        kind: c?.kind,
        values: Array.from({ length: rows }, (_, i) => {
          const v = valueAt(c, i);
          return v === undefined ? '<missing>' : v;
        }),
      };
    };
    const { dir: _dir, ...meta } = p.meta;
    days[d] = {
      meta,
      name: Array.from({ length: rows }, (_, i) => p.name.dictionary[p.name.indices[i]!]),
      user: Array.from(p.user),
      time: Array.from(p.time),
      insertId: col('$insert_id'),
      properties: Object.fromEntries(
        p
          .keys()
          .sort()
          .map((k) => [k, col(k)]),
      ),
    };
  }
  return { users: s.users.ids, count: s.manifest.users.count, days };
}
