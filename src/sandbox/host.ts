/**
 * The sandbox's engine side, in the thread that holds QuickJS (the worker, or the
 * test's own thread). It owns one runtime and one GuestContext per query and turns
 * each request into ONE guest call (stdlib/guest-runtime.js).
 *
 * Everything that comes back from the guest is JSON text made inside the guest,
 * parsed here with safeJsonParse, plus a plain byte buffer: no live handle and no
 * guest object ever reaches the host.
 */
import type { QuickJSRuntime } from 'quickjs-emscripten';
import { withHandle } from './handles.js';
import { InternalError } from '../errors.js';
import { readPlan, type GuestFnSource, type Plan, type ShardFunction } from '../plan/index.js';
import type { ConsoleDropped } from './console-budget.js';
import { GuestContext, type ScriptOptions } from './context.js';
import type { GuestErrorContext } from './errors.js';
import { DEFAULT_STACK_BYTES, interruptAfter, type SandboxLimits } from './limits.js';
import type { PackedItems } from './marshal/columnar.js';
import { restoreCycles, stringifyWithCycles } from './marshal/cycles.js';
import { safeJsonParse } from './marshal/safe-json.js';
import { wasmBytes, wasmMemoryExhausted, type SandboxModule } from './module.js';
import { newQueryRuntime } from './runtime.js';

export type GuestStep =
  | { kind: 'filter'; fn: number }
  | { kind: 'map'; fn: number }
  | { kind: 'keys'; fns: number[] }
  /** Function values, then `paths` read from the same (possibly mutated) items ('' = the item). */
  | { kind: 'values'; fns: number[]; paths?: string[] }
  | { kind: 'reduce'; fn: number; groupsFrom: 'keys' | 'all' }
  | { kind: 'reduce'; fn: number; groupsFrom: 'given'; groups: { row: ArrayLike<number>; group: ArrayLike<number> } };

/** As GuestBatchResult, with rows relative to the packed batch (0..length-1). */
export interface HostBatchResult {
  rows: Int32Array | null;
  values?: unknown[];
  keys?: unknown[][];
  partials?: Array<{ keys?: unknown[]; group?: number; value: unknown }>;
}

export interface HostOpenOptions extends ScriptOptions {
  limits: SandboxLimits;
  deadlineMs: number;
  /** A shard's sandbox: put these user functions in place instead of running main() (context.ts runFunctions). */
  fns?: ShardFunction[];
}

/**
 * Free a runtime and its context. QuickJS can refuse (JS_FreeRuntime asserts that no
 * object is left, and after some states, e.g. a 30k-deep chain of promises resolved
 * by promises, one is): Emscripten then aborts and the whole wasm module is unusable.
 * Returns false in that case; the caller must discard the module (its worker) and
 * never use it again.
 */
export function disposeRuntime(ctx: GuestContext, rt: QuickJSRuntime): boolean {
  try {
    ctx.dispose();
    rt.dispose();
    return true;
  } catch {
    return false;
  }
}

/** What a context prepared ahead of its script (SandboxHost.prepare) was made with. */
export interface PrepareOptions {
  memoryBytes: number;
  stackBytes?: number;
  seed?: number;
  nowMs?: number;
  consoleBudgetBytes?: number;
}

/** A runtime and context with the prelude installed, waiting for its script. */
export interface PreparedContext {
  key: string;
  rt: QuickJSRuntime;
  ctx: GuestContext;
}

const prepareKey = (p: PrepareOptions) =>
  JSON.stringify([p.memoryBytes, p.stackBytes ?? DEFAULT_STACK_BYTES, p.seed ?? null, p.nowMs ?? null, p.consoleBudgetBytes ?? null]);

export class SandboxHost {
  /** The plan main() recorded; unset in a shard's sandbox (HostOpenOptions.fns), which never runs main(). */
  readonly plan!: Plan;
  private closed = false;
  /** The module aborted while freeing this runtime: discard it (see disposeRuntime). */
  poisoned = false;

  private constructor(
    private mod: SandboxModule,
    private rt: QuickJSRuntime,
    private ctx: GuestContext,
    fns?: ShardFunction[],
  ) {
    if (fns) {
      ctx.runFunctions(fns);
      return;
    }
    const { planJson, fnSourcesJson } = ctx.run();
    this.plan = readPlan(safeJsonParse(planJson), safeJsonParse(fnSourcesJson) as GuestFnSource[], ctx.errCtx.filename, ctx.mark);
  }

  static open(mod: SandboxModule, o: HostOpenOptions): SandboxHost {
    const rt = newQueryRuntime(mod, o.limits, o.deadlineMs);
    const errCtx: GuestErrorContext = {
      filename: o.filename,
      source: o.source,
      limits: o.limits,
      deadlineMs: o.deadlineMs,
      memoryExhausted: () => wasmMemoryExhausted(mod),
    };
    const ctx = new GuestContext(rt, o, errCtx);
    try {
      return new SandboxHost(mod, rt, ctx, o.fns);
    } catch (e) {
      if (!disposeRuntime(ctx, rt)) throw new PoisonedModule(e);
      throw e;
    }
  }

