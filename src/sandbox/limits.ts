/**
 * Sandbox limits: the constants and the interrupt logic.
 *
 * Measured facts behind them (quickjs-emscripten 0.32, Node 20):
 *  - QuickJS's memory limit does not cap the WebAssembly memory (it grew to 4-5.5x the
 *    limit; at 512 MB it reached the 2 GB wasm ceiling and the next call crashed the
 *    process), and the wasm heap never shrinks. So the module gets its own
 *    WebAssembly.Memory with a `maximum` (wasmMemoryCap), and the worker that holds it
 *    is recycled after a query that grew it (WORKER_RECYCLE_BYTES).
 *  - Without setMaxStackSize (or with >= 512 KB) deep recursion overflows Node's own
 *    stack and leaves the runtime unable to dispose; 256 KB works cleanly.
 */

export interface SandboxLimits {
  /** Wall-clock budget for the whole session, from openSession() on. */
  timeoutMs: number;
  /** QuickJS heap limit. The wasm memory is capped at wasmMemoryCap(memoryBytes). */
  memoryBytes: number;
  /** QuickJS stack limit; default DEFAULT_STACK_BYTES. Keep it below 512 KB. */
  stackBytes?: number;
}

export const DEFAULT_STACK_BYTES = 256 * 1024;

/**
 * Rows per guest crossing. Measured (docs/sandbox.md): a filter over 1M events
 * through the worker, M rows/s for batches of 1k / 4k / 10k:
 *   one column sent (reads known): 1.50 / 2.23 / 2.37
 *   all columns (4 fields + 2 properties): 0.56 / 0.73 / 0.59
 * 4k is best or within 6% of best in both, and keeps guest memory per call small.
 */
export const BATCH_ROWS = 4096;

/** How long past the deadline the host waits for the guest's interrupt before it kills the worker. */
export const TIMEOUT_GRACE_MS = 1500;

const WASM_PAGE = 64 * 1024;
/** 2 GB minus a page: the wasm32 ceiling Emscripten builds allow. */
const WASM_CEILING = 2 * 1024 * 1024 * 1024 - WASM_PAGE;

/**
 * Maximum size of the wasm memory for a memory limit: room for fragmentation (the
 * measured 4-5.5x) plus a fixed floor for the runtime itself, below the 2 GB ceiling.
 */
export function wasmMemoryCap(memoryBytes: number): number {
  const want = memoryBytes * 3 + 64 * 1024 * 1024;
  return Math.min(WASM_CEILING, Math.ceil(want / WASM_PAGE) * WASM_PAGE);
}

/** A worker whose wasm memory grew past this is not reused for another query. */
export const WORKER_RECYCLE_BYTES = 128 * 1024 * 1024;

/** Node heap limits for the worker itself (its JS side: marshalling, JSON text). */
export function workerResourceLimits(memoryBytes: number): { maxOldGenerationSizeMb: number; maxYoungGenerationSizeMb: number; stackSizeMb: number } {
  const mb = Math.ceil(memoryBytes / (1024 * 1024));
  return { maxOldGenerationSizeMb: Math.max(256, mb * 2), maxYoungGenerationSizeMb: 64, stackSizeMb: 4 };
}

/** Interrupt handler: true (stop) once the deadline has passed. */
export function interruptAfter(deadlineMs: number): () => boolean {
  return () => Date.now() > deadlineMs;
}

export function timeoutMessage(timeoutMs: number): string {
  const s = Math.round(timeoutMs / 100) / 10;
  return `the query ran longer than the time limit (${s} s); raise it with --timeout SECONDS`;
}

export function memoryMessage(memoryBytes: number, detail = ''): string {
  const mb = Math.round(memoryBytes / (1024 * 1024));
  return `the script used more memory than the sandbox limit (${mb} MB)${detail}; raise it with --memory MB`;
}

export function stackMessage(stackBytes: number, where: string): string {
  return `the script recursed deeper than the sandbox stack allows (${Math.round(stackBytes / 1024)} KB)${where}; look for unbounded recursion`;
}
