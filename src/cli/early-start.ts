/**
 * `quarry run`: start the sandbox worker before anything else, so its Node start-up, wasm
 * compile and bundle load overlap the CLI's own (compiling the CLI bundle, yargs, the
 * command table, the engine modules). bin/quarry.js imports this module alone from
 * dist/src/ (it and its imports are small) before it loads the CLI, then the sandbox pool
 * takes the worker over (early-worker.ts) and the run command's prewarmSandbox sends it
 * the run's seed and fixed time to install the stdlib (sandbox/session.ts). With
 * `--memory` the worker's limits are not the default ones: nothing starts early.
 */
import fs from 'node:fs';
import { Worker } from 'node:worker_threads';
import { handOverEarlyWorker } from '../early-worker.js';
import { wasmMemoryCap, workerResourceLimits } from '../sandbox/limits.js';
import { ONE_RUN_TIERING_BUDGET, tieringWorkerData } from '../sandbox/wasm-tiering.js';
import { DEFAULT_MEMORY_MB } from './run-defaults.js';

/** `entry`: the worker script the pool itself would start (the bundled one when the CLI runs bundled). */
export function startEarly(argv: readonly string[], entry: string | URL): void {
  if (argv[0] !== 'run' || argv.some((a) => a === '--memory' || a.startsWith('--memory=') || a === '--help' || a === '-h')) return;
  // A script that is not there (a typo) fails before the sandbox is used: a worker started
  // for it would be mid-start at exit, and exit waits for it. So: only when some argument
  // is standard input or an existing file (one stat each; the run decides the rest).
  if (!argv.slice(1).some((a) => a === '-' || isFile(a))) return;
  const memoryBytes = DEFAULT_MEMORY_MB * 1024 * 1024;
  // The same options as the pool's own workers in a `quarry run` (sandbox/session.ts
  // spawnWorker after setOneRunTiering).
  const worker = new Worker(entry, {
    workerData: tieringWorkerData(ONE_RUN_TIERING_BUDGET),
    execArgv: [],
    resourceLimits: workerResourceLimits(memoryBytes),
    stdout: false,
    stderr: false,
  });
  // 'warm' loads the wasm module now; the run's own prewarm adds the stdlib.
  worker.postMessage({ id: 0, op: 'warm', wasmCap: wasmMemoryCap(memoryBytes) });
  handOverEarlyWorker(worker, memoryBytes);
}

function isFile(a: string): boolean {
  try {
    return fs.statSync(a).isFile();
  } catch {
    return false;
  }
}
