/**
 * A store opened for reading: one manifest snapshot. Everything read through a
 * Store comes from that snapshot, however many commits happen meanwhile.
 */
import fs from 'node:fs';
import path from 'node:path';
import { StoreError } from '../errors.js';
import { isValidTimezone } from '../time/index.js';
import { beginTransaction, MANIFEST, readManifestFile, swapManifest, type Transaction } from './commit.js';
import { type DayPartition, openDay, openDayParts } from './event-day.js';
import type { EventPartition } from './event-partition.js';
import { EventUserRange } from './event-user-range.js';
import type { PartitionLike } from './partition-like.js';
import { bucketCount, dataMaps, emptyManifest, type Manifest, type PartitionMeta, STORE_FORMAT, STORE_VERSION, type Settings } from './manifest.js';
import { ProfileTable } from './profiles.js';
import type { StoreReads } from './remote/store-reads.js';
import { UserDictionary } from './users.js';

/** Bucket numbers are stored in a Uint16Array when a day's buckets are merged. */
export const MAX_BUCKETS = 4096;

export const DEFAULT_COLUMNS = ['$name', '$email', '$city', '$country_code'];

/** Where a store read from object storage gets its files (remote/open-s3-store.ts). */
export interface StoreRemote {
  /** e.g. "s3://bucket/prefix". */
  readonly uri: string;
  /** Fetch into the local mirror (`Store.dir`) the files `reads` needs. */
  prefetch(reads: StoreReads): Promise<void>;
  /** What this process fetched so far (for --stats). */
  counters(): { files: number; bytes: number; requests: number; lateFiles: number };
}

export class Store {
  /** The store directory; for a remote store, its local mirror. */
  readonly dir: string;
  readonly manifest: Manifest;
  /** Set when the store lives in object storage: read-only, files fetched on demand. */
  readonly remote?: StoreRemote;
  private _users?: UserDictionary;
  private _profiles?: ProfileTable | null;
  /** Partition directories whose user column was found in order (EventUserRange.open). */
  private readonly sortedUserDirs = new Set<string>();

  private constructor(dir: string, manifest: Manifest, remote?: StoreRemote) {
    this.dir = dir;
    this.manifest = dataMaps(manifest);
    if (remote) this.remote = remote;
  }

  static open(dir: string): Store {
    const abs = path.resolve(dir);
    let m: Manifest | null;
    try {
      m = readManifestFile(abs);
    } catch (e) {
      throw new StoreError(`cannot read the store at ${abs}: ${(e as Error).message}`);
    }
    if (m === null) {
      throw new StoreError(`${abs} is not a quarry store (no ${MANIFEST}). Create one with: quarry init --store ${dir}`);
    }
    if (m.format !== STORE_FORMAT || m.version > STORE_VERSION) {
      throw new StoreError(`${abs} holds a store of format ${m.format} v${m.version}; this quarry reads ${STORE_FORMAT} v${STORE_VERSION}.`);
    }
    return new Store(abs, m);
  }

  /** A store read through a manifest another process already read (same snapshot). */
  static fromSnapshot(dir: string, manifest: Manifest, remote?: StoreRemote): Store {
    return new Store(path.resolve(dir), manifest, remote);
  }

  static exists(dir: string): boolean {
    return fs.existsSync(path.join(dir, MANIFEST));
  }

  /** Create an empty store. Fails if one is already there. */
  static init(dir: string, settings: Partial<Settings> = {}): Store {
    const abs = path.resolve(dir);
    if (Store.exists(abs)) throw new StoreError(`a quarry store already exists at ${abs}`);
    const timezone = settings.timezone ?? 'UTC';
    const buckets = settings.buckets ?? 1;
    if (!Number.isInteger(buckets) || buckets < 1 || buckets > MAX_BUCKETS)
      throw new StoreError(`--buckets must be a whole number from 1 to ${MAX_BUCKETS}, not ${buckets}`);
    if (!isValidTimezone(timezone)) throw new StoreError(`unknown timezone "${timezone}": use an IANA name such as UTC, Europe/Berlin or America/Los_Angeles`);
    fs.mkdirSync(abs, { recursive: true });
    const m = emptyManifest({
      timezone,
      defaultColumns: settings.defaultColumns ?? DEFAULT_COLUMNS,
      createdAt: settings.createdAt ?? new Date().toISOString(),
      // B = 1 is left out: the manifest of a one-bucket store stays as before buckets.
      ...(buckets > 1 ? { buckets } : {}),
    });
    swapManifest(abs, m);
    return new Store(abs, m);
  }

  get settings(): Settings {
    return this.manifest.settings;
  }
  get timezone(): string {
    return this.manifest.settings.timezone;
  }

