/**
 * The host-side sandbox API the engine codes against. Each session runs in its own
 * worker thread holding QuickJS (worker.ts). The session enforces what the guest
 * cannot enforce on itself: a watchdog terminates the worker when the deadline
 * passes and the guest's own interrupt has not answered within TIMEOUT_GRACE_MS,
 * and a worker that died (Node heap limit, crash) becomes a LimitError or
 * InternalError here, never a crashed process.
 *
 * @example
 *   const s = await openSession({ source, filename: 'q.js', params: {}, limits: { timeoutMs: 120_000, memoryBytes: 256 << 20 } });
 *   try { const r = await s.runBatch({ items, steps: [{ kind: 'filter', fn: 0 }] }); } finally { await s.close(); }
 */
import { Worker } from 'node:worker_threads';
import { InternalError, LimitError, ScriptError, UserError } from '../errors.js';
import type { Plan, ShardFunction } from '../plan/index.js';
import { droppedLine, type ConsoleDropped } from './console-budget.js';
import type { ConsoleLevel } from './context.js';
import { bundledSandboxWorker } from '../bundle-info.js';
import { takeEarlyWorker } from '../early-worker.js';
import { devLoaderExecArgv } from '../dev-loader.js';
import { parseBatchResult, parseList, type GuestStep, type PrepareOptions, type RawBatchResult } from './host.js';
import { TIMEOUT_GRACE_MS, WORKER_RECYCLE_BYTES, memoryMessage, timeoutMessage, wasmMemoryCap, workerResourceLimits, type SandboxLimits } from './limits.js';
import { ValueBudget } from './marshal/value-budget.js';
import { ONE_RUN_TIERING_BUDGET, START_UP_TIERING_BUDGET, tieringWorkerData } from './wasm-tiering.js';
import type { GuestItems, PackedItems } from './marshal/columnar.js';
import { Packer } from './marshal/pack.js';
import { deserializeError, type WireError } from '../wire-errors.js';

export interface OpenOptions {
  source: string;
  filename: string;
  params: unknown;
  limits: SandboxLimits;
  seed?: number;
  nowMs?: number;
  /** console.* output of the script, one line per call (level: log/info/debug/warn/error). */
  onConsole?: (line: string, level: ConsoleLevel) => void;
  /** Drop the console lines of the top level and main() (a shard: the main thread printed them). */
  quietSetup?: boolean;
}

export interface GuestBatchRequest {
  items: GuestItems;
  steps: GuestStep[];
}

export interface GuestBatchResult {
  /** Surviving input rows (after filters), in order (physical rows when items.selection is given). */
  rows: Int32Array;
  /** After a final map: the mapped values (JSON-serialized per jql.md §5), one per surviving row. */
  values?: unknown[];
  /** After a final keys step: per surviving row, one raw value per key fn (lists kept; the engine splices). */
  keys?: unknown[][];
  /** After a reduce step: per group, fn([], items), JSON-serialized. `keys` for groupsFrom 'keys', `group` for 'given'. */
  partials?: Array<{ keys?: unknown[]; group?: number; value: unknown }>;
}

export interface SandboxStats {
  calls: number;
  rowsIn: number;
  bytesIn: number;
  bytesOut: number;
}

/** A sandbox holding the script's user functions, called in batches. */
export interface FunctionSession {
  stats: SandboxStats;
  /** Run consecutive guest stages over a batch in ONE crossing. */
  runBatch(req: GuestBatchRequest): Promise<GuestBatchResult>;
  /** Combine custom reducer partials: fn(partials, []) per group. */
  combine(fnId: number, partialsPerGroup: unknown[][]): Promise<unknown[]>;
  /**
   * groupByUser custom reducers: state stays in the guest between calls. `runs` are
   * [user key, row count] over the batch's rows in order (a user's rows are consecutive).
   */
  userReduce(fnId: number, batch: GuestItems, runs: Array<[string, number]>, keyFns?: number[]): Promise<void>;
  /** Finished states, JSON-serialized per jql.md §5, then cleared. */
  userResults(fnId: number): Promise<Array<{ key: string; value: unknown }>>;
  close(): Promise<void>;
  /** Stop now, even inside a long guest call (Ctrl-C, a server's client went away): the worker is terminated and every pending call fails with `e`. */
  cancel(e?: Error): void;
}

/** A sandbox that ran main(): the functions and the plan it recorded. */
export interface SandboxSession extends FunctionSession {
  plan: Plan;
}

// ---- worker pool: idle workers (one by default), reused when they stayed small -----

