// Deterministic generator of realistic demo data in Mixpanel's hosted export shapes:
// raw event export lines (spec A1) and engage profile export records (spec B1).
//
// Determinism: every random draw comes from a seeded sfc32 (prng.ts) and every time is
// computed from `endDay` with Date.UTC, so equal options give byte-identical output on any
// machine and in any timezone.
//
// Streaming: events are produced day by day. For a day we keep only a compact plan of its
// sessions (a few typed arrays, about events/days/6 entries) and a small heap of the
// sessions that are open at the current instant; records are built one at a time as they are
// yielded. Memory therefore depends on the number of users and on events per day, never on
// the total event count.

import { Rng, Weighted, b36x7, hash32, hex8, mix32 } from './prng.js';
import {
  CATEGORIES,
  CATEGORY_PRICE,
  CATEGORY_WEIGHT,
  COMPANY_DOMAINS,
  COUNTRIES,
  FIRST_NAMES,
  FREE_MAIL,
  FREE_MAIL_WEIGHT,
  HOUR_WEIGHT,
  ITEMS_PER_CATEGORY,
  LAST_NAMES,
  LOGIN_METHODS,
  LOGIN_WEIGHT,
  PAGES,
  PAGE_WEIGHT,
  PAYMENT_METHODS,
  PAYMENT_WEIGHT,
  PLANS,
  PLAN_WEIGHT,
  PLATFORMS,
  SIGNUP_METHODS,
  SIGNUP_WEIGHT,
  UTM_SOURCES,
  UTM_WEIGHT,
  WEEKDAY_WEIGHT,
} from './pools.js';

export interface DemoOptions {
  /** Exact number of event records to yield (duplicates included). Default 200_000. */
  events?: number;
  /** Users with events. Default max(50, floor(events / 40)). */
  users?: number;
  /** Length of the event window in days. Default 90. */
  days?: number;
  /** Last day of the window (inclusive), "YYYY-MM-DD", UTC. Default "2024-03-31". */
  endDay?: string;
  /** PRNG seed (any integer). Default 42. */
  seed?: number;
}

/** One line of the hosted raw export (`GET /api/2.0/export`). */
export interface RawExportEvent {
  event: string;
  properties: Record<string, unknown>;
}

/** One engage profile export record. */
export interface EngageRecord {
  $distinct_id: string;
  $properties: Record<string, unknown>;
}

// ---------------------------------------------------------------------------------------
// Tunables (documented in docs/demo-data.md)

/** Share of event users who signed up before the window (no `Sign up` event in the data). */
export const PRE_WINDOW_USER_SHARE = 0.35;
/** Share of event users without a profile. */
export const NO_PROFILE_SHARE = 0.1;
/** Profiles of users without any events, as a share of `users`. */
export const PROFILE_ONLY_SHARE = 0.05;
/** Share of records that are exact re-sends of the previous record. */
export const DUPLICATE_RATE = 0.003;
/** Per-event probability that distinct_id is missing (2/3) or "" (1/3). */
export const ANONYMOUS_RATE = 0.00006;
/** Per-event probability that one numeric property is sent as a numeric string. */
export const NUMERIC_STRING_RATE = 0.004;
/** Per-event probability of one `null` property value. */
export const NULL_RATE = 0.0015;

const DAY = 86400;
const LAST_SEC = DAY - 1;
const KEY_SHIFT = 4294967296; // 2^32: sort key = startSecond * 2^32 + planIndex

// Event type codes
const SIGN_UP = 0;
const LOGIN = 1;
const PAGE_VIEW = 2;
const VIEW_ITEM = 3;
const ADD_TO_CART = 4;
const PURCHASE = 5;
const EVENT_NAMES = ['Sign up', 'Login', 'Page View', 'View Item', 'Add To Cart', 'Purchase'] as const;

// ---------------------------------------------------------------------------------------
// Options

