/**
 * The ingestion side of the server. A request is acknowledged only after its records
 * are appended to the store's write-ahead log and fsynced (group commit: requests
 * arriving during one fsync share the next). Background commits, every
 * `commitIntervalMs` or sooner past `commitRecords` waiting records, seal the current
 * segment and merge the sealed ones into partitions (ingest/merge-wal.ts); queries see
 * records from then on. The server owns the log through `wal/lock` for its lifetime;
 * at start it first merges what a killed predecessor left.
 */
import fs from 'node:fs';
import path from 'node:path';
import { StoreError } from '../../errors.js';
import { mergeWal, type MergeResult } from '../../ingest/merge-wal.js';
import { Worker } from 'node:worker_threads';
import { devLoaderExecArgv } from '../../dev-loader.js';
import { deserializeError, type WireError } from '../../wire-errors.js';
import { acquireLock, collectGarbage, encodeEntry, listSegments, segmentName, Store, walCursor, walDir, type WalKind } from '../../store/index.js';

interface Pending {
  text: string;
  records: number;
  resolve: () => void;
  reject: (e: unknown) => void;
}

export interface IngestLogOptions {
  commitIntervalMs: number;
  commitRecords: number;
  /** Problems of background commits (the next commit retries). */
  onError?: (message: string) => void;
}

export class IngestLog {
  private readonly listeners: Array<(r: MergeResult) => void> = [];
  private fd = -1;
  private seq = 0;
  private queue: Pending[] = [];
  private rotations: Array<(sealed: number) => void> = [];
  private pumping: Promise<void> | null = null;
  private timer: NodeJS.Timeout | null = null;
  private merging: Promise<void> | null = null;
  private releaseLock: (() => void) | null = null;
  /** Records acknowledged and not yet merged. */
  private unmerged = 0;
  /** Records acknowledged since the log was opened, by kind. */
  readonly acknowledged = { events: 0, updates: 0 };
  closed = false;

  private constructor(
    readonly storeDir: string,
    private readonly o: IngestLogOptions,
  ) {}

  /** Take ownership of the store's log, merge what a predecessor left, start a new segment. */
  static async open(storeDir: string, o: IngestLogOptions): Promise<IngestLog> {
    const log = new IngestLog(storeDir, o);
    const dir = walDir(storeDir);
    fs.mkdirSync(dir, { recursive: true });
    try {
      log.releaseLock = acquireLock(dir, 'quarry serve');
    } catch (e) {
      throw new StoreError(
        `another quarry serve is ingesting into ${storeDir} (${(e as Error).message.replace(/^the store at \S+ is being written by /, '')})`,
      );
    }
    try {
      await mergeWal(storeDir);
      // Numbers only grow: a segment numbered at or below the manifest's cursor would
      // be taken for merged already.
      const existing = listSegments(storeDir);
      const cursor = walCursor(Store.open(storeDir).manifest);
      log.seq = Math.max(existing.length ? existing[existing.length - 1]! : 0, cursor.events, cursor.updates) + 1;
      log.fd = fs.openSync(path.join(dir, segmentName(log.seq)), 'a');
      syncDir(dir);
      log.timer = setInterval(() => log.mergeSoon(), o.commitIntervalMs);
      log.timer.unref();
    } catch (e) {
      log.releaseLock?.();
      throw e;
    }
    return log;
  }

  /** Called after each background commit (readers then see the new records). */
  onCommit(fn: (r: MergeResult) => void): void {
    this.listeners.push(fn);
  }

  /** Append records durably; resolves once they are on disk (then answer 200). */
  append(kind: WalKind, records: unknown[]): Promise<void> {
    if (this.closed) return Promise.reject(new StoreError('the server is shutting down; retry'));
    if (records.length === 0) return Promise.resolve();
    const text = encodeEntry({ k: kind, r: records });
    return new Promise<void>((resolve, reject) => {
      this.queue.push({
        text,
        records: records.length,
        resolve: () => {
          this.acknowledged[kind] += records.length;
          this.unmerged += records.length;
          if (this.unmerged >= this.o.commitRecords) this.mergeSoon();
          resolve();
        },
        reject,
      });
      this.pump();
    });
  }

  /** Records acknowledged and not yet visible to queries. */
  get waiting(): number {
    return this.unmerged;
  }

