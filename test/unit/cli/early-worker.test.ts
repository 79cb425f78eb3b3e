/**
 * src/early-worker.ts: the sandbox worker `quarry run` starts before its modules load,
 * handed to the sandbox pool, which takes it only for the same memory limit and alive.
 */
import fs from 'node:fs';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { afterEach, describe, expect, it } from 'vitest';
import { startEarly } from '../../../src/cli/early-start.js';
import { DEFAULT_MEMORY_MB } from '../../../src/cli/run-defaults.js';
import { handOverEarlyWorker, takeEarlyWorker } from '../../../src/early-worker.js';
import { tempDir } from '../../helpers/temp.js';

const MB = 1024 * 1024;
const started: Worker[] = [];

function idleWorker(): Worker {
  const w = new Worker("require('node:worker_threads').parentPort.on('message', (m) => { if (m === 'exit') process.exit(0); });", { eval: true });
  started.push(w);
  return w;
}

afterEach(async () => {
  takeEarlyWorker(256 * MB);
  await Promise.all(started.splice(0).map((w) => w.terminate()));
});

describe('early sandbox worker hand-over', () => {
  it('is taken once, for its own memory limit only', () => {
    const w = idleWorker();
    handOverEarlyWorker(w, 256 * MB);
    expect(takeEarlyWorker(512 * MB)).toBeUndefined();
    expect(takeEarlyWorker(256 * MB)).toBe(w);
    expect(takeEarlyWorker(256 * MB)).toBeUndefined();
  });

  it('a worker that exited before it was taken is not handed out', async () => {
    const w = idleWorker();
    handOverEarlyWorker(w, 256 * MB);
    const exited = new Promise((r) => w.once('exit', r));
    w.postMessage('exit');
    await exited;
    expect(takeEarlyWorker(256 * MB)).toBeUndefined();
  });

  it('nothing handed over: nothing taken', () => {
    expect(takeEarlyWorker(256 * MB)).toBeUndefined();
  });
});

describe('startEarly (cli/early-start.ts)', () => {
  const dir = tempDir('quarry-early-');
  const script = path.join(dir, 'q.js');
  fs.writeFileSync(script, 'function main() {}');
  // Stands in for the sandbox worker: takes the 'warm' message and idles.
  const entry = path.join(dir, 'idle-worker.cjs');
  fs.writeFileSync(entry, "require('node:worker_threads').parentPort.on('message', () => {});");
  const defaultBytes = DEFAULT_MEMORY_MB * MB;
  const take = (): Worker | undefined => {
    const w = takeEarlyWorker(defaultBytes);
    if (w) started.push(w);
    return w;
  };

  it('starts a worker for `run` of an existing script or standard input', () => {
    startEarly(['run', script, '--format', 'json'], entry);
    expect(take()).toBeInstanceOf(Worker);
    startEarly(['run', '--store', dir, '-'], entry);
    expect(take()).toBeInstanceOf(Worker);
  });

  it('starts none for a missing script, --memory, --help or another command', () => {
    for (const argv of [
      ['run', path.join(dir, 'missing.js')],
      ['run', script, '--memory', '64'],
      ['run', script, '--memory=64'],
      ['run', '--help'],
      ['info', script],
    ]) {
      startEarly(argv, entry);
      expect(take(), argv.join(' ')).toBeUndefined();
    }
  });
});
