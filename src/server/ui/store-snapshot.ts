/**
 * The store the page reads: one open snapshot, reused across requests (its user
 * dictionary and profile columns stay decoded), replaced when the manifest changes
 * (a write from the page, the CLI or ingestion). Work derived from a snapshot (sorted
 * listings, property kinds) is memoized on it and dropped with it.
 */
import fs from 'node:fs';
import path from 'node:path';
import { MANIFEST, Store } from '../../store/index.js';

const MEMO_ENTRIES = 16;

export class StoreSnapshot {
  private store?: Store;
  private stamp = '';
  private memo = new Map<string, unknown>();

  constructor(readonly dir: string) {}

  private manifestStamp(): string {
    const st = fs.statSync(path.join(this.dir, MANIFEST));
    return `${st.mtimeMs}:${st.size}:${st.ino}`;
  }

  /** The latest committed snapshot. */
  current(): Store {
    const stamp = this.manifestStamp();
    if (this.store === undefined || stamp !== this.stamp) {
      this.store = Store.open(this.dir);
      this.stamp = stamp;
      this.memo.clear();
    }
    return this.store;
  }

  /** `make()` once per snapshot and key (a small LRU). */
  memoize<T>(key: string, make: (store: Store) => T): T {
    const store = this.current();
    if (this.memo.has(key)) {
      const v = this.memo.get(key) as T;
      this.memo.delete(key);
      this.memo.set(key, v);
      return v;
    }
    const v = make(store);
    this.memo.set(key, v);
    if (this.memo.size > MEMO_ENTRIES) this.memo.delete(this.memo.keys().next().value!);
    return v;
  }
}
