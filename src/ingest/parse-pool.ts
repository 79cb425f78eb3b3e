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
import { devLoaderExecArgv } from '../sandbox/dev-loader.js';
import type { ParsedBatch } from './parse-events.js';
import type { RecordText } from './read-records.js';
import type { NormalizeOptions } from './sources/events-export.js';

/** Heap caps of a parse worker (MB): it holds one batch (1 MB of text) at a time. */
const PARSE_WORKER_OLD_MB = 128;
const PARSE_WORKER_YOUNG_MB = 32;

/** Parse threads for an import of `bytes` of input: none (inline) for small inputs, where starting workers costs more than it saves. */
export function parseThreadsFor(bytes: number): number {
  if (bytes < 8 << 20) return 0;
  // The importing thread is busy too (interning, columns, spills): one core is its own.
  return Math.max(1, Math.min(3, os.availableParallelism() - 1));
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
      workerData: norm, execArgv: fromSource ? devLoaderExecArgv() : [], stdout: false, stderr: false,
      resourceLimits: { maxOldGenerationSizeMb: PARSE_WORKER_OLD_MB, maxYoungGenerationSizeMb: PARSE_WORKER_YOUNG_MB },
    });
    w.on('message', (m: { seq: number; batch?: ParsedBatch; error?: string }) => {
      const p = waiting.get(m.seq);
      waiting.delete(m.seq);
      if (m.batch) p?.resolve(m.batch);
      else fail(new InternalError(`an import parse worker failed: ${m.error}`));
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