  /**
   * A runtime and context with the prelude (stdlib) installed before the script is
   * known: the sandbox worker does this while the CLI is still loading the engine, so
   * the stdlib's evaluation is off the start-up path. Nothing of the script runs here.
   */
  static prepare(mod: SandboxModule, p: PrepareOptions): PreparedContext {
    const limits: SandboxLimits = { timeoutMs: 0, memoryBytes: p.memoryBytes, stackBytes: p.stackBytes };
    // The real deadline is set when the script arrives (openPrepared); the prelude itself always ends.
    const rt = newQueryRuntime(mod, limits, Number.MAX_SAFE_INTEGER);
    const errCtx: GuestErrorContext = {
      filename: 'quarry:prelude',
      source: '',
      limits,
      deadlineMs: Number.MAX_SAFE_INTEGER,
      memoryExhausted: () => wasmMemoryExhausted(mod),
    };
    const ctx = new GuestContext(
      rt,
      { source: '', filename: 'quarry:prelude', params: {}, seed: p.seed, nowMs: p.nowMs, consoleBudgetBytes: p.consoleBudgetBytes },
      errCtx,
    );
    try {
      ctx.prepare();
    } catch (e) {
      if (!disposeRuntime(ctx, rt)) throw new PoisonedModule(e);
      throw e;
    }
    return { key: prepareKey(p), rt, ctx };
  }

  /**
   * Open `o` on a prepared context when it was prepared with the same limits, seed,
   * nowMs and console budget; otherwise free it and open a fresh one.
   */
  static openPrepared(mod: SandboxModule, prepared: PreparedContext, o: HostOpenOptions): SandboxHost {
    const { rt, ctx } = prepared;
    const want = prepareKey({
      memoryBytes: o.limits.memoryBytes,
      stackBytes: o.limits.stackBytes,
      seed: o.seed,
      nowMs: o.nowMs,
      consoleBudgetBytes: o.consoleBudgetBytes,
    });
    if (want !== prepared.key) {
      if (!disposeRuntime(ctx, rt)) throw new PoisonedModule(new Error('a prepared sandbox context could not be freed'));
      return SandboxHost.open(mod, o);
    }
    rt.setInterruptHandler(interruptAfter(o.deadlineMs));
    ctx.bind(o, {
      filename: o.filename,
      source: o.source,
      limits: o.limits,
      deadlineMs: o.deadlineMs,
      memoryExhausted: () => wasmMemoryExhausted(mod),
    });
    try {
      return new SandboxHost(mod, rt, ctx, o.fns);
    } catch (e) {
      if (!disposeRuntime(ctx, rt)) throw new PoisonedModule(e);
      throw e;
    }
  }

  runBatch(items: PackedItems, steps: GuestStep[]): HostBatchResult {
    return parseBatchResult(this.runBatchRaw(items, steps), items.length);
  }

  /** One guest call; the result stays JSON text so it can cross threads as a string. */
  runBatchRaw(items: PackedItems, steps: GuestStep[]): RawBatchResult {
    this.checkOpen();
    const vm = this.ctx.vm;
    const req = JSON.stringify({ desc: items.desc, steps: steps.map(plainStep) });
    const out = withHandle(vm.newString(req), (r) =>
      withHandle(vm.newArrayBuffer(items.buffer), (b) => withHandle(vm.newString(items.extraText), (x) => this.ctx.callQHandle('runBatch', r, b, x))),
    );
    this.ctx.drainJobs(true);
    try {
      const jsonH = vm.getProp(out, 0);
      const rowsH = vm.getProp(out, 1);
      try {
        if (vm.typeof(jsonH) !== 'string') throw new InternalError('sandbox returned a malformed batch result (not text)');
        const json = vm.getString(jsonH);
        const rows = vm.typeof(rowsH) === 'object' ? vm.getArrayBuffer(rowsH).consume((lt) => copyRows(lt.value)) : null;
        return { json, rows };
      } finally {
        jsonH.dispose();
        rowsH.dispose();
      }
    } finally {
      out.dispose();
    }
  }

  combine(fnId: number, partialsPerGroup: unknown[][]): unknown[] {
    return parseList(this.combineRaw(fnId, partialsPerGroup), partialsPerGroup.length) as unknown[];
  }

  combineRaw(fnId: number, partialsPerGroup: unknown[][]): string {
    this.checkOpen();
    const vm = this.ctx.vm;
    // Partials may hold cycles (marshal/cycles.ts): then {groups, cycles}.
    const { json, cycles } = stringifyWithCycles(partialsPerGroup);
    const text = cycles ? `{"groups":${json},"cycles":${JSON.stringify(cycles)}}` : json;
    const out = withHandle(vm.newNumber(fnId), (f) => withHandle(vm.newString(text), (p) => this.ctx.callQ('combine', f, p))) as string;
    this.ctx.drainJobs(true);
    return out;
  }

