/**
 * `quarry import events` runs in a child Node process started with `--single-threaded-gc`
 * when the import's own threads fill the machine's cores (decision 0037).
 *
 * The import keeps its importing thread and DEFAULT_PARSE_THREADS parse workers busy
 * throughout. V8's GC also runs on helper threads (parallel scavenges, concurrent marking
 * and sweeping), which on a machine with no core to spare only take turns with those three
 * and add their own coordination: at 5M events on 2 cores the helpers used ~4 s of CPU,
 * 12% of the import's. With the GC on the threads that allocate, the import used 3-17%
 * less CPU and 1-15% less wall time (3 interleaved pairs, docs/benchmarks.md).
 *
 * V8 reads its GC threading flags when it starts: set later with v8.setFlagsFromString,
 * they abort the process at the next full GC ("Check failed: concurrent_marking_handle_").
 * So bin/quarry.js asks importProcessFlags before it loads the CLI and, when there are
 * flags, runs the same command line in a child with them and exits as the child did.
 */
import { spawn } from 'node:child_process';
import os from 'node:os';
import { DEFAULT_PARSE_THREADS } from '../ingest/parse-pool.js';

export const SINGLE_THREADED_GC = '--single-threaded-gc';

/**
 * The Node flags to run `argv` with in a child process, or null to run it here: not
 * `import events`; already running with the flag (the child, or a user who gave it);
 * QUARRY_IMPORT_GC=parallel; or cores to spare for V8's helpers (QUARRY_IMPORT_GC=single
 * asks for the child anyway).
 */
export function importProcessFlags(
  argv: readonly string[],
  execArgv: readonly string[] = process.execArgv,
  env: NodeJS.ProcessEnv = process.env,
  cores = os.availableParallelism(),
): string[] | null {
  if (argv[0] !== 'import' || argv[1] !== 'events') return null;
  if (execArgv.includes(SINGLE_THREADED_GC)) return null;
  const asked = env.QUARRY_IMPORT_GC;
  if (asked === 'parallel') return null;
  if (asked !== 'single' && cores > DEFAULT_PARSE_THREADS + 1) return null;
  return [SINGLE_THREADED_GC];
}

const FORWARDED: NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP'];

/**
 * Run `script argv` in a child Node with `flags` (and this process's own flags), sharing
 * its standard streams, and end this process as the child ended: its exit code, or the
 * signal that killed it. Signals sent to this process are passed on; a terminal's Ctrl-C
 * reaches both, and the child's own handling decides.
 */
export function runInChild(flags: readonly string[], script: string, argv: readonly string[]): Promise<never> {
  const child = spawn(process.execPath, [...flags, ...process.execArgv, script, ...argv], { stdio: 'inherit' });
  const forward = (signal: NodeJS.Signals) => {
    child.kill(signal);
  };
  for (const s of FORWARDED) process.on(s, forward);
  return new Promise<never>(() => {
    child.once('error', (e) => {
      process.stderr.write(`quarry: could not start the import process (${e.message}); run it as QUARRY_IMPORT_GC=parallel quarry import events ...\n`);
      process.exit(1);
    });
    child.once('exit', (code, signal) => {
      for (const s of FORWARDED) process.off(s, forward);
      if (signal !== null) process.kill(process.pid, signal);
      else process.exit(code ?? 1);
    });
  });
}
