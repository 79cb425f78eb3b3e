/**
 * A throwaway Dask cluster on 127.0.0.1 for the cluster tests: one scheduler and N
 * workers (`--no-nanny`, one thread each, so a worker is one process a test can
 * SIGKILL), on random free ports (the scheduler's address comes from its
 * --scheduler-file), logs in a temp folder. The Python is the one `quarry run
 * --cluster` would use (QUARRY_PYTHON, else python3, else /usr/bin/python3: the first
 * that imports distributed). When there is none, the tests skip and one line says how
 * to enable them.
 */
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { pythonCandidates } from '../../src/cli/cluster/dask-driver.js';
import { cliEnv, tempDir } from '../helpers/index.js';

function findDaskPython(): string | null {
  for (const py of pythonCandidates()) {
    const r = spawnSync(py, ['-c', 'import distributed'], { stdio: 'ignore', timeout: 60_000 });
    if (r.status === 0) return py;
  }
  return null;
}

export const DASK_PYTHON = findDaskPython();
export const HAVE_DASK = DASK_PYTHON !== null;
export const ENABLE_HINT = `cluster tests skipped: no Python with Dask distributed (tried ${pythonCandidates().join(', ')}); enable them with \`apt-get install python3-distributed\` or set QUARRY_PYTHON`;

export interface DaskWorker {
  name: string;
  process: ChildProcess;
  log: string;
}

export interface DaskCluster {
  address: string;
  workers: DaskWorker[];
  /** The scheduler's log so far. */
  schedulerLog(): string;
  /** Start one more worker and wait until the scheduler has it. */
  addWorker(): Promise<DaskWorker>;
  /** SIGKILL a worker process and wait for it to be gone. */
  killWorker(w: DaskWorker): Promise<void>;
  stop(): Promise<void>;
}

const waitFor = async (what: string, ok: () => boolean, timeoutMs = 60_000): Promise<void> => {
  const end = Date.now() + timeoutMs;
  while (!ok()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
};

const read = (file: string) => (fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : '');

function startLogged(args: string[], log: string): ChildProcess {
  const fd = fs.openSync(log, 'a');
  // The workers start quarry with the tests' environment (private cache, CI=1).
  const child = spawn(DASK_PYTHON!, args, { stdio: ['ignore', fd, fd], env: cliEnv() });
  fs.closeSync(fd);
  return child;
}

const exited = (p: ChildProcess) => new Promise<void>((r) => (p.exitCode !== null || p.signalCode !== null ? r() : p.once('exit', () => r())));

export async function startDaskCluster(nWorkers: number): Promise<DaskCluster> {
  if (!DASK_PYTHON) throw new Error(ENABLE_HINT);
  const dir = tempDir('quarry-dask-');
  const file = path.join(dir, 'scheduler.json');
  const schedLog = path.join(dir, 'scheduler.log');
  const scheduler = startLogged(
    ['-m', 'distributed.cli.dask_scheduler', '--host', '127.0.0.1', '--port', '0', '--no-dashboard', '--scheduler-file', file],
    schedLog,
  );
  const workers: DaskWorker[] = [];
  const registered = () => (read(schedLog).match(/Register worker/g) ?? []).length;
  let started = 0;
  const stop = async () => {
    for (const p of [...workers.map((w) => w.process), scheduler]) if (p.exitCode === null && p.signalCode === null) p.kill('SIGTERM');
    await Promise.all([...workers.map((w) => exited(w.process)), exited(scheduler)]);
  };
  try {
    await waitFor('the Dask scheduler', () => read(file).includes('"address"') || scheduler.exitCode !== null);
    if (scheduler.exitCode !== null) throw new Error(`dask scheduler exited: ${read(schedLog)}`);
    const address = (JSON.parse(read(file)) as { address: string }).address;
    const addWorker = async (): Promise<DaskWorker> => {
      const name = `w${++started}`;
      const log = path.join(dir, `${name}.log`);
      const before = registered();
      const child = startLogged(
        [
          '-m',
          'distributed.cli.dask_worker',
          '--scheduler-file',
          file,
          '--host',
          '127.0.0.1',
          '--nthreads',
          '1',
          '--no-nanny',
          '--no-dashboard',
          '--memory-limit',
          '0',
          '--name',
          name,
        ],
        log,
      );
      const w = { name, process: child, log };
      workers.push(w);
      await waitFor(`Dask worker ${name}`, () => registered() > before || child.exitCode !== null);
      if (child.exitCode !== null) throw new Error(`dask worker ${name} exited: ${read(log)}`);
      return w;
    };
    for (let i = 0; i < nWorkers; i++) await addWorker();
    return {
      address,
      workers,
      schedulerLog: () => read(schedLog),
      addWorker,
      async killWorker(w) {
        w.process.kill('SIGKILL');
        await exited(w.process);
      },
      stop,
    };
  } catch (e) {
    await stop();
    throw e;
  }
}

/** Child process ids of `pid` (Linux /proc), e.g. the quarry task a worker is running. */
export function childPids(pid: number): number[] {
  try {
    return fs
      .readdirSync(`/proc/${pid}/task`)
      .flatMap((t) => read(`/proc/${pid}/task/${t}/children`).trim().split(/\s+/))
      .filter(Boolean)
      .map(Number);
  } catch {
    return [];
  }
}