interface PooledWorker {
  worker: Worker;
  wasmCap: number;
  memoryBytes: number;
  prepareSent?: boolean;
}
let idle: PooledWorker[] = [];
/** Idle workers kept: 1 for the CLI; `quarry serve` keeps one per concurrent query. */
let maxIdle = 1;
/** The wasm tiering budget of the workers this pool starts (wasm-tiering.ts). */
let tieringBudget = START_UP_TIERING_BUDGET;

/**
 * Workers started from now on compile QuickJS for a process that runs one query
 * (`quarry run`): ONE_RUN_TIERING_BUDGET. Shard threads and servers keep the default.
 */
export function setOneRunTiering(): void {
  tieringBudget = ONE_RUN_TIERING_BUDGET;
}

function spawnWorker(memoryBytes: number): Worker {
  // `quarry run` started one before its modules loaded (cli/early-start.ts).
  const early = takeEarlyWorker(memoryBytes);
  if (early !== undefined) return early;
  // From the CLI bundle, the worker runs its own bundle (bin/load-bundle.cjs, code-cached).
  const bundled = bundledSandboxWorker();
  const fromSource = bundled === undefined && import.meta.url.endsWith('.ts');
  const entry = bundled ?? new URL(fromSource ? './worker.ts' : './worker.js', import.meta.url);
  return new Worker(entry, {
    workerData: tieringWorkerData(tieringBudget),
    execArgv: fromSource ? devLoaderExecArgv() : [],
    resourceLimits: workerResourceLimits(memoryBytes),
    stdout: false,
    stderr: false,
  });
}

function takeWorker(memoryBytes: number, wasmCap: number): Worker {
  const i = idle.findIndex((p) => p.wasmCap === wasmCap && p.memoryBytes === memoryBytes);
  if (i >= 0) {
    const w = idle.splice(i, 1)[0]!.worker;
    w.ref();
    return w;
  }
  // None fits (another memory limit): free a place rather than keep it (the CLI keeps one).
  if (idle.length >= maxIdle) void idle.shift()!.worker.terminate();
  return spawnWorker(memoryBytes);
}

function returnWorker(p: PooledWorker): void {
  while (idle.length >= maxIdle) void idle.shift()!.worker.terminate();
  p.worker.unref();
  idle.push(p);
}

/** How many idle workers to keep for reuse (a server answering N queries at once keeps N). */
export function setSandboxPoolSize(n: number): void {
  maxIdle = Math.max(1, Math.floor(n));
  while (idle.length > maxIdle) void idle.shift()!.worker.terminate();
}

/**
/**
 * Start workers and load the wasm module now, so that the next openSession() calls
 * with the same memory limit find them ready: the CLI calls this first thing,
 * overlapping worker start-up with its own module loading and store opening. With
 * `prepare` (the seed and fixed time the run will use) a worker also installs the
 * stdlib in a fresh context, used by the next openSession() if its options match
 * (SandboxHost.prepare). `quarry serve` keeps `count` workers warm.
 */
export function prewarmSandbox(memoryBytes: number, count = 1, prepare?: Omit<PrepareOptions, 'memoryBytes'>): void {
  const wasmCap = wasmMemoryCap(memoryBytes);
  const matching = idle.filter((p) => p.wasmCap === wasmCap && p.memoryBytes === memoryBytes);
  const warm = { id: 0, op: 'warm', wasmCap, prepare: prepare ? { ...prepare, memoryBytes } : undefined };
  // A worker started before the run's options were known (startEarly) prepares now.
  for (const p of prepare ? matching.slice(0, count) : []) {
    if (p.prepareSent) continue;
    p.worker.postMessage(warm);
    p.prepareSent = true;
  }
  for (let k = matching.length; k < Math.min(count, maxIdle); k++) {
    const worker = spawnWorker(memoryBytes);
    worker.postMessage(warm);
    worker.unref();
    idle.push({ worker, wasmCap, memoryBytes, prepareSent: prepare !== undefined });
  }
}

/** Terminate the pooled idle workers (tests, shutdown). */
export async function shutdownSandboxPool(): Promise<void> {
  const ws = idle;
  idle = [];
  await Promise.all(ws.map((w) => w.worker.terminate()));
}

// ---- the session ------------------------------------------------------------------

interface Pending {
  resolve: (v: unknown) => void;
  reject: (e: Error) => void;
  timer: NodeJS.Timeout;
}

