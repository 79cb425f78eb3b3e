/**
 * The write side shared by the profile importers: one transaction, the store-wide
 * user dictionary, and the profile tables (user profiles and each group key's)
 * loaded into maps on first use. Nothing reaches the store until `run` commits: new
 * tables and the new users file are written under the transaction's generation and
 * published by the one manifest swap, so a crash or kill at any point leaves the
 * store as it was (the next writer removes the orphaned files).
 */
import path from 'node:path';
import { UsageError } from '../errors.js';
import {
  groupTableParent,
  type Profile,
  type ProfileMap,
  ProfileTable,
  type Store,
  type Transaction,
  UserDictionary,
  writeProfileTable,
} from '../store/index.js';

/** Profiles of one table, addressed by distinct_id (users) or group id (groups). */
export class ProfileTarget {
  readonly groupKey: string | undefined;
  private readonly users: UserDictionary;
  private readonly map: ProfileMap<number | string>;
  changed = false;

  constructor(tx: Transaction, users: UserDictionary, groupKey: string | undefined) {
    this.groupKey = groupKey;
    this.users = users;
    const meta = groupKey === undefined ? tx.manifest.profiles : Object.hasOwn(tx.manifest.groups, groupKey) ? tx.manifest.groups[groupKey] : undefined;
    const table = meta ? new ProfileTable(tx.dir, meta) : null;
    this.map = table === null ? new Map() : groupKey === undefined ? table.toMap('user') : table.toMap('group');
  }

  get(id: string): Profile | undefined {
    if (this.groupKey !== undefined) return this.map.get(id);
    const n = this.users.lookup(id);
    return n === undefined ? undefined : this.map.get(n);
  }

  /** Store `profile` under `id` (interning a new distinct_id), or delete it when undefined. */
  set(id: string, profile: Profile | undefined): void {
    this.changed = true;
    const key = this.groupKey !== undefined ? id : profile === undefined ? this.users.lookup(id) : this.users.intern(id);
    if (key === undefined) return;
    if (profile === undefined) this.map.delete(key);
    else this.map.set(key, profile);
  }

  /** Every profile with its identifier. */
  *entries(): Generator<[string, Profile]> {
    for (const [k, p] of this.map) yield [typeof k === 'number' ? this.users.idOf(k)! : k, p];
  }

  write(tx: Transaction): void {
    if (!this.changed) return;
    const parent = this.groupKey === undefined ? 'profiles' : groupTableParent(this.groupKey);
    const rel = tx.newDir(parent);
    const meta = writeProfileTable(path.join(tx.dir, rel), rel, this.map, this.groupKey === undefined ? 'user' : 'group');
    if (this.groupKey === undefined) tx.manifest.profiles = meta;
    else tx.manifest.groups[this.groupKey] = meta;
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
