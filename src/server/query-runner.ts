/**
 * JQL queries for HTTP requests: the same runtime and limits as `quarry run`
 * (sandbox time and memory, output size), at most `maxConcurrent` at once, each on a
 * pinned snapshot, cancelled when the client goes away.
 */
import { LimitError, UserError } from '../errors.js';
import type { ExecStats } from '../exec/index.js';
import type { Snapshots } from './snapshots.js';

/** Every slot is taken: answered 429 with Retry-After. */
export class BusyError extends UserError {
  override name = 'BusyError';
  constructor(readonly maxConcurrent: number) {
    super(`too many queries at once: at most ${maxConcurrent} run concurrently (--max-concurrent); retry shortly`);
  }
}

/** The client disconnected; nothing is answered. */
export class CancelledError extends Error {
  override name = 'CancelledError';
}

export interface QueryLimits {
  maxConcurrent: number;
  timeoutMs: number;
  memoryBytes: number;
  threads: number;
}

export interface QueryRequest {
  source: string;
  params: unknown;
  /** Name of the script in error messages. */
  filename?: string;
  /** Aborted when the client disconnects. */
  signal?: AbortSignal;
}

export interface OpenQuery {
  items: AsyncIterable<unknown>;
  /** Rows scanned, partitions pruned, sandbox calls, time per stage (as `quarry run --stats`). */
  stats?: ExecStats;
  /** Stop the query and free its slot, worker and snapshot (idempotent). */
  close(): Promise<void>;
}

export class QueryRunner {
  private active = 0;

  constructor(
    readonly limits: QueryLimits,
    private readonly snapshots: Snapshots,
  ) {}

  /** Queries running now. */
  get running(): number {
    return this.active;
  }

  /** Plan and start a query; throws BusyError when every slot is taken, ScriptError for a bad script. */
  async start(q: QueryRequest): Promise<OpenQuery> {
    if (this.active >= this.limits.maxConcurrent) throw new BusyError(this.limits.maxConcurrent);
    this.active++;
    const snap = this.snapshots.open();
    let freed = false;
    const free = () => {
      if (freed) return;
      freed = true;
      this.active--;
      snap.release();
    };
    try {
      const { runQuery } = await import('../exec/index.js');
      if (q.signal?.aborted) throw new CancelledError('the client went away');
      const deadline = Date.now() + this.limits.timeoutMs;
      const query = await runQuery({
        store: snap.store,
        source: q.source,
        filename: q.filename ?? 'script.js',
        params: q.params,
        timeoutMs: this.limits.timeoutMs,
        memoryBytes: this.limits.memoryBytes,
        threads: this.limits.threads,
      });
      const close = async () => {
        try {
          await query.close();
        } finally {
          free();
        }
      };
      const onAbort = () => {
        query.cancel().finally(free);
      };
      q.signal?.addEventListener('abort', onAbort, { once: true });
      if (q.signal?.aborted) onAbort(); // went away while the script was planned
      const timeoutMs = this.limits.timeoutMs;
      async function* guarded() {
        try {
          for await (const item of query.items) {
            if (q.signal?.aborted) throw new CancelledError('the client went away');
            if (Date.now() > deadline) throw new LimitError('timeout', timeoutText(timeoutMs));
            yield item;
          }
        } finally {
          q.signal?.removeEventListener('abort', onAbort);
          await close();
        }
      }
      return { items: guarded(), close, stats: query.stats };
    } catch (e) {
      free();
      throw e;
    }
  }
}

export function timeoutText(timeoutMs: number): string {
  return `the query ran longer than the time limit of ${Math.round(timeoutMs / 100) / 10} s (quarry serve --timeout SECONDS)`;
}
