import { createHash } from 'node:crypto';
import v8 from 'node:v8';
import vm from 'node:vm';
import { beforeAll, describe, expect, it } from 'vitest';
import { demoEvents, demoProfiles } from '../../../src/demo/index.js';
import type { DemoOptions, EngageRecord, RawExportEvent } from '../../../src/demo/index.js';

const EVENT_NAMES = new Set(['Sign up', 'Login', 'Page View', 'View Item', 'Add To Cart', 'Purchase']);
const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}$/;

function digest(it: Iterable<unknown>): string {
  const h = createHash('sha256');
  for (const r of it) h.update(JSON.stringify(r) + '\n');
  return h.digest('hex');
}

function dedupKey(e: RawExportEvent): string {
  const p = e.properties;
  return `${e.event}\u0000${String(p.time)}\u0000${String(p.distinct_id)}\u0000${String(p.$insert_id)}`;
}

// The default-sized dataset, generated once for the statistical checks.
let events: RawExportEvent[];
let profiles: EngageRecord[];
const START = Date.UTC(2024, 0, 2) / 1000; // 90 days ending 2024-03-31
const END = Date.UTC(2024, 3, 1) / 1000; // exclusive

beforeAll(() => {
  events = [...demoEvents()];
  profiles = [...demoProfiles()];
});

describe('determinism', () => {
  it('same options give byte-identical events and profiles', () => {
    const o = { events: 30_000, seed: 7 };
    expect(digest(demoEvents(o))).toBe(digest(demoEvents(o)));
    expect(digest(demoProfiles(o))).toBe(digest(demoProfiles(o)));
  });

  it('the default options are the documented ones', () => {
    const o = { events: 200_000, users: 5000, days: 90, endDay: '2024-03-31', seed: 42 };
    expect(digest(demoEvents(o))).toBe(digest(events));
    expect(digest(demoProfiles(o))).toBe(digest(profiles));
  });

  it('a different seed gives different data', () => {
    expect(digest(demoEvents({ events: 5000, seed: 1 }))).not.toBe(digest(demoEvents({ events: 5000, seed: 2 })));
    expect(digest(demoProfiles({ events: 5000, seed: 1 }))).not.toBe(digest(demoProfiles({ events: 5000, seed: 2 })));
  });

  it('does not depend on the process timezone', () => {
    const saved = process.env.TZ;
    try {
      process.env.TZ = 'UTC';
      const a = digest(demoEvents({ events: 5000 })) + digest(demoProfiles({ events: 5000 }));
      process.env.TZ = 'Asia/Kolkata';
      const b = digest(demoEvents({ events: 5000 })) + digest(demoProfiles({ events: 5000 }));
      process.env.TZ = 'America/Los_Angeles';
      const c = digest(demoEvents({ events: 5000 })) + digest(demoProfiles({ events: 5000 }));
      expect(b).toBe(a);
      expect(c).toBe(a);
    } finally {
      if (saved === undefined) delete process.env.TZ;
      else process.env.TZ = saved;
    }
  });
});

describe('counts and time range', () => {
  it.each([
    [{ events: 0 }],
    [{ events: 1 }],
    [{ events: 7, users: 3, days: 1 }],
    [{ events: 1000 }],
    [{ events: 12_345, days: 3, endDay: '2020-02-29' }],
    [{ events: 50_000, users: 60, days: 400 }],
    [{ events: 3000, users: 10_000 }],
  ] as [DemoOptions & { events: number }][])('%o yields exactly `events` records in time order within the window', (o) => {
    const days = o.days ?? 90;
    const [y, m, d] = (o.endDay ?? '2024-03-31').split('-').map(Number) as [number, number, number];
    const end = Date.UTC(y, m - 1, d) / 1000 + 86400;
    const start = end - days * 86400;
    let n = 0;
    let prev = -Infinity;
    for (const e of demoEvents(o)) {
      const t = e.properties.time as number;
      expect(Number.isInteger(t)).toBe(true);
      expect(t).toBeGreaterThanOrEqual(start);
      expect(t).toBeLessThan(end);
      expect(t).toBeGreaterThanOrEqual(prev);
      prev = t;
      n++;
    }
    expect(n).toBe(o.events);
  });

  it('the default size spans the whole window', () => {
    expect(events).toHaveLength(200_000);
    expect(events[0]!.properties.time as number).toBeLessThan(START + 86400);
    expect(events.at(-1)!.properties.time as number).toBeGreaterThanOrEqual(END - 86400);
  });

  it('rejects invalid options', () => {
    expect(() => demoEvents({ endDay: '2024-02-30' }).next()).toThrow(RangeError);
    expect(() => demoEvents({ endDay: '31/03/2024' }).next()).toThrow(RangeError);
    expect(() => demoEvents({ events: -1 }).next()).toThrow(RangeError);
    expect(() => demoEvents({ events: 1.5 }).next()).toThrow(RangeError);
    expect(() => demoEvents({ days: 0 }).next()).toThrow(RangeError);
    expect(() => demoProfiles({ users: 0 }).next()).toThrow(RangeError);
  });
});

