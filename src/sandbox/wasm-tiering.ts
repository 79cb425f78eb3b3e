/**
 * How soon V8 recompiles QuickJS's WebAssembly functions with its optimizing compiler
 * (TurboFan). V8 first compiles each wasm function with its baseline compiler (Liftoff)
 * on first call, then re-compiles a function with TurboFan once it has run ~1.8 MB of
 * code (`--wasm-tiering-budget`, "bytes executed"). Installing the stdlib and recording
 * main() runs enough of QuickJS's parser and interpreter to cross that budget in dozens
 * of large functions, and their TurboFan compiles were ~0.1 s CPU of a built-ins-only
 * `quarry run` (0.39 s -> 0.29 s CPU with a 200 MB budget; docs/benchmarks.md) for code
 * that never runs again. A query that keeps the sandbox busy still tiers its hot
 * functions up, a little later (~+0.05 s CPU on q5 at 1M events).
 * Decision: docs/decisions/0021-sandbox-start-up.md.
 *
 * V8 flags are process-wide, and a V8 code cache records the flags it was made with:
 * changing a flag after a cached script was compiled makes every later cache written
 * by this process unreadable by the next one. So the flag is set once, first thing, by
 * the process entry (bin/quarry.js), never from inside the sandbox; a process started
 * another way (tests, bench harnesses) keeps V8's default tiering.
 */
import { setFlagsFromString } from 'node:v8';

/** Bytes of wasm code a function runs before it is re-compiled with TurboFan (V8's default: 1,800,000). */
export const WASM_TIERING_BUDGET = 200_000_000;

/** Set quarry's wasm tiering flag for this process: call before any code-cached script is compiled. */
export function applyWasmTiering(): void {
  setFlagsFromString(`--wasm-tiering-budget=${WASM_TIERING_BUDGET}`);
}