interface Config {
  events: number;
  users: number;
  days: number;
  seed: number;
  /** Unix seconds of 00:00 UTC on the first day of the window. */
  windowStart: number;
  /** Users [0, preWindow) signed up before the window. */
  preWindow: number;
  /** Users [users, users + profileOnly) have a profile and no events. */
  profileOnly: number;
}

function nonNegInt(name: string, v: unknown, min: number): number {
  if (typeof v !== 'number' || !Number.isSafeInteger(v) || v < min) {
    throw new RangeError(`demo data: ${name} must be an integer >= ${min}, got ${String(v)}`);
  }
  return v;
}

function resolve(o: DemoOptions): Config {
  const events = nonNegInt('events', o.events ?? 200_000, 0);
  const users = nonNegInt('users', o.users ?? Math.max(50, Math.floor(events / 40)), 1);
  const days = nonNegInt('days', o.days ?? 90, 1);
  const seed = nonNegInt('seed', o.seed ?? 42, Number.MIN_SAFE_INTEGER); // any safe integer
  const endDay = o.endDay ?? '2024-03-31';
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(endDay);
  const endMs = m ? Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])) : NaN;
  if (!m || new Date(endMs).toISOString().slice(0, 10) !== endDay) {
    throw new RangeError(`demo data: endDay must be a valid "YYYY-MM-DD" date, got ${JSON.stringify(endDay)}`);
  }
  const windowStart = endMs / 1000 - (days - 1) * DAY;
  const preWindow = Math.max(1, Math.round(users * PRE_WINDOW_USER_SHARE));
  const profileOnly = Math.round(users * PROFILE_ONLY_SHARE);
  // Fold the seed to 32 bits, keeping high bits for seeds beyond 2^32.
  const seed32 = mix32((seed >>> 0) ^ mix32(Math.floor(seed / 4294967296) >>> 0));
  return { events, users, days, seed: seed32, windowStart, preWindow, profileOnly };
}

// ---------------------------------------------------------------------------------------
// Shared per-user traits (used by both generators so events and profiles agree)

const COUNTRY_TABLE = new Weighted(COUNTRIES.map((c) => c.weight));
const PLATFORM_TABLE = new Weighted(PLATFORMS.map((p) => p.weight));
const HOUR_TABLE = new Weighted(HOUR_WEIGHT);
const CATEGORY_TABLE = new Weighted(CATEGORY_WEIGHT);

interface Traits {
  id: string;
  country: number;
  city: number;
  platform: number;
  /** Relative activity (Pareto, heavy-tailed). */
  weight: number;
  /** Bit i set = CATEGORIES[i] is a favourite. */
  favorites: number;
  /** Unix seconds. */
  signup: number;
  /** For pre-window users: the day of their guaranteed in-window session. */
  firstDay: number;
  hasProfile: boolean;
}

function uuid(r: Rng): string {
  const a = r.u32();
  const b = r.u32();
  const c = r.u32();
  const d = r.u32();
  const h = hex8(b);
  const v = hex8(c);
  return `${hex8(a)}-${h.slice(0, 4)}-4${h.slice(5, 8)}-${'89ab'[c >>> 30]}${v.slice(1, 4)}-${v.slice(4, 8)}${hex8(d)}`;
}

/** A local second-of-day drawn from the hour-of-day profile, converted to UTC. */
function utcSecondOfDay(r: Rng, offsetHours: number): number {
  const local = HOUR_TABLE.pick(r) * 3600 + r.int(3600);
  return (((local - offsetHours * 3600) % DAY) + DAY) % DAY;
}

