/**
 * The write side shared by the profile importers: one transaction, the store-wide
 * user dictionary, and the profile tables (user profiles and each group key's)
 * opened on first use. Nothing reaches the store until `run` commits: new
 * tables and the new users file are written under the transaction's generation and
 * published by the one manifest swap, so a crash or kill at any point leaves the
 * store as it was (the next writer removes the orphaned files).
 */
import path from 'node:path';
import { UsageError } from '../errors.js';
import {
  groupTableParent,
  type Profile,
  type ProfileRows,
  ProfileTable,
  type Store,
  type Transaction,
  UserDictionary,
  writeProfileRows,
} from '../store/index.js';
import { PackedProfiles } from '../store/packed-profiles.js';
import { ProfileRowReader } from '../store/profile-row-reader.js';
import { profileColumn } from './profile-column.js';
import { GroupSlots, type KeySlots, UserSlots } from './key-slots.js';

/**
 * Profiles of one table, addressed by distinct_id (users) or group id (groups).
 *
 * The table as it was (`base`) stays in its encoded columns; a row is decoded only
 * when read (ProfileRowReader). Profiles set in this transaction live in `packed` (see
 * packed-profiles.ts), and `slots` maps a key to its slot there, or to DELETED for a
 * base row deleted. Reads and `entries()` behave as the one Map of profiles this
 * replaces: a key set again after a delete moves to the end of the iteration order.
 * Slots are given out in order of setting and never reused, so the keys set anew
 * iterate in slot order.
 */
const DELETED = -1;

export class ProfileTarget {
  readonly groupKey: string | undefined;
  private readonly users: UserDictionary;
  private readonly base: ProfileTable | null;
  private readonly baseRows: ProfileRowReader | null;
  private baseGroupRows: Map<string, number> | undefined;
  private readonly packed = new PackedProfiles();
  private readonly slots: KeySlots;
  /** The key of each slot (slot order is the order of setting). */
  private readonly keyOfSlot: (number | string)[] = [];
  /** Base keys deleted and set again: they iterate with the new keys, in slot order. */
  private readonly readded = new Set<number | string>();
  changed = false;

  constructor(tx: Transaction, users: UserDictionary, groupKey: string | undefined) {
    this.groupKey = groupKey;
    this.users = users;
    const meta = groupKey === undefined ? tx.manifest.profiles : Object.hasOwn(tx.manifest.groups, groupKey) ? tx.manifest.groups[groupKey] : undefined;
    this.base = meta ? new ProfileTable(tx.dir, meta) : null;
    this.baseRows = this.base === null ? null : new ProfileRowReader(this.base);
    this.slots = groupKey === undefined ? new UserSlots() : new GroupSlots();
  }

  /** Row of `key` in the base table, or -1. */
  private baseRow(key: number | string): number {
    if (this.base === null) return -1;
    if (typeof key === 'number') return this.base.rowOfUser(key);
    this.baseGroupRows ??= new Map(this.base.groupIds.map((id, row) => [id, row]));
    return this.baseGroupRows.get(key) ?? -1;
  }

  private baseProfile(row: number): Profile {
    const b = this.base!;
    return { time: b.time[row]!, lastSeen: b.lastSeen[row]!, properties: this.baseRows!.propertiesAt(row) };
  }

  private byKey(key: number | string): Profile | undefined {
    const slot = this.slots.get(key);
    if (slot !== undefined) return slot === DELETED ? undefined : this.packed.get(slot);
    const row = this.baseRow(key);
    return row < 0 ? undefined : this.baseProfile(row);
  }

  /** The profile of `id` (a fresh object: change it and `set` it to keep the change). */
  get(id: string): Profile | undefined {
    if (this.groupKey !== undefined) return this.byKey(id);
    const n = this.users.lookup(id);
    return n === undefined ? undefined : this.byKey(n);
  }

  /** Store `profile` under `id` (interning a new distinct_id), or delete it when undefined. */
  set(id: string, profile: Profile | undefined): void {
    this.changed = true;
    const key = this.groupKey !== undefined ? id : profile === undefined ? this.users.lookup(id) : this.users.intern(id);
    if (key === undefined) return;
    const slot = this.slots.get(key);
    if (profile === undefined) {
      if (slot !== undefined && slot !== DELETED) this.packed.free(slot);
      if (this.baseRow(key) >= 0) this.slots.set(key, DELETED);
      else this.slots.delete(key);
      return;
    }
    if (slot !== undefined && slot !== DELETED) {
      this.packed.put(slot, profile);
      return;
    }
    if (slot === DELETED) this.readded.add(key);
    const fresh = this.packed.add(profile);
    this.keyOfSlot[fresh] = key;
    this.slots.set(key, fresh);
  }

  /** Keys with a live slot, in order of setting. */
  private *liveSlots(): Generator<[number | string, number]> {
    for (let slot = 0; slot < this.packed.length; slot++) if (this.packed.live(slot)) yield [this.keyOfSlot[slot]!, slot];
  }

