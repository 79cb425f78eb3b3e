/**
 * A sandbox worker started before the CLI's modules load (cli/early-start.ts), handed to
 * the sandbox pool (sandbox/session.ts) when it spawns its first worker. bin/quarry.js
 * starts it from dist/src/ before the single-file bundle is even compiled, so the two
 * sides are different module instances: the hand-over lives on globalThis.
 */
import type { Worker } from 'node:worker_threads';

interface EarlyWorker {
  worker: Worker;
  memoryBytes: number;
  /** It exited or failed before the pool took it: the pool starts its own. */
  dead: boolean;
  /** Remove the hand-over's own listeners (the session adds its own). */
  detach?: () => void;
}

const SLOT = Symbol.for('quarry.earlySandboxWorker');
type Slot = { [SLOT]?: EarlyWorker };

/** Leave a freshly started worker (unref'd: an unused one never keeps the process alive) for the pool. */
export function handOverEarlyWorker(worker: Worker, memoryBytes: number): void {
  const early: EarlyWorker = { worker, memoryBytes, dead: false };
  // Until the pool takes it, a failure only means it is not used (no uncaught 'error').
  const onDeath = (): void => {
    early.dead = true;
  };
  worker.on('error', onDeath);
  worker.once('exit', onDeath);
  worker.unref();
  (globalThis as Slot)[SLOT] = early;
  early.detach = () => {
    worker.off('error', onDeath);
    worker.off('exit', onDeath);
  };
}

/**
 * The early worker, if one was started for this memory limit and is alive, ref'd again
 * like a freshly constructed Worker; taken once.
 */
export function takeEarlyWorker(memoryBytes: number): Worker | undefined {
  const slot = globalThis as Slot;
  const early = slot[SLOT];
  if (early === undefined || early.memoryBytes !== memoryBytes) return undefined;
  delete slot[SLOT];
  early.detach?.();
  if (early.dead) {
    void early.worker.terminate();
    return undefined;
  }
  early.worker.ref();
  return early.worker;
}
