/**
 * How soon V8 recompiles QuickJS's WebAssembly functions with its optimizing compiler.
 * V8 compiles each wasm function with its baseline compiler (Liftoff) on its first call,
 * and recompiles it with TurboFan once it has run `--wasm-tiering-budget` bytes of code
 * (1.8 MB by default). Installing the stdlib and recording main() crosses that budget in
 * many of QuickJS's large parser and interpreter functions, and their TurboFan compiles
 * were ~0.1 s CPU of a built-ins-only `quarry run` (docs/benchmarks.md) for code that
 * mostly never runs again. With a 200 MB budget, a query that keeps the sandbox busy
 * still gets its hot functions optimized, a little later.
 * Decision: docs/decisions/0021-sandbox-start-up.md.
 *
 * The budget is charged per loop iteration by the size of the loop's body, so QuickJS's
 * bytecode interpreter (one loop over a ~29 KB body) and parser cross even 200 MB while
 * the stdlib installs: three functions still went to TurboFan in every `quarry run`,
 * ~0.1-0.15 s of background CPU that a short run then waited for at exit. A worker
 * started for one `quarry run` (its process records main() and then runs at most the
 * callbacks of a query too small to split over threads) compiles with a 1 GB budget
 * instead, under which none does. Decision: docs/decisions/0043-one-run-tiering-budget.md.
 *
 * V8 takes the budget from the flag when it compiles the WebAssembly.Module, and flags
 * are process-wide. A V8 code cache records a hash of the flags it was made with, and a
 * thread started later (every sandbox worker) takes the hash of the flags at its start:
 * with the flag left changed, it rejects Node's built-in code cache (made with the
 * defaults; ~0.03 s CPU more per worker) and quarry's bundle cache, and writes caches
 * the next process rejects. So the budget is set only around the
 * synchronous `new WebAssembly.Module` and then put back to V8's default, which leaves
 * the flag hash as it was (module.ts). That needs V8's default for the running version:
 * it is known for the V8 versions listed here; on any other the default tiering is kept.
 * A budget given to node itself (command line, NODE_OPTIONS) is left alone.
 */
import { setFlagsFromString } from 'node:v8';

/** Bytes of wasm code a function runs before V8 re-compiles it with TurboFan: workers that serve many queries, or a shard's callbacks. */
export const START_UP_TIERING_BUDGET = 200_000_000;

/** The same for the sandbox worker of a single `quarry run` (see above). */
export const ONE_RUN_TIERING_BUDGET = 1_000_000_000;

/** The `workerData` that asks a sandbox worker for `budget` (session.ts, cli/early-start.ts). */
export function tieringWorkerData(budget: number): { tieringBudget: number } {
  return { tieringBudget: budget };
}

/** The budget a worker's `workerData` asks for (tieringWorkerData), else the default. */
export function tieringBudgetOf(workerData: unknown): number {
  const b = (workerData as { tieringBudget?: unknown } | null | undefined)?.tieringBudget;
  return typeof b === 'number' && Number.isInteger(b) && b > 0 && b < 2 ** 31 ? b : START_UP_TIERING_BUDGET;
}

/** V8's default `--wasm-tiering-budget` per V8 major.minor (`node --v8-options`). */
const V8_DEFAULT_BUDGET: Record<string, number> = { '11.3': 1_800_000 };

/** The budget to restore, or undefined when quarry must not touch the flag. */
function defaultBudget(): number | undefined {
  const given = /--wasm[-_]tiering[-_]budget/;
  if (process.execArgv.some((a) => given.test(a)) || given.test(process.env.NODE_OPTIONS ?? '')) return undefined;
  const [major, minor] = process.versions.v8.split('.');
  return V8_DEFAULT_BUDGET[`${major}.${minor}`];
}

/** Run `compile` (a synchronous WebAssembly.Module compile) under a start-up tiering budget. */
export function withStartUpTiering<T>(compile: () => T, budget = START_UP_TIERING_BUDGET): T {
  const restore = defaultBudget();
  if (restore === undefined) return compile();
  setFlagsFromString(`--wasm-tiering-budget=${budget}`);
  try {
    return compile();
  } finally {
    setFlagsFromString(`--wasm-tiering-budget=${restore}`);
  }
}