describe('event shape (raw export, spec A1)', () => {
  it('every record is {event, properties} with time, $insert_id, mp_lib', () => {
    const bad: RawExportEvent[] = [];
    const libs = new Set(['web', 'swift', 'android']);
    for (const e of events) {
      const p = e.properties;
      const ok =
        Object.keys(e).join() === 'event,properties' &&
        EVENT_NAMES.has(e.event) &&
        Number.isInteger(p.time) &&
        typeof p.$insert_id === 'string' &&
        /^[A-Za-z0-9-]{16,32}$/.test(p.$insert_id) &&
        libs.has(p.mp_lib as string) &&
        (!('distinct_id' in p) || typeof p.distinct_id === 'string');
      if (!ok) bad.push(e);
    }
    expect(bad).toEqual([]);
  });

  it('per-event properties', () => {
    const seen = new Set<string>();
    for (const [i, { event, properties: p }] of events.entries()) {
      if (seen.has(event) && i % 16 !== 0) continue; // full check on a sample
      seen.add(event);
      if (p.$city !== null) expect(typeof p.$city).toBe('string');
      expect(p.mp_country_code).toMatch(/^[A-Z]{2}$/);
      if (event === 'Page View') {
        expect(p.page).toMatch(/^\//);
        if (p.mp_lib === 'web') expect(typeof p.$browser).toBe('string');
      }
      if (event === 'View Item' || event === 'Add To Cart') {
        expect(p.item_id).toMatch(/^SKU-\d{5}$/);
        expect(typeof p.category).toBe('string');
        expect(Number(p.price)).toBeGreaterThan(0);
      }
      if (event === 'Purchase') {
        expect(Number(p.amount)).toBeGreaterThan(0);
        expect(p.currency).toMatch(/^[A-Z]{3}$/);
        expect(Number(p.item_count)).toBeGreaterThanOrEqual(1);
      }
    }
    expect(seen.size).toBe(6);
  });

  it('$insert_id is unique per original event', () => {
    const byId = new Map<string, RawExportEvent>();
    for (const e of events) {
      const prev = byId.get(e.properties.$insert_id as string);
      if (prev) expect(e).toEqual(prev);
      else byId.set(e.properties.$insert_id as string, e);
    }
  });

  it('contains messy data: missing distinct_id, numeric strings, nulls', () => {
    const anon = events.filter((e) => !e.properties.distinct_id);
    expect(anon.length).toBeGreaterThanOrEqual(3);
    expect(anon.length).toBeLessThanOrEqual(40);
    const numericStrings = events.filter((e) => ['price', 'amount', 'item_count'].some((k) => typeof e.properties[k] === 'string'));
    expect(numericStrings.length).toBeGreaterThan(50);
    for (const e of numericStrings)
      for (const k of ['price', 'amount', 'item_count']) if (typeof e.properties[k] === 'string') expect(Number.isFinite(Number(e.properties[k]))).toBe(true);
    const nulls = events.filter((e) => Object.values(e.properties).includes(null));
    expect(nulls.length).toBeGreaterThan(50);
    expect(nulls.length).toBeLessThan(2000);
  });
});

describe('duplicates', () => {
  it('about 0.3% of records are exact re-sends of an earlier record', () => {
    const first = new Map<string, RawExportEvent>();
    let dups = 0;
    for (const e of events) {
      const k = dedupKey(e);
      const prev = first.get(k);
      if (prev) {
        dups++;
        expect(e).toEqual(prev);
        expect(e).not.toBe(prev);
        expect(e.properties).not.toBe(prev.properties);
      } else first.set(k, e);
    }
    expect(dups / events.length).toBeGreaterThan(0.0025);
    expect(dups / events.length).toBeLessThan(0.0035);
  });
});

describe('users and profiles (spec B1/B5)', () => {
  it('profile shape', () => {
    for (const { $distinct_id, $properties: p, ...rest } of profiles) {
      expect(rest).toEqual({});
      expect($distinct_id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
      expect(p.$created).toMatch(ISO);
      expect(p.$last_seen).toMatch(ISO);
      expect((p.$last_seen as string) >= (p.$created as string)).toBe(true);
      if ('signup_date' in p) expect(p.signup_date).toMatch(ISO);
      if ('$country_code' in p) expect(p.$country_code).toMatch(/^[A-Z]{2}$/);
      if ('$email' in p) expect(p.$email).toMatch(/^[^@\s]+@[a-z.]+$/);
      if ('age' in p) expect(Number.isInteger(p.age)).toBe(true);
      if ('newsletter' in p) expect(typeof p.newsletter).toBe('boolean');
      if ('favorite_categories' in p) expect(Array.isArray(p.favorite_categories)).toBe(true);
      if ('plan' in p) expect(['free', 'starter', 'premium', 'enterprise']).toContain(p.plan);
    }
    expect(new Set(profiles.map((p) => p.$distinct_id)).size).toBe(profiles.length);
  });

  it('each property is present on most but not all profiles', () => {
    for (const k of ['$name', '$email', '$city', '$country_code', 'plan', 'signup_date', 'age', 'favorite_categories', 'newsletter']) {
      const present = profiles.filter((p) => k in p.$properties).length / profiles.length;
      expect(present, k).toBeGreaterThan(0.88);
      expect(present, k).toBeLessThan(1);
    }
    const us = profiles.filter((p) => p.$properties.$country_code === 'US').length;
    const counts = new Map<unknown, number>();
    for (const p of profiles) counts.set(p.$properties.$country_code, (counts.get(p.$properties.$country_code) ?? 0) + 1);
    expect(Math.max(...counts.values())).toBe(us);
    expect(profiles.filter((p) => p.$properties.plan === 'free').length).toBeGreaterThan(profiles.length / 3);
  });

  it('about 10% of event users have no profile, and about 5% extra profiles have no events', () => {
    const eventUsers = new Set(events.map((e) => e.properties.distinct_id).filter((d) => d));
    const withProfile = new Set(profiles.map((p) => p.$distinct_id));
    expect(eventUsers.size).toBe(5000);
    const noProfile = [...eventUsers].filter((d) => !withProfile.has(d as string)).length / eventUsers.size;
    expect(noProfile).toBeGreaterThan(0.08);
    expect(noProfile).toBeLessThan(0.12);
    const noEvents = profiles.filter((p) => !eventUsers.has(p.$distinct_id)).length;
    expect(noEvents).toBe(250);
  });

  it('activity is heavy-tailed', () => {
    const per = new Map<unknown, number>();
    for (const e of events) per.set(e.properties.distinct_id, (per.get(e.properties.distinct_id) ?? 0) + 1);
    const counts = [...per.values()].sort((a, b) => b - a);
    const top1 = counts.slice(0, 50).reduce((a, b) => a + b, 0);
    expect(top1 / events.length).toBeGreaterThan(0.1); // top 1% of users
    expect(counts[0]!).toBeGreaterThan(20 * counts[counts.length >> 1]!);
  });
});

describe('funnel', () => {
  it('Sign up happens once per user, before any of their Purchases, at their profile signup_date', () => {
    const signupAt = new Map<string, number>(); // user -> index of their Sign up record
    const signupId = new Map<string, unknown>();
    events.forEach((e, i) => {
      const d = e.properties.distinct_id as string | undefined;
      if (!d || e.event !== 'Sign up') return;
      if (signupId.has(d))
        expect(e.properties.$insert_id).toBe(signupId.get(d)); // only retried sends
      else signupAt.set(d, i);
      signupId.set(d, e.properties.$insert_id);
    });
    expect(signupAt.size).toBeGreaterThan(3000); // ~65% of 5000 users sign up in the window
    const profileSignup = new Map(profiles.map((p) => [p.$distinct_id, p.$properties.signup_date as string | undefined]));
    let checked = 0;
    for (const [d, i] of signupAt) {
      const ps = profileSignup.get(d);
      if (ps === undefined) continue;
      expect(ps).toBe(new Date((events[i]!.properties.time as number) * 1000).toISOString().slice(0, 19));
      checked++;
    }
    expect(checked).toBeGreaterThan(2500);
    let purchases = 0;
    events.forEach((e, i) => {
      const d = e.properties.distinct_id as string | undefined;
      if (!d || e.event !== 'Purchase') return;
      purchases++;
      const at = signupAt.get(d);
      if (at !== undefined) {
        expect(at).toBeLessThan(i);
        expect(events[at]!.properties.time as number).toBeLessThanOrEqual(e.properties.time as number);
      } else {
        // users without a Sign up event signed up before the window
        const ps = profileSignup.get(d);
        if (ps !== undefined) expect(ps < '2024-01-02').toBe(true);
      }
    });
    expect(purchases).toBeGreaterThan(1000);
  });

  it('step conversion decreases and Page View is the most common event', () => {
    const byEvent = new Map<string, Set<unknown>>();
    const counts = new Map<string, number>();
    for (const e of events) {
      counts.set(e.event, (counts.get(e.event) ?? 0) + 1);
      let s = byEvent.get(e.event);
      if (!s) byEvent.set(e.event, (s = new Set()));
      s.add(e.properties.distinct_id);
    }
    const c = (k: string) => counts.get(k)!;
    expect(c('Page View')).toBe(Math.max(...counts.values()));
    expect(c('View Item')).toBeGreaterThan(c('Add To Cart'));
    expect(c('Add To Cart')).toBeGreaterThan(c('Purchase'));
    const u = (k: string) => byEvent.get(k)!.size;
    expect(u('View Item')).toBeGreaterThan(u('Add To Cart'));
    expect(u('Add To Cart')).toBeGreaterThan(u('Purchase'));
    // every purchase follows an Add To Cart by the same user
    const carted = new Set<unknown>();
    for (const e of events) {
      if (e.event === 'Add To Cart') carted.add(e.properties.distinct_id);
      if (e.event === 'Purchase' && e.properties.distinct_id) expect(carted.has(e.properties.distinct_id)).toBe(true);
    }
  });

  it('has weekday and hour-of-day seasonality', () => {
    const dow = new Array<number>(7).fill(0);
    for (const e of events) dow[new Date((e.properties.time as number) * 1000).getUTCDay()]!++;
    const weekday = (dow[1]! + dow[2]! + dow[3]! + dow[4]!) / 4;
    const weekend = (dow[0]! + dow[6]!) / 2;
    expect(weekend / weekday).toBeLessThan(0.85);
  });
});

describe('streaming', () => {
  it('iterating 2M events keeps heap usage flat', () => {
    v8.setFlagsFromString('--expose-gc');
    const gc = vm.runInNewContext('gc') as () => void;
    let n = 0;
    let base = 0;
    let peak = 0;
    for (const e of demoEvents({ events: 2_000_000, users: 5000 })) {
      n++;
      if (n % 250_000 === 0) {
        gc();
        const h = process.memoryUsage().heapUsed;
        if (n === 250_000) base = h;
        peak = Math.max(peak, h);
      }
      if (e.event === '') break;
    }
    expect(n).toBe(2_000_000);
    // a materialised list of 2M records would take ~1 GB
    expect(peak - base).toBeLessThan(16 * 1024 * 1024);
    // generation speed is measured by the benchmark, not asserted here (shared, noisy machines)
  });
});