class WorkerSession implements SandboxSession {
  /** Unset in a session opened by openFunctions (typed FunctionSession there). */
  plan!: Plan;
  stats: SandboxStats = { calls: 0, rowsIn: 0, bytesIn: 0, bytesOut: 0 };
  private nextId = 1;
  private pending = new Map<number, Pending>();
  private dead: Error | null = null;
  private dirty = false;
  private closed = false;
  private packer = new Packer();
  /** Bytes of guest results the engine holds (issue 9 item 5); see value-budget.ts. */
  private budget: ValueBudget;
  /** Console lines the worker dropped past its budget (latest report). */
  private dropped: ConsoleDropped = { lines: 0, bytes: 0 };
  private droppedReported = false;
  private readonly deadlineMs: number;
  private readonly wasmCap: number;

  constructor(
    private worker: Worker,
    private o: OpenOptions,
  ) {
    this.deadlineMs = Date.now() + o.limits.timeoutMs;
    this.wasmCap = wasmMemoryCap(o.limits.memoryBytes);
    this.budget = new ValueBudget(o.limits.memoryBytes);
    worker.on('message', this.onMessage);
    worker.on('error', this.onError);
    worker.on('exit', this.onExit);
  }

  private onMessage = (m: {
    id?: number;
    op?: string;
    ok?: boolean;
    result?: unknown;
    error?: WireError;
    line?: string;
    level?: ConsoleLevel;
    dropped?: ConsoleDropped;
    poisoned?: boolean;
  }) => {
    if (m.op === 'console') {
      this.o.onConsole?.(m.line ?? '', m.level ?? 'log');
      return;
    }
    if (m.dropped && m.dropped.lines > this.dropped.lines) this.dropped = m.dropped;
    // Its wasm module aborted: never reuse this worker (close() terminates it).
    if (m.poisoned) this.dirty = true;
    const p = m.id === undefined ? undefined : this.pending.get(m.id);
    if (!p) return;
    this.pending.delete(m.id!);
    clearTimeout(p.timer);
    if (m.ok) p.resolve(m.result);
    else {
      const e = deserializeError(m.error!, 'sandbox');
      if (e instanceof LimitError) this.dirty = true;
      if (e instanceof LimitError && e.limit === 'timeout') this.kill(e);
      p.reject(e);
    }
  };

  private onError = (err: Error & { code?: string }) => {
    const e =
      err.code === 'ERR_WORKER_OUT_OF_MEMORY'
        ? new LimitError('memory', memoryMessage(this.o.limits.memoryBytes, ' (the sandbox worker ran out of heap)'))
        : new InternalError(`sandbox worker failed: ${err.message}`);
    this.kill(e);
  };

  private onExit = (code: number) => {
    if (!this.dead) this.kill(new InternalError(`sandbox worker exited unexpectedly (code ${code})`));
  };

  /** Stop the worker for good and fail every pending call with `e`. */
  private kill(e: Error): void {
    if (this.dead) return;
    this.dead = e;
    this.dirty = true;
    this.worker.off('message', this.onMessage);
    this.worker.off('error', this.onError);
    this.worker.off('exit', this.onExit);
    void this.worker.terminate();
    for (const p of this.pending.values()) {
      clearTimeout(p.timer);
      p.reject(e);
    }
    this.pending.clear();
  }

  call<T>(msg: Record<string, unknown>, transfer: ArrayBuffer[] = []): Promise<T> {
    if (this.dead) return Promise.reject(this.dead);
    if (this.closed) return Promise.reject(new InternalError('sandbox session used after close()'));
    const id = this.nextId++;
    this.stats.calls++;
    return new Promise<T>((resolve, reject) => {
      // The guest's interrupt handler should stop at the deadline; if it has not
      // answered shortly after, the worker is stuck (or busy outside QuickJS): kill it.
      const wait = Math.max(0, this.deadlineMs - Date.now()) + TIMEOUT_GRACE_MS;
      const timer = setTimeout(() => this.kill(new LimitError('timeout', timeoutMessage(this.o.limits.timeoutMs))), wait);
      this.pending.set(id, { resolve: resolve as (v: unknown) => void, reject, timer });
      this.worker.postMessage({ ...msg, id }, transfer);
    });
  }

  async open(fns?: ShardFunction[]): Promise<void> {
    const { onConsole: _drop, ...rest } = this.o;
    const r = await this.call<{ plan: Plan | null }>({
      op: 'open',
      wasmCap: this.wasmCap,
      options: { ...rest, deadlineMs: this.deadlineMs, fns },
    });
    if (r.plan) this.plan = r.plan;
  }

  private pack(items: GuestItems): PackedItems {
    const p = this.packer.pack(items);
    this.stats.rowsIn += p.length;
    this.stats.bytesIn += p.buffer.byteLength + p.extraText.length;
    return p;
  }

