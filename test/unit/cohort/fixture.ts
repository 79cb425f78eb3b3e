/**
 * A small store whose every answer can be worked out by hand:
 *   profiles: a (pro, Berlin, 30), b (free, Paris, 40), c (pro, Paris), e (free; no events)
 *   events only: d
 *   a: Login 03-01; Purchase 03-28 (10), 03-29 (20), 03-30 (30)
 *   b: Purchase 03-30 (5), Login 03-30
 *   c: Login 02-01
 *   d: Purchase 03-30 (100), Purchase 03-30 (200)
 * AS_OF is the end of 2024-03-31 (UTC).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { importEvents, importPeople } from '../../../src/ingest/index.js';
import { Store } from '../../../src/store/index.js';

export const AS_OF = Date.UTC(2024, 2, 31, 23, 59, 59);

const made: string[] = [];

export function ev(event: string, id: string, day: string, props: Record<string, unknown> = {}, hms = '12:00:00') {
  return { event, properties: { time: Date.parse(`${day}T${hms}Z`) / 1000, distinct_id: id, ...props } };
}

export const EVENTS = [
  ev('Login', 'a', '2024-03-01'),
  ev('Purchase', 'a', '2024-03-28', { amount: 10 }),
  ev('Purchase', 'a', '2024-03-29', { amount: 20 }),
  ev('Purchase', 'a', '2024-03-30', { amount: 30 }),
  ev('Purchase', 'b', '2024-03-30', { amount: 5 }),
  ev('Login', 'b', '2024-03-30', {}, '13:00:00'),
  ev('Login', 'c', '2024-02-01'),
  ev('Purchase', 'd', '2024-03-30', { amount: 100 }, '08:00:00'),
  ev('Purchase', 'd', '2024-03-30', { amount: 200 }, '09:00:00'),
];

export const PROFILES = [
  { $distinct_id: 'a', $properties: { plan: 'pro', $city: 'Berlin', age: 30, $name: 'Ann', $email: 'ann@x.io' } },
  { $distinct_id: 'b', $properties: { plan: 'free', $city: 'Paris', age: 40, $name: 'Bob' } },
  { $distinct_id: 'c', $properties: { plan: 'pro', $city: 'Paris', $name: 'Cy' } },
  { $distinct_id: 'e', $properties: { plan: 'free', $name: 'Eve', tags: ['x', 'y'] } },
];

const records = (values: unknown[]) => values.map((value, i) => ({ line: i + 1, value }));

export async function makeStore(events: unknown[] = EVENTS, profiles: unknown[] = PROFILES): Promise<Store> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'quarry-cohort-'));
  made.push(dir);
  const store = Store.init(path.join(dir, 'store'), { timezone: 'UTC', createdAt: '2024-01-01T00:00:00Z' });
  if (events.length) await importEvents(store, [{ label: 'events', records: records(events) }]);
  if (profiles.length) await importPeople(store.reopen(), [{ label: 'people', records: records(profiles) }], { now: Date.UTC(2024, 2, 1) });
  return store.reopen();
}

export async function addEvents(store: Store, events: unknown[]): Promise<Store> {
  await importEvents(store, [{ label: 'more', records: records(events) }]);
  return store.reopen();
}

export function cleanup(): void {
  for (const d of made.splice(0)) fs.rmSync(d, { recursive: true, force: true });
}

/** Distinct_ids set in a membership mask, sorted. */
export function idsOf(store: Store, mask: Uint8Array): string[] {
  const out: string[] = [];
  for (let u = 0; u < mask.length; u++) if (mask[u]) out.push(store.users.ids[u]!);
  return out.sort();
}
