/**
 * `quarry count EVENT...`: how many times (total) or by how many users (unique) each
 * event was done, optionally per value of an event property (`--by`), within days,
 * a selector, and cohorts. One pass per partition, pruned by day and by the
 * manifest's event-name counts.
 */
import { UsageError, UserError } from '../errors.js';
import { closest } from '../did-you-mean.js';
import { selectorHints } from '../selector/index.js';
import { eventCatalog, eventNames } from '../selector/index.js';
import { CohortEngine } from '../cohort/index.js';
import { compileVector, parseSelector } from '../selector/index.js';
import { type Column, type Store, valueAt } from '../store/index.js';

export interface CountOptions {
  events: string[];
  unique?: boolean;
  /** Inclusive days "YYYY-MM-DD" in the project timezone. */
  from?: string;
  to?: string;
  /** Selector over event properties. */
  where?: string;
  /** Event property to break the counts down by. */
  by?: string;
  /** Only events of members of all these cohorts. */
  cohorts?: string[];
  asOfMs?: number;
}

export interface CountRow {
  event: string;
  /** The `by` value (null: the property is not set). Present only with `by`. */
  value?: unknown;
  count: number;
}

const NOT_SET = '\u0000unset';

function keyOf(col: Column | undefined, r: number): string {
  const v = valueAt(col, r);
  return v === undefined || v === null ? NOT_SET : JSON.stringify(v);
}

export function countEvents(store: Store, o: CountOptions): CountRow[] {
  if (o.events.length === 0) throw new UserError('name at least one event to count');
  for (const d of [o.from, o.to]) if (d !== undefined && !/^\d{4}-\d\d-\d\d$/.test(d)) throw new UsageError(`dates are "YYYY-MM-DD", got ${JSON.stringify(d)}`);
  if (o.from !== undefined && o.to !== undefined && o.from > o.to) throw new UsageError(`--from ${o.from} is after --to ${o.to}: swap them`);
  const events = [...new Set(o.events)];
  const n = store.users.size;
  const env = { timezone: store.timezone, nowSeconds: Math.floor((o.asOfMs ?? Date.now()) / 1000) };
  const selector = o.where === undefined || o.where.trim() === '' ? null : compileVector(parseSelector(o.where), 'event', env);
  let members: Uint8Array | null = null;
  if (o.cohorts?.length) {
    const engine = new CohortEngine(store, o.asOfMs ?? Date.now());
    members = new Uint8Array(n).fill(1);
    for (const c of o.cohorts) {
      const m = engine.members(c);
      for (let i = 0; i < n; i++) members[i]! &= m[i]!;
    }
  }
  const totals = new Float64Array(events.length);
  const seen = o.unique && o.by === undefined ? events.map(() => new Uint8Array(n)) : null;
  const byCounts = o.by === undefined ? null : events.map(() => new Map<string, number>());
  const bySeen = o.by !== undefined && o.unique ? events.map(() => new Map<string, Set<number>>()) : null;
  for (const day of store.days(o.from, o.to)) {
    const meta = store.partitionMeta(day)!;
    if (!events.some((e) => meta.names[e]! > 0)) continue;
    const part = store.openPartition(day);
    const dict = part.name.dictionary;
    const slotOf = new Int32Array(dict.length).fill(-1);
    events.forEach((e, s) => {
      const i = dict.indexOf(e);
      if (i >= 0) slotOf[i] = s;
    });
    const names = part.name.indices;
    const users = part.user;
    const mask =
      selector === null
        ? null
        : selector({ length: part.length, column: (src, key) => (src === 'properties' ? part.column(key) : undefined), time: part.time });
    const byCol = o.by === undefined ? undefined : part.column(o.by);
    for (let r = 0; r < part.length; r++) {
      const s = slotOf[names[r]!]!;
      if (s < 0 || (mask !== null && mask[r] === 0)) continue;
      const u = users[r]!;
      if (members !== null && (u < 0 || members[u] === 0)) continue;
      if (byCounts !== null) {
        const k = keyOf(byCol, r);
        if (bySeen !== null) {
          if (u < 0) continue;
          let set = bySeen[s]!.get(k);
          if (set === undefined) bySeen[s]!.set(k, (set = new Set()));
          set.add(u);
        } else byCounts[s]!.set(k, (byCounts[s]!.get(k) ?? 0) + 1);
      } else if (seen !== null) {
        if (u >= 0 && seen[s]![u] === 0) {
          seen[s]![u] = 1;
          totals[s]!++;
        }
      } else totals[s]!++;
    }
  }
  if (byCounts === null) return events.map((event, s) => ({ event, count: totals[s]! }));
  const rows: CountRow[] = [];
  events.forEach((event, s) => {
    const entries: [string, number][] = bySeen !== null ? [...bySeen[s]!].map(([k, set]) => [k, set.size]) : [...byCounts[s]!];
    entries.sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
    for (const [k, count] of entries) rows.push({ event, value: k === NOT_SET ? null : JSON.parse(k), count });
  });
  return rows;
}

/**
 * Why a count may be a silent zero: event names the store never saw, a `--by`
 * property no event has, `--where` hints (unknown properties, text compared with a
 * number), days outside the data. Printed on stderr; the counts are unchanged.
 */
export function countHints(store: Store, o: CountOptions): string[] {
  const hints: string[] = [];
  const names = eventNames(store);
  for (const e of new Set(o.events)) if (!names.has(e)) hints.push(`no event is named ${JSON.stringify(e)} in this store${closest(e, names)}`);
  const catalog = eventCatalog(store);
  if (o.by !== undefined && !catalog.keys.has(o.by)) hints.push(`no event has the property ${JSON.stringify(o.by)} (--by)${closest(o.by, catalog.keys)}`);
  if (o.where !== undefined && o.where.trim() !== '') hints.push(...selectorHints(parseSelector(o.where), catalog));
  const days = store.days();
  if (days.length && (o.from !== undefined || o.to !== undefined) && store.days(o.from, o.to).length === 0) {
    hints.push(`no events between ${o.from ?? 'the start'} and ${o.to ?? 'the end'}: this store's events run from ${days[0]} to ${days[days.length - 1]}`);
  }
  return hints;
}