  /** Merge now and wait for it (tests, shutdown). */
  async flush(): Promise<void> {
    await this.merging;
    this.mergeSoon();
    await this.merging;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    if (this.timer) clearInterval(this.timer);
    await this.pumping;
    await this.merging;
    try {
      if (this.unmerged > 0) await this.merge();
    } finally {
      fs.closeSync(this.fd);
      this.releaseLock?.();
    }
  }

  private mergeSoon(): void {
    if (this.merging !== null || this.unmerged === 0) return;
    this.merging = this.merge()
      .catch((e: unknown) => this.o.onError?.(`background commit failed (will retry): ${(e as Error).message}`))
      .finally(() => {
        this.merging = null;
      });
  }

  private async merge(): Promise<void> {
    const sealed = await this.rotate();
    const before = this.unmerged;
    let r: MergeResult;
    try {
      r = this.closed ? await mergeWal(this.storeDir, sealed) : await mergeInWorker(this.storeDir, sealed);
    } finally {
      this.collectGarbage();
    }
    this.unmerged = Math.max(0, this.unmerged - before);
    for (const fn of this.listeners) fn(r);
  }

  /** What the worker's commits superseded, except the snapshots queries here still read. */
  private collectGarbage(): void {
    let release: () => void;
    try {
      release = acquireLock(this.storeDir, 'quarry serve: collect garbage');
    } catch {
      return; // another writer works; the next commit collects
    }
    try {
      collectGarbage(this.storeDir);
    } finally {
      release();
    }
  }

  /** Close the current segment (after queued appends) and start the next; resolves to the sealed number. */
  private rotate(): Promise<number> {
    return new Promise<number>((resolve) => {
      this.rotations.push(resolve);
      this.pump();
    });
  }

  private pump(): void {
    if (this.pumping !== null) return;
    this.pumping = (async () => {
      while (this.queue.length > 0 || this.rotations.length > 0) {
        if (this.queue.length > 0) {
          const batch = this.queue.splice(0);
          try {
            const buf = Buffer.from(batch.map((p) => p.text).join(''), 'utf8');
            await writeAll(this.fd, buf);
            await new Promise<void>((res, rej) => fs.fdatasync(this.fd, (e) => (e ? rej(e) : res())));
            for (const p of batch) p.resolve();
          } catch (e) {
            for (const p of batch) p.reject(e);
            // A failed write may have left part of a line: later lines go to a new
            // segment, so that part never merges with an acknowledged line.
            this.startSegment();
          }
          continue;
        }
        const waiters = this.rotations.splice(0);
        const sealed = this.seq;
        this.startSegment();
        for (const w of waiters) w(sealed);
      }
    })().finally(() => {
      this.pumping = null;
      if (this.queue.length > 0 || this.rotations.length > 0) this.pump();
    });
  }

  private startSegment(): void {
    try {
      fs.closeSync(this.fd);
    } catch {
      /* already closed */
    }
    this.seq++;
    this.fd = fs.openSync(path.join(walDir(this.storeDir), segmentName(this.seq)), 'a');
    syncDir(walDir(this.storeDir));
  }
}

/** A new segment's directory entry survives a power cut too (kill -9 alone would not need it). */
function syncDir(dir: string): void {
  try {
    const fd = fs.openSync(dir, 'r');
    fs.fsyncSync(fd);
    fs.closeSync(fd);
  } catch {
    /* not every platform fsyncs directories */
  }
}

function mergeInWorker(storeDir: string, upTo: number): Promise<MergeResult> {
  const fromSource = import.meta.url.endsWith('.ts');
  const entry = new URL(fromSource ? './merge-worker.ts' : './merge-worker.js', import.meta.url);
  const w = new Worker(entry, { workerData: { storeDir, upTo }, execArgv: fromSource ? devLoaderExecArgv() : [] });
  return new Promise<MergeResult>((resolve, reject) => {
    w.once('message', (m: { ok: boolean; result?: MergeResult; error?: WireError }) => {
      if (m.ok) resolve(m.result!);
      else reject(deserializeError(m.error!, 'the merge worker'));
    });
    w.once('error', reject);
    w.once('exit', (code) => reject(new Error(`the merge worker stopped (exit code ${code})`)));
  });
}

async function writeAll(fd: number, buf: Buffer): Promise<void> {
  let off = 0;
  while (off < buf.length) {
    off += await new Promise<number>((res, rej) => fs.write(fd, buf, off, buf.length - off, null, (e, n) => (e ? rej(e) : res(n))));
  }
}
