/**
 * Consistent reads while the server's own ingestion commits: every request reads one
 * Store (one manifest), pinned so that garbage collection after later commits keeps
 * its files until the request ends. The Store object is shared between requests
 * until the manifest changes (its distinct_id dictionary and profile columns load
 * once, not per request).
 */
import fs from 'node:fs';
import path from 'node:path';
import { MANIFEST, pinSnapshot, Store } from '../store/index.js';

export interface Snapshot {
  store: Store;
  /** Let the snapshot's files be collected again; call once the request is done. */
  release(): void;
}

export class Snapshots {
  private current: { store: Store; key: string } | null = null;

  constructor(readonly dir: string) {}

  /** The store as of now, pinned until `release()`. */
  open(): Snapshot {
    const store = this.latest();
    return { store, release: pinSnapshot(store.dir, store.manifest) };
  }

  /** Forget the cached Store (after this process committed). */
  invalidate(): void {
    this.current = null;
  }

  private latest(): Store {
    const st = fs.statSync(path.join(this.dir, MANIFEST), { bigint: true });
    const key = `${st.ino}:${st.mtimeNs}:${st.size}`;
    if (this.current?.key !== key) this.current = { store: Store.open(this.dir), key };
    return this.current.store;
  }
}