function traits(cfg: Config, u: number): Traits {
  const r = new Rng(cfg.seed, u + 1);
  const id = uuid(r);
  const country = COUNTRY_TABLE.pick(r);
  const cities = COUNTRIES[country]!.cities;
  const city = Math.floor(cities.length * Math.pow(r.float(), 1.5)); // first cities are bigger
  const platform = PLATFORM_TABLE.pick(r);
  const weight = Math.min(150, Math.pow(1 - r.float(), -1 / 1.25)); // Pareto(alpha 1.25), >= 1
  let favorites = 0;
  const nFav = [0, 1, 1, 2, 2, 2, 3, 3][r.int(8)]!;
  for (let i = 0; i < nFav; i++) favorites |= 1 << CATEGORY_TABLE.pick(r);
  const second = utcSecondOfDay(r, cities[city]![1]);
  let signup: number;
  let firstDay = -1;
  if (u < cfg.preWindow || u >= cfg.users) {
    // Signed up 1..730 days before the window, more of them recently.
    const daysBefore = 1 + Math.floor(730 * Math.pow(r.float(), 1.6));
    signup = cfg.windowStart - daysBefore * DAY + second;
    firstDay = Math.floor(cfg.days * Math.pow(r.float(), 1.7));
  } else {
    // In-window signups are spread evenly over the window, in user-index order.
    const day = Math.floor(((u - cfg.preWindow) * cfg.days) / (cfg.users - cfg.preWindow));
    signup = cfg.windowStart + day * DAY + second;
  }
  const hasProfile = u >= cfg.users || r.float() >= NO_PROFILE_SHARE;
  return { id, country, city, platform, weight, favorites, signup, firstDay, hasProfile };
}

// ---------------------------------------------------------------------------------------
// Item catalogue (fixed, independent of the seed)

const ITEM_COUNT = CATEGORIES.length * ITEMS_PER_CATEGORY;
const ITEM_IDS: string[] = [];
const ITEM_PRICE = new Float64Array(ITEM_COUNT);
const CATEGORY_PAGES = CATEGORIES.map((c) => `/category/${c}`);
for (let i = 0; i < ITEM_COUNT; i++) {
  const cat = Math.floor(i / ITEMS_PER_CATEGORY);
  ITEM_IDS.push(`SKU-${10000 + cat * 100 + (i % ITEMS_PER_CATEGORY)}`);
  const [lo, hi] = CATEGORY_PRICE[cat]!;
  const f = hash32(i, 77) / 4294967296;
  const raw = lo + (hi - lo) * f * f;
  const cents = [0.99, 0.99, 0.99, 0.49, 0.0][hash32(i, 78) % 5]!;
  ITEM_PRICE[i] = Math.floor(raw) + cents;
}

const PAGE_TABLE = new Weighted(PAGE_WEIGHT);
const UTM_TABLE = new Weighted(UTM_WEIGHT);
const LOGIN_TABLE = new Weighted(LOGIN_WEIGHT);
const SIGNUP_TABLE = new Weighted(SIGNUP_WEIGHT);
const PAYMENT_TABLE = new Weighted(PAYMENT_WEIGHT);

function round2(x: number): number {
  return Math.round(x * 100) / 100;
}

// ---------------------------------------------------------------------------------------
// Users table for the event generator (typed arrays: O(users) memory)

interface UserTable {
  ids: string[];
  country: Uint8Array;
  city: Uint8Array;
  platform: Uint8Array;
  favorites: Uint16Array;
  /** Signup second of day (UTC), for in-window signups. */
  signupSecond: Int32Array;
  cumWeight: Float64Array;
  /** Users [0, eligible[d]) may have sessions on day d (pre-window + signed up before d). */
  eligible: Int32Array;
  /** Pre-window users grouped by firstDay: preByDay[preStart[d] .. preStart[d+1]). */
  preStart: Int32Array;
  preByDay: Int32Array;
}

