/**
 * The manifest: the one file that says what a store holds. Everything else in the
 * store directory is immutable data that some manifest refers to. A commit writes new
 * data files beside the old ones, then replaces `manifest.json` with rename(2), so a
 * reader sees either the old state or the new one, never a mix.
 */
import type { ColumnKind } from './column.js';

export const STORE_FORMAT = 'quarry-store';
export const STORE_VERSION = 1;

export interface Settings {
  /** IANA timezone of the project: day partitions and JQL times use it. */
  timezone: string;
  /** The profile properties the Users listing shows by default. */
  defaultColumns: string[];
  /** ISO time the store was created. */
  createdAt: string;
  /**
   * User buckets per day (bucket = user number mod B; docs/store-format.md). Absent
   * in stores written before buckets existed, which read as B = 1.
   */
  buckets?: number;
}

export interface ColumnMeta {
  kind: ColumnKind;
  /** File name inside the partition directory. */
  file: string;
  /** Rows that hold a value (not missing, not null). */
  count: number;
}

export interface PartitionMeta {
  /** Directory, relative to the store root. */
  dir: string;
  rows: number;
  /** UTC ms of the first and last event. */
  minTime: number;
  maxTime: number;
  /** Event name -> number of events. */
  names: Record<string, number>;
  /** Property key -> column. Fixed columns live in name/user/time/insert_id files. */
  columns: Record<string, ColumnMeta>;
  hasSampling: boolean;
  /**
   * Present when the store has B > 1 buckets: the day's rows split by user bucket,
   * one partition per bucket (null: no event of that bucket on this day). The day's
   * own fields then sum up its buckets (a column's `file` is empty, its kind `json`
   * where the buckets' kinds differ), and `dir` is the day's directory, not a file set.
   */
  buckets?: Array<PartitionMeta | null>;
}

/** The number of user buckets of a store (1 for stores written before buckets existed). */
export function bucketCount(m: Pick<Manifest, 'settings'>): number {
  return m.settings.buckets ?? 1;
}

/** The bucket of a user number; events without a user (-1) live in bucket 0. */
export function bucketOf(user: number, buckets: number): number {
  return user < 0 ? 0 : user % buckets;
}

/**
 * The buckets that can hold users of user shard k of n (users u with u mod n = k): bucket
 * b holds users u with u mod B = b, so those with b = k modulo gcd(B, n). With n dividing
 * B, the shard's users are exactly its buckets' users.
 */
export function shardBuckets(buckets: number, k: number, n: number): number[] {
  let a = buckets;
  let b = n;
  while (b !== 0) [a, b] = [b, a % b];
  const out: number[] = [];
  for (let x = 0; x < buckets; x++) if (x % a === k % a) out.push(x);
  return out;
}

export interface ProfileTableMeta {
  dir: string;
  rows: number;
  columns: Record<string, ColumnMeta>;
}

export interface CohortDefinition {
  name: string;
  description?: string;
  createdAt: string;
  /** A dynamic definition (criteria tree) or a frozen list of distinct_ids. */
  definition?: unknown;
  members?: string[];
}

export interface Manifest {
  format: typeof STORE_FORMAT;
  version: number;
  generation: number;
  settings: Settings;
  /** The store-wide distinct_id dictionary: user number = row number. */
  users: { file: string | null; count: number };
  /** Day ("YYYY-MM-DD" in the project timezone) -> partition. */
  events: Record<string, PartitionMeta>;
  profiles: ProfileTableMeta | null;
  /** Group key (e.g. "company_id") -> group profiles. */
  groups: Record<string, ProfileTableMeta>;
  cohorts: CohortDefinition[];
  /**
   * Ingestion-log cursor (wal.ts): per kind, the last log segment merged into this
   * state. Absent in stores that never ran `quarry serve`.
   */
  wal?: { events: number; updates: number };
}

export function emptyManifest(settings: Settings): Manifest {
  return dataMaps({
    format: STORE_FORMAT,
    version: STORE_VERSION,
    generation: 0,
    settings,
    users: { file: null, count: 0 },
    events: {},
    profiles: null,
    groups: {},
    cohorts: [],
  });
}

/** Every file or directory (relative path) a manifest refers to. */
export function referencedPaths(m: Manifest): Set<string> {
  const out = new Set<string>();
  if (m.users.file) out.add(m.users.file);
  for (const p of Object.values(m.events)) {
    if (p.buckets === undefined) out.add(p.dir);
    else for (const b of p.buckets) if (b !== null) out.add(b.dir);
  }
  if (m.profiles) out.add(m.profiles.dir);
  for (const g of Object.values(m.groups)) out.add(g.dir);
  return out;
}

/**
 * The manifest's maps keyed by user data (group keys, event names, property keys) as
 * null-prototype objects, so that "__proto__" or "constructor" is an ordinary key for
 * reads (`m.groups[k]`) and writes (`m.groups[k] = meta`) alike. JSON.parse and
 * structuredClone give plain objects; every manifest goes through here once. In place.
 */
export function dataMaps(m: Manifest): Manifest {
  m.events = bag(m.events);
  for (const day of Object.keys(m.events)) {
    const p = m.events[day]!;
    p.names = bag(p.names);
    p.columns = bag(p.columns);
    for (const b of p.buckets ?? []) {
      if (b === null) continue;
      b.names = bag(b.names);
      b.columns = bag(b.columns);
    }
  }
  if (m.profiles) m.profiles.columns = bag(m.profiles.columns);
  m.groups = bag(m.groups);
  for (const key of Object.keys(m.groups)) m.groups[key]!.columns = bag(m.groups[key]!.columns);
  return m;
}

function bag<T>(o: Record<string, T>): Record<string, T> {
  if (Object.getPrototypeOf(o) === null) return o;
  const out = Object.create(null) as Record<string, T>;
  for (const k of Object.keys(o)) out[k] = o[k]!;
  return out;
}
