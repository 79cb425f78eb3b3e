/**
 * Engage paging sessions. Page 0 selects the matching profiles once and keeps the
 * list (and its pinned snapshot) under a session id; later pages of that session read
 * any slice of it, in any order and concurrently (mixpanel-utils fetches pages
 * 1..N-1 in parallel), with a stable order and the same data. Sessions expire after
 * a few idle minutes; at most `max` are kept (the oldest goes first).
 */
import crypto from 'node:crypto';
import type { Snapshot } from '../snapshots.js';

export interface EngageSelection {
  /** Profile rows (user numbers, or group rows) in page order. */
  keys: Int32Array;
  snapshot: Snapshot;
  /** What the rows are read with: the resolved request (columns, group key). */
  read: unknown;
}

interface Entry {
  sel: EngageSelection;
  touched: number;
}

export class EngageSessions {
  private readonly entries = new Map<string, Entry>();

  constructor(
    private readonly ttlMs = 10 * 60_000,
    private readonly max = 200,
  ) {}

  create(sel: EngageSelection): string {
    this.sweep();
    const id = crypto.randomUUID();
    this.entries.set(id, { sel, touched: Date.now() });
    while (this.entries.size > this.max) this.drop(this.entries.keys().next().value!);
    return id;
  }

  get(id: string): EngageSelection | undefined {
    this.sweep();
    const e = this.entries.get(id);
    if (e === undefined) return undefined;
    e.touched = Date.now();
    return e.sel;
  }

  closeAll(): void {
    for (const id of [...this.entries.keys()]) this.drop(id);
  }

  private sweep(): void {
    const old = Date.now() - this.ttlMs;
    for (const [id, e] of this.entries) if (e.touched < old) this.drop(id);
  }

  private drop(id: string): void {
    const e = this.entries.get(id);
    if (e === undefined) return;
    this.entries.delete(id);
    e.sel.snapshot.release();
  }
}
