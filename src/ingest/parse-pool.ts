/**
 * Parse record texts on worker threads, results in input order.
 *
 * Batches go to the workers round-robin, and come back through a FIFO of promises in
 * the order they were sent, so the importer sees exactly the batches it would have
 * parsed itself, in the same order, whichever worker finished first. At most
 * `2 × threads` batches are in flight: reading stops while the importer is behind
 * (spilling), which keeps memory bounded.
 */
import os from 'node:os';
import { Worker } from 'node:worker_threads';
import { InternalError } from '../errors.js';
import { devLoaderExecArgv } from '../dev-loader.js';
import { deserializeError, type WireError } from '../wire-errors.js';
import type { ParsedBatch } from './parse-events.js';
import type { RecordText } from './read-records.js';
import type { NormalizeOptions } from './sources/events-export.js';

/** Heap caps of a parse worker (MB): it holds one batch (1 MB of text) at a time. */
const PARSE_WORKER_OLD_MB = 256;
const PARSE_WORKER_YOUNG_MB = 32;

/**
 * Parse threads for an import of `bytes` of input. Default 0 (inline): measured on the
 * shared 2-core machine (docs/benchmarks.md, 2026-12-02) one worker cost ~35% more CPU
 * (structured clones of the parsed batches) and was not faster. QUARRY_PARSE_THREADS=N
 * turns it on for inputs of 8 MB or more, to measure it on a quiet or larger machine.
 */
export function parseThreadsFor(bytes: number, env: NodeJS.ProcessEnv = process.env): number {
  const n = Number(env.QUARRY_PARSE_THREADS ?? 0);
  if (!Number.isInteger(n) || n <= 0 || bytes < 8 << 20) return 0;
  return Math.min(n, Math.max(1, os.availableParallelism()));
}

export async function* parseInWorkers(texts: AsyncIterable<RecordText[]>, threads: number, norm: NormalizeOptions): AsyncGenerator<ParsedBatch> {
  const fromSource = import.meta.url.endsWith('.ts');
  const entry = new URL(fromSource ? './parse-worker.ts' : './parse-worker.js', import.meta.url);
  const waiting = new Map<number, { resolve: (b: ParsedBatch) => void; reject: (e: Error) => void }>();
  let failure: Error | null = null;
  const fail = (e: Error) => {
    failure ??= e;
    for (const w of waiting.values()) w.reject(failure);
    waiting.clear();
  };
  const workers = Array.from({ length: threads }, () => {
    // A worker holds one batch at a time: a small old generation makes V8 collect often
    // instead of growing the heap (peak RSS of the import is the target, issue 16).
    const w = new Worker(entry, {
      workerData: norm,
      execArgv: fromSource ? devLoaderExecArgv() : [],
      stdout: false,
      stderr: false,
      resourceLimits: { maxOldGenerationSizeMb: PARSE_WORKER_OLD_MB, maxYoungGenerationSizeMb: PARSE_WORKER_YOUNG_MB },
    });
    w.on('message', (m: { seq: number; batch?: ParsedBatch; error?: WireError }) => {
      const p = waiting.get(m.seq);
      waiting.delete(m.seq);
      if (m.batch) p?.resolve(m.batch);
      else fail(deserializeError(m.error!, 'an import parse worker'));
    });
    w.on('error', (e) => fail(new InternalError(`an import parse worker failed: ${e.message}`)));
    w.on('exit', (code) => fail(new InternalError(`an import parse worker stopped unexpectedly (exit code ${code})`)));
    return w;
  });
  const inFlight: Array<Promise<ParsedBatch>> = [];
  let seq = 0;
  try {
    for await (const batch of texts) {
      if (failure) throw failure;
      const s = seq++;
      const p = new Promise<ParsedBatch>((resolve, reject) => waiting.set(s, { resolve, reject }));
      p.catch(() => {}); // awaited below in order; a failure meanwhile must not be "unhandled"
      inFlight.push(p);
      // Texts and line numbers as two arrays: cheaper to copy than one object per record.
      const lines = new Int32Array(batch.length);
      const texts: Array<string | null> = new Array(batch.length);
      const errors: Array<[number, string]> = [];
      for (let i = 0; i < batch.length; i++) {
        const t = batch[i]!;
        lines[i] = t.line;
        texts[i] = t.text ?? null;
        if (t.text === undefined) errors.push([i, t.error ?? 'unreadable record']);
      }
      workers[s % threads]!.postMessage({ seq: s, texts, lines, errors }, [lines.buffer]);
      if (inFlight.length >= 2 * threads) yield await inFlight.shift()!;
    }
    while (inFlight.length > 0) yield await inFlight.shift()!;
  } finally {
    for (const w of workers) {
      w.removeAllListeners('exit');
      void w.terminate();
    }
  }
}