  /** Every profile with its identifier: base rows in table order, then those set anew in order of setting. */
  *entries(): Generator<[string, Profile]> {
    const idOf = (k: number | string) => (typeof k === 'number' ? this.users.idOf(k)! : k);
    const baseKeys = this.baseKeys();
    for (let row = 0; row < baseKeys.length; row++) {
      const k = baseKeys[row]!;
      const slot = this.slots.get(k);
      if (slot === undefined) yield [idOf(k), this.baseProfile(row)];
      else if (slot !== DELETED && !this.readded.has(k)) yield [idOf(k), this.packed.get(slot)];
    }
    for (const [k, slot] of this.liveSlots()) {
      if (this.readded.has(k) || this.baseRow(k) < 0) yield [idOf(k), this.packed.get(slot)];
    }
  }

  private baseKeys(): ArrayLike<number | string> {
    if (this.base === null) return [];
    return this.groupKey === undefined ? this.base.user : this.base.groupIds;
  }

  /** Write the new table (last use: the profiles set are consumed as it is written). */
  write(tx: Transaction): void {
    if (!this.changed) return;
    const parent = this.groupKey === undefined ? 'profiles' : groupTableParent(this.groupKey);
    const rel = tx.newDir(parent);
    const meta = writeProfileRows(path.join(tx.dir, rel), rel, this.rows(), this.groupKey === undefined ? 'user' : 'group');
    if (this.groupKey === undefined) tx.manifest.profiles = meta;
    else tx.manifest.groups[this.groupKey] = meta;
  }

  /**
   * The new table's rows: base rows not deleted merged with keys new to the table, in
   * key order. `src` per row: a packed slot (>= 0), or -(base row + 1).
   */
  private rows(): ProfileRows<number | string> {
    const baseKeys = this.baseKeys();
    const fresh: (number | string)[] = [];
    for (const [k] of this.liveSlots()) if (this.baseRow(k) < 0) fresh.push(k);
    fresh.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    const keys: (number | string)[] = [];
    const src: number[] = [];
    let j = 0;
    for (let row = 0; row < baseKeys.length; row++) {
      const k = baseKeys[row]!;
      while (j < fresh.length && fresh[j]! < k) {
        keys.push(fresh[j]!);
        src.push(this.slots.get(fresh[j++]!)!);
      }
      const slot = this.slots.get(k);
      if (slot === DELETED) continue;
      keys.push(k);
      src.push(slot === undefined ? -(row + 1) : slot);
    }
    while (j < fresh.length) {
      keys.push(fresh[j]!);
      src.push(this.slots.get(fresh[j++]!)!);
    }
    const base = this.base;
    const baseRows = this.baseRows;
    const packed = this.packed;
    const time = Float64Array.from(src, (s) => (s >= 0 ? packed.timeAt(s) : base!.time[-s - 1]!));
    const lastSeen = Float64Array.from(src, (s) => (s >= 0 ? packed.lastSeenAt(s) : base!.lastSeen[-s - 1]!));
    const propertyKeys = packed.propertyKeys();
    if (base !== null) for (const k of base.keys()) propertyKeys.add(k);
    return {
      keys,
      time,
      lastSeen,
      propertyKeys,
      column: (key) => {
        const col = profileColumn(key, src, packed, baseRows);
        baseRows?.forget(key);
        return col;
      },
    };
  }
}

export class ProfileSession {
  readonly tx: Transaction;
  readonly timezone: string;
  private readonly users: UserDictionary;
  private readonly targets = new Map<string | undefined, ProfileTarget>();

  private constructor(tx: Transaction) {
    this.tx = tx;
    this.timezone = tx.manifest.settings.timezone;
    this.users = UserDictionary.load(tx.dir, tx.manifest.users.file);
  }

  /**
   * Run `fn` inside one transaction and commit what it changed; if `fn` throws,
   * nothing is written. With `dryRun`, `fn` runs in full but nothing is written.
   */
  static async run<T>(
    store: Store,
    command: string,
    fn: (s: ProfileSession) => Promise<T>,
    o: { dryRun?: boolean; beforeCommit?: (tx: Transaction) => void } = {},
  ): Promise<T> {
    const tx = store.begin(command);
    try {
      const s = new ProfileSession(tx);
      const out = await fn(s);
      if (o.dryRun) {
        tx.abort();
        return out;
      }
      s.writeAll();
      o.beforeCommit?.(tx);
      tx.commit();
      return out;
    } catch (e) {
      tx.abort();
      throw e;
    }
  }

  /** Whether `id` is a known distinct_id (users) or has a group profile (groups). */
  knownIds(groupKey?: string): (id: string) => boolean {
    if (groupKey === undefined) return (id) => this.users.lookup(id) !== undefined;
    const t = this.target(groupKey);
    return (id) => t.get(id) !== undefined;
  }

  /** The user profiles (no key) or the group profiles of `groupKey`. */
  target(groupKey?: string): ProfileTarget {
    if (groupKey === '') throw new UsageError('the group key is empty: give the group property name, e.g. company_id');
    let t = this.targets.get(groupKey);
    if (t === undefined) this.targets.set(groupKey, (t = new ProfileTarget(this.tx, this.users, groupKey)));
    return t;
  }

  private writeAll(): void {
    for (const t of this.targets.values()) t.write(this.tx);
    if (this.users.changed) {
      const rel = `users/g${this.tx.generation}.arrow`;
      this.tx.writeFile(rel, this.users.encode());
      this.tx.manifest.users = { file: rel, count: this.users.size };
    }
  }
}