function buildUsers(cfg: Config): UserTable {
  const n = cfg.users;
  const t: UserTable = {
    ids: new Array<string>(n),
    country: new Uint8Array(n),
    city: new Uint8Array(n),
    platform: new Uint8Array(n),
    favorites: new Uint16Array(n),
    signupSecond: new Int32Array(n),
    cumWeight: new Float64Array(n),
    eligible: new Int32Array(cfg.days + 1),
    preStart: new Int32Array(cfg.days + 1),
    preByDay: new Int32Array(cfg.preWindow),
  };
  const firstDay = new Int32Array(cfg.preWindow);
  let cum = 0;
  for (let u = 0; u < n; u++) {
    const tr = traits(cfg, u);
    t.ids[u] = tr.id;
    t.country[u] = tr.country;
    t.city[u] = tr.city;
    t.platform[u] = tr.platform;
    t.favorites[u] = tr.favorites;
    cum += tr.weight;
    t.cumWeight[u] = cum;
    if (u < cfg.preWindow) {
      firstDay[u] = tr.firstDay;
    } else {
      const rel = tr.signup - cfg.windowStart;
      t.signupSecond[u] = rel % DAY;
    }
  }
  // eligible[d] = preWindow + number of in-window users whose signup day < d
  for (let d = 0; d <= cfg.days; d++) {
    // in-window user u has day floor((u-P)*days/(n-P)) < d  <=>  u-P < ceil(d*(n-P)/days)
    t.eligible[d] = Math.min(n, cfg.preWindow + Math.ceil((d * (n - cfg.preWindow)) / cfg.days));
  }
  // counting sort of pre-window users by firstDay
  const counts = new Int32Array(cfg.days + 1);
  for (let u = 0; u < cfg.preWindow; u++) counts[firstDay[u]! + 1]!++;
  for (let d = 0; d < cfg.days; d++) counts[d + 1]! += counts[d]!;
  t.preStart.set(counts);
  const fill = counts.slice();
  for (let u = 0; u < cfg.preWindow; u++) t.preByDay[fill[firstDay[u]!]!++] = u;
  return t;
}

