/**
 * src/early-worker.ts: the sandbox worker `quarry run` starts before its modules load,
 * handed to the sandbox pool, which takes it only for the same memory limit and alive.
 */
import { Worker } from 'node:worker_threads';
import { afterEach, describe, expect, it } from 'vitest';
import { handOverEarlyWorker, takeEarlyWorker } from '../../../src/early-worker.js';

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
