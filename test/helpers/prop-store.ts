/**
 * Random events for the two-path property tests (fast-check) and the throwaway
 * stores they run in. Each test draws its own shapes of events where it needs them;
 * these are the parts they share: the time origin, the event -> export record
 * mapping and the store set-up.
 */
import fc from 'fast-check';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Store } from '../../src/store/index.js';
import type { QuarryModules } from './quarry-build.js';

export const DAY = 86_400;
/** 2016-03-15 00:00 UTC, in seconds: generated event times are offsets from it. */
export const T0 = 1458000000;

/** `arb`, or now and then no value (the property is left out of the event). */
export const maybe = <T>(arb: fc.Arbitrary<T>): fc.Arbitrary<T | undefined> => fc.option(arb, { nil: undefined, freq: 3 });

/**
 * Events of three names by users 0..9 (one in ten without a user) over six days from
 * T0, with an integer amount (or none) and a country: integer data, so two paths can
 * be compared byte for byte without a float tolerance.
 */
export const userEventArb = fc.record({
  name: fc.constantFrom('a', 'b', 'c'),
  user: fc.option(fc.integer({ min: 0, max: 9 }), { nil: undefined, freq: 10 }),
  t: fc.integer({ min: 0, max: 6 * DAY - 1 }),
  amount: fc.option(fc.integer({ min: -5, max: 50 }), { nil: undefined }),
  country: fc.constantFrom('US', 'CA', 'FR'),
});

/**
 * A generated event: its name, its user (a number n stands for the distinct_id `un`),
 * its time in seconds after T0, and any other fields as properties (undefined ones
 * left out, as an export would).
 */
export interface GenEvent {
  name: string;
  user?: number | string | undefined;
  t: number;
  [property: string]: unknown;
}

/** The export records of some generated events, `$insert_id` `i<index>` each. */
export function eventRecords(events: GenEvent[]) {
  return events.map(({ name, user, t, ...rest }, i) => {
    const properties: Record<string, unknown> = { time: T0 + t, $insert_id: `i${i}` };
    if (user !== undefined) properties.distinct_id = typeof user === 'number' ? `u${user}` : user;
    for (const [k, v] of Object.entries(rest)) if (v !== undefined) properties[k] = v;
    return { line: i + 1, value: { event: name, properties } };
  });
}

/** Profiles of users u0..u(n-1), plan "paid" for even numbers and "free" for odd ones. */
export const planProfiles = (n: number) => Array.from({ length: n }, (_, k) => ({ plan: k % 2 ? 'free' : 'paid' }));

/**
 * A new store in a temp dir holding `events` and, if given, `profiles[k]` as the
 * properties of user uk. `quarry` says which build makes it (quarry-build.ts).
 */
export async function makePropStore(
  quarry: Pick<QuarryModules, 'Store' | 'importEvents' | 'importPeople'>,
  events: GenEvent[],
  profiles: Array<Record<string, unknown>> = [],
): Promise<Store> {
  const store = quarry.Store.init(fs.mkdtempSync(path.join(os.tmpdir(), 'quarry-prop-')));
  await quarry.importEvents(store, [{ label: 'gen', records: eventRecords(events) }]);
  if (profiles.length > 0) {
    const records = profiles.map(($properties, k) => ({ line: k + 1, value: { $distinct_id: `u${k}`, $properties } }));
    await quarry.importPeople(store.reopen(), [{ label: 'people', records }]);
  }
  return store.reopen();
}

/** Run `check` on a new store of `events` (and `profiles`), then remove the store. */
export async function withPropStore<T>(
  quarry: Pick<QuarryModules, 'Store' | 'importEvents' | 'importPeople'>,
  events: GenEvent[],
  profiles: Array<Record<string, unknown>>,
  check: (store: Store) => Promise<T>,
): Promise<T> {
  const store = await makePropStore(quarry, events, profiles);
  try {
    return await check(store);
  } finally {
    fs.rmSync(store.dir, { recursive: true, force: true });
  }
}
