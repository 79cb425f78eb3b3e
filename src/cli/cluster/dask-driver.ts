/**
 * Runs the Dask driver that ships with quarry (contrib/dask/quarry_dask.py) and reads
 * its progress lines (one JSON object per line on stdout, documented in that file).
 *
 * Which Python: $QUARRY_PYTHON when set (and only it); otherwise `python3` on PATH,
 * then /usr/bin/python3 (Debian's python3-distributed), the first that can import
 * distributed. The driver itself says when it cannot (exit 78), so trying the next
 * candidate costs one Python start and no separate probe.
 */
import { spawn } from 'node:child_process';
import readline from 'node:readline';
import { EXIT, ScriptError, UserError } from '../../errors.js';
import { driverPath, selfCommand } from './package-files.js';

/** The driver's exit status when its Python lacks `distributed`. */
const NO_DASK = 78;

export type DriverEvent =
  | { event: 'connected'; scheduler: string; workers: number; dask: string }
  | { event: 'submitted'; jobs: number; tasks: number; merges: number }
  | { event: 'started'; job: number; kind: 'exec' | 'merge'; task: string | number; worker: string; attempt: number; pid: number }
  | { event: 'done'; job: number; kind: 'exec' | 'merge'; task: string | number; worker: string; seconds: number; bytes: number }
  | { event: 'failed'; job: number; kind: 'exec' | 'merge'; task: string | number; worker: string; code: number; retryable: boolean; message: string }
  | { event: 'worker-lost'; worker: string; tasks: Array<{ job: number; kind: 'exec' | 'merge'; task: string | number }> }
  | { event: 'finished'; job: number; out: string; bytes: number; outs?: string[] }
  | { event: 'error'; kind: string; code: number; message: string; job?: number; task?: string | number };

export interface DriverOptions {
  scheduler: string;
  /** [plan file, where the final part goes] per job. */
  jobs: Array<[string, string]>;
  /** The quarry command on the workers. */
  workerCommand: string[];
  connectTimeoutS?: number;
  /** Extra driver arguments (e.g. --shuffle SEED, --fan-in N). */
  extraArgs?: string[];
  onEvent?: (e: DriverEvent) => void;
}

/** Pythons to try, in order (see the file comment). */
export function pythonCandidates(env: NodeJS.ProcessEnv = process.env): string[] {
  if (env.QUARRY_PYTHON) return [env.QUARRY_PYTHON];
  return ['python3', '/usr/bin/python3'];
}

const HOW_TO_INSTALL =
  'install Dask distributed (Debian/Ubuntu: apt-get install python3-distributed; elsewhere: pip install "dask[distributed]"), or set QUARRY_PYTHON to a Python that can import distributed';

/** The quarry command workers run: $QUARRY_WORKER_COMMAND (a JSON array, or words), else this very quarry. */
export function workerCommand(env: NodeJS.ProcessEnv = process.env): string[] {
  const text = env.QUARRY_WORKER_COMMAND?.trim();
  if (!text) return selfCommand();
  if (text.startsWith('[')) {
    let cmd: unknown;
    try {
      cmd = JSON.parse(text);
    } catch (e) {
      throw new UserError(
        `QUARRY_WORKER_COMMAND is not a JSON array (${(e as Error).message}); use e.g. ["quarry"] or plain words: node /opt/quarry/bin/quarry.js`,
      );
    }
    if (!Array.isArray(cmd) || cmd.length === 0 || !cmd.every((s) => typeof s === 'string'))
      throw new UserError('QUARRY_WORKER_COMMAND must be a non-empty JSON array of strings');
    return cmd as string[];
  }
  return text.split(/\s+/);
}

/** Run the driver to completion. Resolves on success; throws a UserError (or the task's ScriptError) otherwise. */
export async function runDriver(o: DriverOptions): Promise<void> {
  const args = [
    driverPath(),
    '--scheduler',
    o.scheduler,
    '--quarry',
    JSON.stringify(o.workerCommand),
    '--connect-timeout',
    String(o.connectTimeoutS ?? 5),
    ...(o.extraArgs ?? []),
  ];
  for (const [plan, out] of o.jobs) args.push('--job', plan, out);
  const tried: string[] = [];
  for (const python of pythonCandidates()) {
    const r = await runOnce(python, args, o.onEvent);
    if (r.spawnError) {
      tried.push(`${python} (${r.spawnError})`);
      continue;
    }
    if (r.code === NO_DASK) {
      tried.push(`${python} (no distributed module)`);
      continue;
    }
    if (r.code === 0) return;
    throw driverFailure(r, o.scheduler);
  }
  throw new UserError(`cannot run on a Dask cluster: no Python with Dask distributed; tried ${tried.join(', ')}. To fix: ${HOW_TO_INSTALL}`);
}

interface DriverRun {
  code: number | null;
  signal: NodeJS.Signals | null;
  spawnError?: string;
  error?: Extract<DriverEvent, { event: 'error' }>;
  stderr: string;
}

function runOnce(python: string, args: string[], onEvent?: (e: DriverEvent) => void): Promise<DriverRun> {
  return new Promise((resolve) => {
    // -u: progress lines arrive as they are written.
    const child = spawn(python, ['-u', ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    let error: DriverRun['error'];
    child.stderr.on('data', (b: Buffer) => {
      stderr = (stderr + b.toString('utf8')).slice(-8000);
    });
    readline.createInterface({ input: child.stdout }).on('line', (line) => {
      let e: DriverEvent;
      try {
        e = JSON.parse(line) as DriverEvent;
      } catch {
        return; // not a progress line (a library's print): ignore
      }
      if (e.event === 'error') error = e;
      onEvent?.(e);
    });
    child.on('error', (err: NodeJS.ErrnoException) =>
      resolve({ code: null, signal: null, spawnError: err.code === 'ENOENT' ? 'not found' : err.message, stderr }),
    );
    child.on('close', (code, signal) => resolve({ code, signal, error, stderr }));
  });
}

function driverFailure(r: DriverRun, scheduler: string): Error {
  const e = r.error;
  if (e?.kind === 'script' || e?.kind === 'task') {
    // quarry's own message from the worker (the script's file and line included), as a local run prints it.
    const err = new ScriptError('ClusterTask', e.message || `task ${e.task} failed with exit ${e.code}`);
    err.exitCode = e.code;
    return err;
  }
  if (e) return new UserError(e.message, { exitCode: e.code === 2 ? EXIT.USAGE : EXIT.FAILURE });
  const how = r.signal ? `signal ${r.signal}` : `exit ${r.code}`;
  const tail = r.stderr.trim().split('\n').slice(-8).join('\n');
  return new UserError(`the Dask driver stopped (${how}) while running on ${scheduler}${tail ? `:\n${tail}` : ''}`, { exitCode: EXIT.INTERNAL });
}