/** Weighted choice among users [0, n) (cumulative activity weights). */
function pickUser(rng: Rng, cum: Float64Array, n: number): number {
  const x = rng.float() * cum[n - 1]!;
  let lo = 0;
  let hi = n - 1;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (cum[mid]! > x) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

/** Events per day: weekday seasonality x size of the active user base x noise; sums to N exactly. */
function dayBudgets(cfg: Config, users: UserTable, rng: Rng): Float64Array {
  const days = cfg.days;
  const w = new Float64Array(days);
  const total = users.cumWeight[cfg.users - 1]!;
  let sum = 0;
  for (let d = 0; d < days; d++) {
    const dow = new Date((cfg.windowStart + d * DAY) * 1000).getUTCDay();
    const active = users.cumWeight[users.eligible[d]! - 1]! / total;
    w[d] = WEEKDAY_WEIGHT[dow]! * (0.45 + 0.55 * active) * (0.92 + 0.16 * rng.float());
    sum += w[d]!;
  }
  const out = new Float64Array(days);
  const rem: number[] = [];
  let assigned = 0;
  for (let d = 0; d < days; d++) {
    const q = (cfg.events * w[d]!) / sum;
    out[d] = Math.floor(q);
    assigned += out[d]!;
    rem.push(d);
    w[d] = q - out[d]!;
  }
  rem.sort((a, b) => w[b]! - w[a]! || a - b);
  for (let i = 0; assigned < cfg.events; i = (i + 1) % days, assigned++) out[rem[i]!]!++;
  return out;
}

// ---------------------------------------------------------------------------------------
// Sessions

class Session {
  /** Second of day (UTC) of the next event. */
  t = 0;
  remaining = 0;
  last = -1;
  first = true;
  signup = false;
  cartTotal = 0;
  cartCount = 0;
  item = -1;
  utm: string | undefined = undefined;
  country = 0;
  city = 0;
  constructor(
    readonly seq: number,
    readonly user: number,
  ) {}
}

function before(a: Session, b: Session): boolean {
  return a.t < b.t || (a.t === b.t && a.seq < b.seq);
}

function heapPush(h: Session[], s: Session): void {
  let i = h.length;
  h.push(s);
  while (i > 0) {
    const p = (i - 1) >> 1;
    if (!before(s, h[p]!)) break;
    h[i] = h[p]!;
    i = p;
  }
  h[i] = s;
}

function heapSiftDown(h: Session[], i: number): void {
  const n = h.length;
  const s = h[i]!;
  for (;;) {
    let c = 2 * i + 1;
    if (c >= n) break;
    if (c + 1 < n && before(h[c + 1]!, h[c]!)) c++;
    if (!before(h[c]!, s)) break;
    h[i] = h[c]!;
    i = c;
  }
  h[i] = s;
}

function sessionLength(rng: Rng): number {
  return 1 + Math.floor(rng.exp(rng.float() < 0.06 ? 16 : 4));
}

function nextType(s: Session, rng: Rng): number {
  const r = rng.float();
  if (s.first) {
    s.first = false;
    return s.signup ? SIGN_UP : r < 0.45 ? LOGIN : PAGE_VIEW;
  }
  switch (s.last) {
    case VIEW_ITEM:
      return r < 0.3 ? PAGE_VIEW : r < 0.72 ? VIEW_ITEM : ADD_TO_CART;
    case ADD_TO_CART:
      return r < 0.4 ? PURCHASE : r < 0.72 ? VIEW_ITEM : PAGE_VIEW;
    case PURCHASE:
      return r < 0.75 ? PAGE_VIEW : VIEW_ITEM;
    default: // Sign up, Login, Page View
      return r < 0.6 ? PAGE_VIEW : VIEW_ITEM;
  }
}

/** Seconds until the next event of the session, after an event of type `type`. */
function gapAfter(type: number, rng: Rng): number {
  switch (type) {
    case PAGE_VIEW:
      return 3 + Math.floor(rng.exp(25));
    case VIEW_ITEM:
      return 5 + Math.floor(rng.exp(45));
    case ADD_TO_CART:
      return 4 + Math.floor(rng.exp(30));
    case PURCHASE:
      return 5 + Math.floor(rng.exp(60));
    default:
      return 2 + Math.floor(rng.exp(15));
  }
}

function pickItem(rng: Rng, favorites: number): number {
  let cat: number;
  if (favorites !== 0 && rng.float() < 0.6) {
    // a favourite category, uniformly among the set bits
    let bits = 0;
    for (let f = favorites; f !== 0; f &= f - 1) bits++;
    let k = rng.int(bits);
    cat = 0;
    for (let f = favorites; ; f &= f - 1) {
      if (k-- === 0) {
        cat = 31 - Math.clz32(f & -f);
        break;
      }
    }
  } else {
    cat = CATEGORY_TABLE.pick(rng);
  }
  return cat * ITEMS_PER_CATEGORY + Math.floor(ITEMS_PER_CATEGORY * Math.pow(rng.float(), 2.2));
}

// ---------------------------------------------------------------------------------------
// Events

/**
 * Stream `events` raw-export records in time order (non-decreasing `properties.time`).
 * Memory is bounded by the user count and the events of one day; never by the total.
 */
export function* demoEvents(o: DemoOptions = {}): Generator<RawExportEvent> {
  const cfg = resolve(o);
  if (cfg.events === 0) return;
  const users = buildUsers(cfg);
  const rng = new Rng(cfg.seed, 0);
  const budgets = dayBudgets(cfg, users, rng);

  // Per-day session plan, reused across days.
  let cap = 1024;
  let planUser = new Int32Array(cap);
  let planLen = new Int32Array(cap);
  let planSignup = new Uint8Array(cap);
  let keys = new Float64Array(cap);
  let planned = 0;
  const add = (u: number, len: number, second: number, signup: boolean): void => {
    if (planned === cap) {
      cap *= 2;
      const grow = <T extends Int32Array | Uint8Array | Float64Array>(a: T, b: T): T => (b.set(a), b);
      planUser = grow(planUser, new Int32Array(cap));
      planLen = grow(planLen, new Int32Array(cap));
      planSignup = grow(planSignup, new Uint8Array(cap));
      keys = grow(keys, new Float64Array(cap));
    }
    planUser[planned] = u;
    planLen[planned] = len;
    planSignup[planned] = signup ? 1 : 0;
    keys[planned] = second * KEY_SHIFT + planned;
    planned++;
  };

  let serial = 0; // index of the original (non-duplicate) event, for $insert_id
  const key1 = hash32(cfg.seed, 11);
  const key2 = hash32(cfg.seed, 12);
  const heap: Session[] = [];

  for (let d = 0; d < cfg.days; d++) {
    const budget = budgets[d]!;
    if (budget === 0) continue;
    const dayStart = cfg.windowStart + d * DAY;
    let dups = Math.min(Math.floor(budget * DUPLICATE_RATE + rng.float()), Math.floor(budget / 2));
    let originals = budget - dups;

    // 1. plan the day's sessions
    planned = 0;
    let remaining = originals;
    for (let u = users.eligible[d]!; u < users.eligible[d + 1]! && remaining > 0; u++) {
      const len = Math.min(remaining, 1 + sessionLength(rng));
      add(u, len, users.signupSecond[u]!, true);
      remaining -= len;
    }
    for (let i = users.preStart[d]!; i < users.preStart[d + 1]! && remaining > 0; i++) {
      const u = users.preByDay[i]!;
      const len = Math.min(remaining, sessionLength(rng));
      add(u, len, utcSecondOfDay(rng, COUNTRIES[users.country[u]!]!.cities[users.city[u]!]![1]), false);
      remaining -= len;
    }
    const eligible = users.eligible[d]!;
    while (remaining > 0) {
      const u = pickUser(rng, users.cumWeight, eligible);
      const len = Math.min(remaining, sessionLength(rng));
      add(u, len, utcSecondOfDay(rng, COUNTRIES[users.country[u]!]!.cities[users.city[u]!]![1]), false);
      remaining -= len;
    }
    const order = keys.subarray(0, planned).sort();

    // 2. merge the sessions' events in time order
    let next = 0;
    while (next < planned || heap.length > 0) {
      while (next < planned) {
        const k = order[next]!;
        const second = Math.floor(k / KEY_SHIFT);
        if (heap.length > 0 && heap[0]!.t < second) break;
        const i = k - second * KEY_SHIFT;
        const u = planUser[i]!;
        const s = new Session(next, u);
        s.t = second;
        s.remaining = planLen[i]!;
        s.signup = planSignup[i] === 1;
        s.country = users.country[u]!;
        s.city = users.city[u]!;
        if (rng.float() < 0.03) {
          // travelling / VPN
          s.country = COUNTRY_TABLE.pick(rng);
          s.city = rng.int(COUNTRIES[s.country]!.cities.length);
        }
        s.utm = rng.float() < 0.45 ? UTM_SOURCES[UTM_TABLE.pick(rng)] : undefined;
        heapPush(heap, s);
        next++;
      }
      const s = heap[0]!;
      const ev = makeEvent(s, dayStart + s.t, users, rng, serial++, key1, key2);
      // advance or close the session
      if (--s.remaining > 0) {
        s.t = Math.min(LAST_SEC, s.t + gapAfter(s.last, rng));
        heapSiftDown(heap, 0);
      } else {
        const last = heap.pop()!;
        if (heap.length > 0) {
          heap[0] = last;
          heapSiftDown(heap, 0);
        }
      }
      yield ev;
      // selection sampling: exactly `dups` retried sends among the day's originals
      if (dups > 0 && rng.float() * originals < dups) {
        dups--;
        yield { event: ev.event, properties: { ...ev.properties } };
      }
      originals--;
    }
  }
}

function makeEvent(s: Session, time: number, users: UserTable, rng: Rng, serial: number, key1: number, key2: number): RawExportEvent {
  const type = nextType(s, rng);
  s.last = type;
  const plat = PLATFORMS[users.platform[s.user]!]!;
  const h1 = mix32((serial ^ key1) >>> 0); // bijective in serial: ids never collide
  const h2 = mix32(h1 ^ key2);
  const h3 = mix32(h2 + serial);
  const insertId = plat.lib === 'web' ? `${b36x7(h1)}-${b36x7(h2)}-${b36x7(h3)}` : hex8(h1) + hex8(h2) + hex8(h3) + hex8(mix32(h3 ^ key1));
  const country = COUNTRIES[s.country]!;
  const p: Record<string, unknown> = {
    time,
    distinct_id: users.ids[s.user],
    $insert_id: insertId,
    mp_lib: plat.lib,
    $os: plat.os,
  };
  if (plat.browser !== undefined) p.$browser = plat.browser;
  p.$city = country.cities[s.city]![0];
  p.mp_country_code = country.code;
  const messy = rng.float();
  switch (type) {
    case SIGN_UP:
      p.method = SIGNUP_METHODS[SIGNUP_TABLE.pick(rng)];
      if (s.utm !== undefined) p.utm_source = s.utm;
      break;
    case LOGIN:
      p.method = LOGIN_METHODS[LOGIN_TABLE.pick(rng)];
      break;
    case PAGE_VIEW: {
      const page = PAGES[PAGE_TABLE.pick(rng)]!;
      p.page = page === '/category' ? CATEGORY_PAGES[CATEGORY_TABLE.pick(rng)] : page;
      if (s.utm !== undefined) p.utm_source = s.utm;
      if (messy < NULL_RATE) p.utm_source = null;
      break;
    }
    case VIEW_ITEM:
    case ADD_TO_CART: {
      const item = type === ADD_TO_CART && s.item >= 0 ? s.item : pickItem(rng, users.favorites[s.user]!);
      s.item = item;
      const price = ITEM_PRICE[item]!;
      p.item_id = ITEM_IDS[item];
      p.category = CATEGORIES[Math.floor(item / ITEMS_PER_CATEGORY)];
      p.price = messy > 1 - NUMERIC_STRING_RATE ? price.toFixed(2) : price;
      if (type === ADD_TO_CART) {
        const r = rng.float();
        const qty = r < 0.85 ? 1 : r < 0.96 ? 2 : 3;
        p.quantity = qty;
        s.cartTotal += price * qty;
        s.cartCount += qty;
      }
      break;
    }
    case PURCHASE: {
      const local = country.currency !== 'USD' && rng.float() < 0.8;
      const amount = round2(s.cartTotal * (local ? country.rate : 1));
      p.amount = messy > 1 - NUMERIC_STRING_RATE ? amount.toFixed(2) : amount;
      p.currency = local ? country.currency : 'USD';
      p.item_count = messy > 1 - NUMERIC_STRING_RATE / 2 ? String(s.cartCount) : s.cartCount;
      p.payment_method = PAYMENT_METHODS[PAYMENT_TABLE.pick(rng)];
      if (rng.float() < 0.08) p.coupon = rng.float() < 0.6 ? 'SPRING10' : 'WELCOME5';
      s.cartTotal = 0;
      s.cartCount = 0;
      break;
    }
  }
  if (messy < NULL_RATE && type !== PAGE_VIEW) p.$city = null;
  const r = rng.float();
  p.mp_processing_time_ms = time * 1000 + 120 + Math.floor(r < 0.005 ? rng.exp(3_600_000) : rng.exp(900));
  if (r > 1 - ANONYMOUS_RATE) {
    if (r > 1 - ANONYMOUS_RATE / 3) p.distinct_id = '';
    else delete p.distinct_id;
  }
  return { event: EVENT_NAMES[type]!, properties: p };
}

// ---------------------------------------------------------------------------------------
// Profiles

const FREE_MAIL_TABLE = new Weighted(FREE_MAIL_WEIGHT);
const PLAN_TABLE = new Weighted(PLAN_WEIGHT);

function iso(sec: number): string {
  return new Date(sec * 1000).toISOString().slice(0, 19);
}

function emailPart(s: string): string {
  return s
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/ø/g, 'o')
    .toLowerCase()
    .replace(/[^a-z0-9]/g, '');
}

