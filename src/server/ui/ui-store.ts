/**
 * The store a page request reads: the server's pinned snapshot (ServerContext.snapshots),
 * released when the response is done, so a long export keeps its files while the
 * server's ingestion commits. Work derived from a snapshot (sorted listings) is
 * memoized on it and dropped with it.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Store } from '../../store/index.js';
import type { Snapshots } from '../snapshots.js';

const MEMO_ENTRIES = 16;

export class UiStore {
  private readonly memos = new WeakMap<Store, Map<string, unknown>>();
  private readonly held = new WeakMap<FastifyRequest, Store>();

  constructor(private readonly snapshots: Snapshots) {}

  /** The latest committed snapshot, pinned until the response is sent (or the client goes away). */
  of(req: FastifyRequest, reply: FastifyReply): Store {
    const have = this.held.get(req);
    if (have !== undefined) return have;
    const snap = this.snapshots.open();
    this.held.set(req, snap.store);
    reply.raw.once('close', snap.release);
    return snap.store;
  }

  /** After a write: the snapshot that has it (also pinned until the response is sent). */
  fresh(req: FastifyRequest, reply: FastifyReply): Store {
    this.held.delete(req);
    return this.of(req, reply);
  }

  /** The latest snapshot, for a short read outside a request (not pinned). */
  latest(): Store {
    const snap = this.snapshots.open();
    snap.release();
    return snap.store;
  }

  /** `make()` once per snapshot and key (a small LRU per snapshot). */
  memoize<T>(store: Store, key: string, make: () => T): T {
    let memo = this.memos.get(store);
    if (memo === undefined) this.memos.set(store, (memo = new Map()));
    if (memo.has(key)) {
      const v = memo.get(key) as T;
      memo.delete(key);
      memo.set(key, v);
      return v;
    }
    const v = make();
    memo.set(key, v);
    if (memo.size > MEMO_ENTRIES) memo.delete(memo.keys().next().value!);
    return v;
  }
}