  /** The distinct_id dictionary of this snapshot (loaded on first use). */
  get users(): UserDictionary {
    return (this._users ??= UserDictionary.load(this.dir, this.manifest.users.file));
  }

  /** Days with events, ascending, optionally limited to [from, to] (inclusive "YYYY-MM-DD"). */
  days(from?: string, to?: string): string[] {
    return Object.keys(this.manifest.events)
      .filter((d) => (from === undefined || d >= from) && (to === undefined || d <= to))
      .sort();
  }

  partitionMeta(day: string): PartitionMeta | undefined {
    return this.manifest.events[day];
  }

  /** All events of a day, in (user, time) order, whatever the bucket count. */
  openPartition(day: string): DayPartition {
    const meta = this.manifest.events[day];
    if (meta === undefined) throw new StoreError(`no events on ${day}`);
    return openDay(this.dir, day, meta)!;
  }

  /** The store's user buckets per day (1: a day is one partition). */
  get buckets(): number {
    return bucketCount(this.manifest);
  }

  /**
   * The events of a day in the buckets `wanted` accepts (a user shard's share), in
   * (user, time) order; null when those buckets hold no event that day. In a store of
   * one bucket, the whole day.
   */
  openBuckets(day: string, wanted: (bucket: number) => boolean): DayPartition | null {
    const meta = this.manifest.events[day];
    if (meta === undefined) throw new StoreError(`no events on ${day}`);
    return openDay(this.dir, day, meta, wanted);
  }

  /**
   * The events of a day whose user numbers are in [lo, hi), in (user, time) order: only
   * that run of rows of each column is kept (a user-range shard). null when the day has
   * none. A bucketed day, or one not in user order, comes whole: the caller filters by user.
   */
  openUserRange(day: string, lo: number, hi: number): PartitionLike | null {
    const meta = this.manifest.events[day];
    if (meta === undefined) throw new StoreError(`no events on ${day}`);
    if (meta.buckets !== undefined) return openDay(this.dir, day, meta);
    const range = EventUserRange.open(this.dir, day, meta, lo, hi, this.sortedUserDirs);
    return range === 'unsorted' ? openDay(this.dir, day, meta) : range;
  }

  /**
   * The day's user buckets (those `wanted` accepts) as separate partitions, not merged:
   * for readers whose result does not depend on row order. One partition when the day is
   * stored whole.
   */
  openDayParts(day: string, wanted?: (bucket: number) => boolean): EventPartition[] {
    const meta = this.manifest.events[day];
    if (meta === undefined) throw new StoreError(`no events on ${day}`);
    return openDayParts(this.dir, day, meta, wanted);
  }

  /** The user profile table, or null when no profile was ever imported. */
  profiles(): ProfileTable | null {
    // One table per snapshot, so its columns are decoded once (a long-lived server
    // reads the same snapshot for many requests).
    if (this._profiles === undefined) this._profiles = this.manifest.profiles ? new ProfileTable(this.dir, this.manifest.profiles) : null;
    return this._profiles;
  }

  groupProfiles(groupKey: string): ProfileTable | null {
    const meta = Object.hasOwn(this.manifest.groups, groupKey) ? this.manifest.groups[groupKey] : undefined;
    return meta ? new ProfileTable(this.dir, meta) : null;
  }

  get eventCount(): number {
    let n = 0;
    for (const p of Object.values(this.manifest.events)) n += p.rows;
    return n;
  }

  /** Start a write (takes the writer lock). Re-open the store after commit to see it. */
  begin(command: string): Transaction {
    if (this.remote) throw new StoreError(remoteIsReadOnly(this.remote.uri));
    return beginTransaction(this.dir, command);
  }

  /** Run `fn` in a transaction: committed if it returns, rolled back if it throws. */
  async write<T>(command: string, fn: (tx: Transaction) => Promise<T> | T): Promise<T> {
    const tx = this.begin(command);
    try {
      const out = await fn(tx);
      tx.commit();
      return out;
    } catch (e) {
      tx.abort();
      throw e;
    }
  }

  /** A fresh snapshot of the same store. */
  reopen(): Store {
    if (this.remote) throw new StoreError(`a store on S3 (${this.remote.uri}) is read once per command: run the command again for the newer snapshot`);
    return Store.open(this.dir);
  }
}

/** The one answer to any write aimed at a store on S3. */
export function remoteIsReadOnly(uri: string): string {
  return (
    `${uri} is a store on S3, which quarry reads but does not write. Import into a local store, then upload it: ` +
    `aws s3 sync DIR ${uri} --exclude 'manifest*.json' && aws s3 cp DIR/manifest.json ${uri}/manifest.json (see docs/store-on-s3.md)`
  );
}