/**
 * Stream engage profile export records: about 90% of the event users (in user order), then
 * `users * 5%` users who never sent an event.
 */
export function* demoProfiles(o: DemoOptions = {}): Generator<EngageRecord> {
  const cfg = resolve(o);
  const endSec = cfg.windowStart + cfg.days * DAY; // exclusive
  for (let u = 0; u < cfg.users + cfg.profileOnly; u++) {
    const tr = traits(cfg, u);
    if (!tr.hasProfile) continue;
    const r = new Rng(cfg.seed ^ 0x2545f491, u + 1);
    const missing = (p: number): boolean => r.float() < p;
    const first = r.pick(FIRST_NAMES);
    const last = r.pick(LAST_NAMES);
    const country = COUNTRIES[tr.country]!;
    const p: Record<string, unknown> = {};

    if (!missing(0.01)) {
      p.$name = `${first} ${last}`;
      p.$first_name = first;
      p.$last_name = last;
    }
    {
      const f = emailPart(first);
      const l = emailPart(last);
      const style = r.int(5);
      let local =
        style === 0
          ? `${f}.${l}`
          : style === 1
            ? `${f}${l}`
            : style === 2
              ? `${f[0]}${l}`
              : style === 3
                ? `${f}.${l}${r.int(100)}`
                : `${f}_${l}${1960 + r.int(45)}`;
      const company = r.float() < 0.3;
      const domain = company ? r.pick(COMPANY_DOMAINS) : FREE_MAIL[FREE_MAIL_TABLE.pick(r)]!;
      if (company) local = style === 2 ? `${f[0]}${l}` : `${f}.${l}`;
      let email = `${local}@${domain}`;
      if (r.float() < 0.01) email = `${first}.${last}@${domain}`.replace(/\s/g, ''); // unnormalised case
      if (!missing(0.03)) p.$email = email;
    }
    if (!missing(0.04)) p.$city = country.cities[tr.city]![0];
    if (!missing(0.02)) p.$country_code = country.code;
    {
      let plan = PLANS[PLAN_TABLE.pick(r)]!;
      if (tr.weight > 8 && plan === 'free' && r.float() < 0.6) plan = 'premium';
      if (!missing(0.01)) p.plan = plan;
    }
    if (!missing(0.02)) p.signup_date = iso(tr.signup);
    {
      const age = Math.min(85, Math.max(16, Math.round(r.normal(35, 11))));
      if (!missing(0.08)) p.age = age;
    }
    p.$created = iso(tr.signup);
    {
      let seen: number;
      if (u < cfg.users) {
        const floor = Math.max(tr.signup, cfg.windowStart);
        seen = Math.max(floor, endSec - 1 - Math.floor(r.exp((12 * DAY) / Math.sqrt(tr.weight))));
      } else {
        seen = tr.signup + Math.floor(r.float() * (cfg.windowStart - tr.signup));
      }
      p.$last_seen = iso(seen);
    }
    {
      const favs: string[] = [];
      for (let i = 0; i < CATEGORIES.length; i++) if (tr.favorites & (1 << i)) favs.push(CATEGORIES[i]!);
      if (!missing(0.05)) p.favorite_categories = favs;
    }
    {
      const newsletter = r.float() < 0.35;
      if (!missing(0.03)) p.newsletter = newsletter;
    }
    yield { $distinct_id: tr.id, $properties: p };
  }
}