  /**
   * runs: [key, count] pairs over the batch's rows (grouped, time-ordered). keyFns:
   * key functions to run on each item first (they may write to it; the reducer sees
   * the items as they left them).
   */
  userReduce(fnId: number, items: PackedItems, runs: Array<[string, number]>, keyFns: number[] = []): void {
    this.checkOpen();
    const vm = this.ctx.vm;
    const req = JSON.stringify({ desc: items.desc, runs, keyFns });
    withHandle(vm.newNumber(fnId), (f) =>
      withHandle(vm.newString(req), (r) =>
        withHandle(vm.newArrayBuffer(items.buffer), (b) =>
          withHandle(vm.newString(items.extraText), (x) => this.ctx.callQHandle('userReduce', f, r, b, x).dispose()),
        ),
      ),
    );
    this.ctx.drainJobs(true);
  }

  userResults(fnId: number): Array<{ key: string; value: unknown }> {
    return parseList(this.userResultsRaw(fnId)) as Array<{ key: string; value: unknown }>;
  }

  userResultsRaw(fnId: number): string {
    this.checkOpen();
    return withHandle(this.ctx.vm.newNumber(fnId), (f) => this.ctx.callQ('userResults', f)) as string;
  }

  /** Console lines dropped past the budget so far (console-budget.ts). */
  consoleDropped(): ConsoleDropped {
    return this.closed ? { lines: 0, bytes: 0 } : this.ctx.consoleDropped();
  }

  /** Bytes of wasm memory the module holds now (it never shrinks). */
  wasmBytes(): number {
    return wasmBytes(this.mod);
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    if (!disposeRuntime(this.ctx, this.rt)) this.poisoned = true;
  }

  private checkOpen(): void {
    if (this.closed) throw new InternalError('sandbox session used after close()');
  }
}

/** Opening failed with `cause` AND freeing the runtime aborted the module: the worker must go. */
export class PoisonedModule extends Error {
  constructor(override readonly cause: unknown) {
    super('the sandbox module aborted while freeing a runtime');
  }
}

function plainStep(s: GuestStep): unknown {
  if (s.kind === 'reduce' && s.groupsFrom === 'given') {
    return { ...s, groups: { row: Array.from(s.groups.row), group: Array.from(s.groups.group) } };
  }
  return s;
}

function copyRows(u8: Uint8Array): Int32Array {
  const out = new Int32Array(u8.byteLength >> 2);
  new Uint8Array(out.buffer).set(u8.subarray(0, out.length * 4));
  return out;
}

export interface RawBatchResult {
  json: string;
  rows: Int32Array | null;
}

/** Parse and check a raw batch result (the guest is untrusted: a script can monkeypatch builtins). */
export function parseBatchResult(raw: RawBatchResult, n: number): HostBatchResult {
  const res = safeJsonParse(raw.json) as HostBatchResult & { cycles?: unknown };
  checkResult(res, n);
  if (res.cycles !== undefined) {
    // Values with cycles (see marshal/cycles.ts): put them back, then drop the list.
    const cycles = res.cycles;
    delete res.cycles;
    restoreCycles(res, cycles);
  }
  res.rows = raw.rows;
  checkRows(raw.rows, n);
  const count = raw.rows ? raw.rows.length : n;
  if (res.values !== undefined && (!Array.isArray(res.values) || res.values.length !== count)) throw malformed('values');
  if (res.keys !== undefined && (!Array.isArray(res.keys) || res.keys.length !== count)) throw malformed('keys');
  return res;
}

/** Parse a JSON list from the guest, checking its length when known. */
export function parseList(text: unknown, length?: number): unknown[] {
  if (typeof text !== 'string') throw malformed('not text');
  let v = safeJsonParse(text);
  if (v !== null && typeof v === 'object' && !Array.isArray(v) && 'cycles' in v) {
    // A list with cycles: {list, cycles} (see marshal/cycles.ts).
    const { list, cycles } = v as { list: unknown; cycles: unknown };
    restoreCycles(list, cycles);
    v = list;
  }
  if (!Array.isArray(v) || (length !== undefined && v.length !== length)) throw malformed('list');
  return v;
}

function malformed(why: string): InternalError {
  return new InternalError(`sandbox returned a malformed result (${why})`);
}

function checkRows(rows: Int32Array | null, n: number): void {
  if (!rows) return;
  for (let i = 0; i < rows.length; i++) {
    const r = rows[i]!;
    if (r < 0 || r >= n || (i > 0 && r <= rows[i - 1]!)) throw malformed('row numbers');
  }
}

function checkResult(res: HostBatchResult, _n: number): void {
  if (res === null || typeof res !== 'object' || Array.isArray(res)) throw malformed('not an object');
  if (res.partials !== undefined && !Array.isArray(res.partials)) throw malformed('partials');
}
