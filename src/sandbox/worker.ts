/**
 * The worker thread that holds QuickJS. The host thread (session.ts) can terminate it
 * when a query runs away (a timeout not honoured within the grace period, a memory
 * blow-up, a crash) without taking the process down, and recycles it after a query
 * that grew the wasm heap.
 *
 * Protocol: the session posts {id, op, ...}; the worker answers {id, ok, result} or
 * {id, ok: false, error}; console lines arrive as {op: 'console'} at any time.
 * Results stay JSON text here and are parsed on the session side.
 */
import { parentPort, workerData } from 'node:worker_threads';
import type { QuickJSWASMModule } from 'quickjs-emscripten';
import { PoisonedModule, SandboxHost, type GuestStep, type HostOpenOptions, type PreparedContext, type PrepareOptions } from './host.js';
import type { PackedItems } from './marshal/columnar.js';
import { loadModule } from './module.js';
import { tieringBudgetOf } from './wasm-tiering.js';
import { serializeError } from '../wire-errors.js';
import { saveBundleCodeCache } from '../bundle-info.js';

if (!parentPort) throw new Error('quarry: worker.ts must run in a worker thread');
const port = parentPort;

let mod: QuickJSWASMModule | null = null;
let modCap = 0;
let modPromise: Promise<QuickJSWASMModule> | null = null;

/** The module for a memory cap, loaded once (a 'warm' and an 'open' may race). */
function moduleFor(wasmCap: number): Promise<QuickJSWASMModule> {
  if (modPromise === null || modCap !== wasmCap) {
    modCap = wasmCap;
    modPromise = loadModule(wasmCap, tieringBudgetOf(workerData));
  }
  return modPromise;
}
let host: SandboxHost | null = null;
/** A context with the prelude installed by 'warm', used by the next 'open' (SandboxHost.prepare). */
let prepared: PreparedContext | null = null;
/** The wasm module aborted (host.ts disposeRuntime): every answer says so and the session discards this worker. */
let poisoned = false;

type Msg =
  | { id: number; op: 'open'; wasmCap: number; options: Omit<HostOpenOptions, 'onConsole'> }
  /** Load the wasm module ahead of the first open (start-up overlap). */
  | { id: number; op: 'warm'; wasmCap: number; prepare?: PrepareOptions }
  | { id: number; op: 'runBatch'; items: PackedItems; steps: GuestStep[] }
  | { id: number; op: 'combine'; fnId: number; partials: unknown[][] }
  | { id: number; op: 'userReduce'; fnId: number; items: PackedItems; runs: Array<[string, number]>; keyFns?: number[] }
  | { id: number; op: 'userResults'; fnId: number }
  | { id: number; op: 'close' }
  /** Test hooks: stall the worker outside QuickJS / exhaust its Node heap, to exercise the session's watchdog. */
  | { id: number; op: 'debugHang'; ms: number }
  | { id: number; op: 'debugHeap' };

function closeHost(): void {
  host?.close();
  if (host?.poisoned) poisoned = true;
  host = null;
}

function need(): SandboxHost {
  if (!host) throw new Error('quarry: no open sandbox session in this worker');
  return host;
}

async function handle(msg: Msg): Promise<{ result: unknown; transfer?: ArrayBuffer[] }> {
  switch (msg.op) {
    case 'warm':
      mod = await moduleFor(msg.wasmCap);
      if (msg.prepare && !prepared && !host && !poisoned) prepared = SandboxHost.prepare(mod, msg.prepare);
      return { result: null };
    case 'open': {
      if (poisoned) throw new Error('quarry: this sandbox worker is unusable (its module aborted)');
      mod = await moduleFor(msg.wasmCap);
      closeHost();
      const options: HostOpenOptions = { ...msg.options, onConsole: (line, level) => port.postMessage({ op: 'console', line, level }) };
      const ready = prepared;
      prepared = null;
      host = ready ? SandboxHost.openPrepared(mod, ready, options) : SandboxHost.open(mod, options);
      // The code that opens a session has run: a bundled worker caches its compiled code now.
      saveBundleCodeCache();
      return { result: { plan: host.plan, wasmBytes: host.wasmBytes() } };
    }
    case 'runBatch': {
      const raw = need().runBatchRaw(msg.items, msg.steps);
      return { result: raw, transfer: raw.rows ? [raw.rows.buffer as ArrayBuffer] : [] };
    }
    case 'combine':
      return { result: need().combineRaw(msg.fnId, msg.partials) };
    case 'userReduce':
      need().userReduce(msg.fnId, msg.items, msg.runs, msg.keyFns);
      return { result: null };
    case 'userResults':
      return { result: need().userResultsRaw(msg.fnId) };
    case 'debugHang': {
      const end = Date.now() + msg.ms;
      while (Date.now() < end) {
        /* busy: only terminate() ends this */
      }
      return { result: null };
    }
    case 'debugHeap': {
      const hog: string[][] = [];
      for (;;) hog.push(new Array(1 << 20).fill('x'));
    }
    case 'close': {
      const bytes = mod ? mod.getWasmMemory().buffer.byteLength : 0;
      const dropped = host?.consoleDropped();
      closeHost();
      return { result: { wasmBytes: bytes, dropped } };
    }
  }
}

/** Console lines dropped so far, sent with every answer (the session reports them once, at its end). */
function dropped(): { lines: number; bytes: number } | undefined {
  try {
    return host?.consoleDropped();
  } catch {
    return undefined;
  }
}

port.on('message', (msg: Msg) => {
  handle(msg).then(
    ({ result, transfer }) => port.postMessage({ id: msg.id, ok: true, result, dropped: dropped(), poisoned }, transfer ?? []),
    (err: unknown) => {
      if (err instanceof PoisonedModule) {
        poisoned = true;
        err = err.cause;
      }
      port.postMessage({ id: msg.id, ok: false, error: serializeError(err), dropped: dropped(), poisoned });
    },
  );
});
