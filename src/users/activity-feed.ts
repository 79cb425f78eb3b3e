/**
 * One user's history: the profile and the events, newest first. Partitions are read
 * from the newest day back, and since rows are ordered by (user, time) the user's
 * events in a partition are one binary-searched range: a feed costs a few column reads
 * per day, not a scan.
 */
import { UserError } from '../errors.js';
import { bucketOf, type DayPartition, lowerBound, propertyBag, type Store, valueAt } from '../store/index.js';
import { formatLocal } from '../time/index.js';

export interface FeedEvent {
  name: string;
  /** UTC ms. */
  time: number;
  /** "YYYY-MM-DDTHH:MM:SS" in the project timezone. */
  localTime: string;
  properties: Record<string, unknown>;
}

export interface UserHistory {
  distinctId: string;
  timezone: string;
  profile: { properties: Record<string, unknown>; lastSeen: string; updated: string } | null;
  events: FeedEvent[];
  /** Time (UTC ms) to pass as `before` for the next page; null when there are no older events. */
  nextBefore: number | null;
}

function eventAt(part: DayPartition, r: number, tz: string): FeedEvent {
  const props = propertyBag();
  for (const k of part.keys()) {
    const v = valueAt(part.column(k), r);
    if (v !== undefined) props[k] = v;
  }
  const ins = part.column('$insert_id');
  const id = ins === undefined ? undefined : valueAt(ins, r);
  if (id !== undefined) props.$insert_id = id;
  const time = part.time[r]!;
  return { name: part.name.dictionary[part.name.indices[r]!]!, time, localTime: formatLocal(tz, time), properties: props };
}

export function userHistory(store: Store, distinctId: string, o: { limit?: number; beforeMs?: number } = {}): UserHistory {
  const tz = store.timezone;
  const u = store.users.lookup(distinctId);
  if (u === undefined)
    throw new UserError(`no user with distinct_id ${JSON.stringify(distinctId)} in this store (no profile, no events); list users with: quarry users --all`);
  const table = store.profiles();
  const row = table === null ? -1 : table.rowOfUser(u);
  const profile =
    row < 0 ? null : { properties: table!.propertiesAt(row), lastSeen: formatLocal(tz, table!.lastSeen[row]!), updated: formatLocal(tz, table!.time[row]!) };
  const limit = o.limit ?? 20;
  const before = o.beforeMs ?? Infinity;
  // One event more than asked for tells whether there is an older page.
  const events: FeedEvent[] = [];
  const bucket = bucketOf(u, store.buckets);
  for (const day of store.days().reverse()) {
    if (events.length > limit) break;
    const meta = store.partitionMeta(day)!;
    if (meta.minTime >= before) continue;
    const part = store.openBuckets(day, (b) => b === bucket); // only the user's bucket
    if (part === null) continue;
    const users = part.user;
    const lo = lowerBound(users, u);
    const hi = lowerBound(users, u + 1);
    // Within the user's range rows are ascending by time: walk it backwards.
    for (let r = hi - 1; r >= lo && events.length <= limit; r--) {
      if (part.time[r]! < before) events.push(eventAt(part, r, tz));
    }
  }
  let nextBefore: number | null = null;
  if (events.length > limit) {
    const extra = events.pop()!;
    // `before` is exclusive: events sharing the boundary time move to the next page whole.
    let end = events.length;
    while (end > 0 && events[end - 1]!.time === extra.time) end--;
    if (end > 0) events.length = end; // else: more than a page share one time; the rest of them are skipped
    // `limit` 0 shows no event: the next page starts at the newest one.
    nextBefore = events.length === 0 ? extra.time + 1 : events[events.length - 1]!.time;
  }
  return { distinctId, timezone: tz, profile, events, nextBefore };
}