  async runBatch(req: GuestBatchRequest): Promise<GuestBatchResult> {
    const packed = this.pack(req.items);
    const raw = await this.call<RawBatchResult>({ op: 'runBatch', items: packed, steps: req.steps }, [packed.buffer]);
    this.stats.bytesOut += raw.json.length + (raw.rows ? raw.rows.byteLength : 0);
    // Mapped values and keys stream on (one batch at a time); reducer partials stay
    // until the aggregation ends, so they count until the session closes.
    this.budget.check(
      raw.json,
      req.steps.some((st) => st.kind === 'reduce'),
    );
    const res = parseBatchResult(raw, packed.length);
    const sel = 'selection' in req.items ? req.items.selection : undefined;
    let rows = res.rows ?? identityRows(packed.length);
    if (sel) rows = rows.map((k) => sel[k]!);
    return { ...res, rows };
  }

  async combine(fnId: number, partialsPerGroup: unknown[][]): Promise<unknown[]> {
    const text = await this.call<string>({ op: 'combine', fnId, partials: partialsPerGroup });
    this.stats.bytesOut += text.length;
    this.budget.check(text, true);
    return parseList(text, partialsPerGroup.length);
  }

  async userReduce(fnId: number, batch: GuestItems, runs: Array<[string, number]>, keyFns: number[] = []): Promise<void> {
    const packed = this.pack(batch);
    let rows = 0;
    for (const r of runs) rows += r[1];
    if (rows !== packed.length) throw new InternalError('userReduce: the runs of user keys must cover every row');
    await this.call<null>({ op: 'userReduce', fnId, items: packed, runs, keyFns }, [packed.buffer]);
  }

  async userResults(fnId: number): Promise<Array<{ key: string; value: unknown }>> {
    const text = await this.call<string>({ op: 'userResults', fnId });
    this.stats.bytesOut += typeof text === 'string' ? text.length : 0;
    this.budget.check(text, true);
    return parseList(text) as Array<{ key: string; value: unknown }>;
  }

  /** The one line about dropped console output, once, at the end of the session. */
  private reportDropped(): void {
    if (this.droppedReported) return;
    this.droppedReported = true;
    const line = droppedLine(this.dropped);
    if (line !== null) this.o.onConsole?.(line, 'warn');
  }

  async close(): Promise<void> {
    if (this.closed) return;
    if (this.dead) {
      this.closed = true;
      this.reportDropped();
      return;
    }
    let wasmBytes = Infinity;
    try {
      const r = await this.call<{ wasmBytes: number; dropped?: ConsoleDropped }>({ op: 'close' });
      wasmBytes = r.wasmBytes;
      if (r.dropped) this.dropped = r.dropped;
    } catch {
      // A failing close leaves the worker suspect: it is terminated below.
    }
    this.closed = true;
    this.reportDropped();
    if (this.dead) return;
    this.worker.off('message', this.onMessage);
    this.worker.off('error', this.onError);
    this.worker.off('exit', this.onExit);
    if (!this.dirty && wasmBytes <= WORKER_RECYCLE_BYTES) {
      returnWorker({ worker: this.worker, wasmCap: this.wasmCap, memoryBytes: this.o.limits.memoryBytes });
    } else {
      await this.worker.terminate();
    }
  }

  cancel(e?: Error): void {
    this.dirty = true;
    this.kill(e ?? new UserError('the query was cancelled'));
  }

  /** Failed open: never reuse the worker. */
  async abandon(): Promise<void> {
    this.dirty = true;
    if (!this.dead) this.kill(new InternalError('sandbox session abandoned'));
    this.reportDropped();
  }
}

function identityRows(n: number): Int32Array {
  const r = new Int32Array(n);
  for (let i = 0; i < n; i++) r[i] = i;
  return r;
}

/** Run the script's top-level code and main(), read its plan, keep the sandbox open for batches. */
export function openSession(o: OpenOptions): Promise<SandboxSession> {
  return openWorkerSession(o);
}

/**
 * A shard's sandbox: run the script's top level, then put the user functions in
 * place (compiled from their text, or top-level ones by name) without calling main().
 */
export function openFunctions(o: OpenOptions & { fns: ShardFunction[] }): Promise<FunctionSession> {
  const { fns, ...rest } = o;
  return openWorkerSession(rest, fns);
}

async function openWorkerSession(o: OpenOptions, fns?: ShardFunction[]): Promise<WorkerSession> {
  const s = new WorkerSession(takeWorker(o.limits.memoryBytes, wasmMemoryCap(o.limits.memoryBytes)), o);
  try {
    await s.open(fns);
  } catch (e) {
    // A script error leaves a healthy worker (close() pools it); anything else does not.
    if (e instanceof ScriptError) await s.close();
    else await s.abandon();
    throw e;
  }
  return s;
}
