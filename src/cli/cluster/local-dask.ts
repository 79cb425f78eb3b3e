/**
 * A Dask cluster on 127.0.0.1 for trying quarry's cluster path on one machine (the
 * cluster tests and bench/cluster use it): one scheduler and workers started one at a
 * time (`--no-nanny`, one thread each, so a worker is one process that can be
 * SIGKILLed), on random free ports (the scheduler's address comes from its
 * --scheduler-file), each with its log in `dir`.
 */
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { pythonCandidates } from './dask-driver.js';

/** The first Python `quarry run --cluster` would try that imports distributed, or null. */
export function findDaskPython(env: NodeJS.ProcessEnv = process.env): string | null {
  for (const py of pythonCandidates(env)) {
    const r = spawnSync(py, ['-c', 'import distributed'], { stdio: 'ignore', timeout: 60_000 });
    if (r.status === 0) return py;
  }
  return null;
}

export interface LocalDaskOptions {
  /** A Python that imports distributed (findDaskPython). */
  python: string;
  /** Where the scheduler file and the logs go; the caller removes it. */
  dir: string;
  /** Workers to start before returning; more with addWorker(). */
  workers: number;
  /** The environment of the scheduler and the workers (and so of the quarry tasks they start). */
  env?: NodeJS.ProcessEnv;
  /** How long the scheduler, or one worker, may take to come up. */
  startTimeoutMs?: number;
}

export interface LocalDaskWorker {
  /** w1, w2, ...: the name the scheduler's log uses. */
  name: string;
  process: ChildProcess;
  log: string;
}

export interface LocalDaskCluster {
  address: string;
  workers: LocalDaskWorker[];
  /** The scheduler's log so far. */
  schedulerLog(): string;
  /** Start one more worker and wait until the scheduler has it. */
  addWorker(): Promise<LocalDaskWorker>;
  /** SIGKILL a worker process and wait for it to be gone. */
  killWorker(w: LocalDaskWorker): Promise<void>;
  /** SIGTERM the workers and the scheduler and wait for them to exit. */
  stop(): Promise<void>;
}

const read = (file: string) => (fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : '');

const exited = (p: ChildProcess) => new Promise<void>((r) => (p.exitCode !== null || p.signalCode !== null ? r() : p.once('exit', () => r())));

async function waitFor(what: string, ok: () => boolean, timeoutMs: number): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!ok()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

export async function startLocalDask(o: LocalDaskOptions): Promise<LocalDaskCluster> {
  const timeoutMs = o.startTimeoutMs ?? 60_000;
  const start = (args: string[], log: string): ChildProcess => {
    const fd = fs.openSync(log, 'a');
    const child = spawn(o.python, ['-m', ...args], { stdio: ['ignore', fd, fd], env: o.env ?? process.env });
    fs.closeSync(fd);
    return child;
  };
  const file = path.join(o.dir, 'scheduler.json');
  const schedLog = path.join(o.dir, 'scheduler.log');
  const scheduler = start(['distributed.cli.dask_scheduler', '--host', '127.0.0.1', '--port', '0', '--no-dashboard', '--scheduler-file', file], schedLog);
  const workers: LocalDaskWorker[] = [];
  const registered = () => (read(schedLog).match(/Register worker/g) ?? []).length;
  let started = 0;
  const stop = async () => {
    for (const p of [...workers.map((w) => w.process), scheduler]) if (p.exitCode === null && p.signalCode === null) p.kill('SIGTERM');
    await Promise.all([...workers.map((w) => exited(w.process)), exited(scheduler)]);
  };
  try {
    await waitFor('the Dask scheduler', () => read(file).includes('"address"') || scheduler.exitCode !== null, timeoutMs);
    if (scheduler.exitCode !== null) throw new Error(`dask scheduler exited: ${read(schedLog)}`);
    const address = (JSON.parse(read(file)) as { address: string }).address;
    const addWorker = async (): Promise<LocalDaskWorker> => {
      const name = `w${++started}`;
      const log = path.join(o.dir, `${name}.log`);
      const before = registered();
      const worker = ['distributed.cli.dask_worker', '--scheduler-file', file, '--host', '127.0.0.1', '--nthreads', '1', '--no-nanny', '--no-dashboard'];
      const child = start([...worker, '--memory-limit', '0', '--name', name], log);
      const w = { name, process: child, log };
      workers.push(w);
      await waitFor(`Dask worker ${name}`, () => registered() > before || child.exitCode !== null, timeoutMs);
      if (child.exitCode !== null) throw new Error(`dask worker ${name} exited: ${read(log)}`);
      return w;
    };
    for (let i = 0; i < o.workers; i++) await addWorker();
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
