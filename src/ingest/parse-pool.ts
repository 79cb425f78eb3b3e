/**
 * Parse JSON lines on worker threads, results in input order.
 *
 * Blocks of whole lines (line-blocks.ts) go to the workers round-robin as bytes
 * (transferred, not copied) and come back as packed batches (batch-codec.ts), through a
 * FIFO of promises in the order they were sent, so the importer sees the batches in
 * input order whichever worker finished first. Workers number their lines from the
 * start of their block; the first line of each block is known here once the blocks
 * before it are back, so every place in the report is the same as when parsed inline.
 * At most IN_FLIGHT blocks per worker are out: reading stops while the importer is
 * behind (spilling), which keeps memory bounded.
 */
import os from 'node:os';
import { Worker } from 'node:worker_threads';
import { InternalError } from '../errors.js';
import { devLoaderExecArgv } from '../dev-loader.js';
import { deserializeError, type WireError } from '../wire-errors.js';
import type { PackedBatch } from './batch-codec.js';
import type { LineBlock } from './line-block.js';
import type { ParseWorkerData } from './parse-worker.js';
import type { NormalizeOptions } from './sources/events-export.js';

/** Heap caps of a parse worker (MB): it holds one block (1 MB of text) at a time. */
const PARSE_WORKER_OLD_MB = 96;
const PARSE_WORKER_YOUNG_MB = 32;

/**
 * Blocks sent per worker and not yet applied (each ~1 MB of bytes out, ~2 MB packed back).
 * Two made the threads wait on each other on a loaded machine: each hand-over waited for
 * the other thread to be scheduled. 16 covers writing one slice of a spill (a day of
 * ~50k events, ~0.1 s) while the worker parses on (a block takes it ~10 ms).
 */
const IN_FLIGHT = 16;

/** Inputs smaller than this are parsed inline: starting a worker costs more than it saves. */
export const PARSE_THREADS_MIN_BYTES = 8 << 20;

/**
 * Parse workers started by default (when the cores allow). Two on two cores: with one,
 * that worker was the longest thread of a 5M import (10 s CPU against the importing
 * thread's 7 s), and whenever the importing thread wrote it could only wait; with two,
 * the three threads share both cores as each has work (decision 0030). More were not
 * measured (the bench machine has two cores).
 */
export const DEFAULT_PARSE_THREADS = 2;

/**
 * Parse threads for an import of `bytes` of input: DEFAULT_PARSE_THREADS workers (at
 * most one per core) when the machine has a second core and the input is large enough,
 * else 0 (inline). QUARRY_PARSE_THREADS=N asks for N (0: inline), still capped by the cores.
 */
export function parseThreadsFor(bytes: number, env: NodeJS.ProcessEnv = process.env, cores = Math.max(1, os.availableParallelism())): number {
  const asked = env.QUARRY_PARSE_THREADS;
  if (asked !== undefined && asked !== '') {
    const n = Number(asked);
    if (!Number.isInteger(n) || n < 0) return 0;
    return bytes < PARSE_THREADS_MIN_BYTES ? 0 : Math.min(n, cores);
  }
  return cores >= 2 && bytes >= PARSE_THREADS_MIN_BYTES ? Math.min(DEFAULT_PARSE_THREADS, cores) : 0;
}

interface Parsed {
  batch: PackedBatch;
  /** Line breaks in the block: where the next block starts. */
  newlines: number;
}

export async function* parseInWorkers(blocks: AsyncIterable<LineBlock>, threads: number, norm: NormalizeOptions, max: number): AsyncGenerator<PackedBatch> {
  const fromSource = import.meta.url.endsWith('.ts');
  const entry = new URL(fromSource ? './parse-worker.ts' : './parse-worker.js', import.meta.url);
  const waiting = new Map<number, { resolve: (b: Parsed) => void; reject: (e: Error) => void }>();
  let failure: Error | null = null;
  const fail = (e: Error) => {
    failure ??= e;
    for (const w of waiting.values()) w.reject(failure);
    waiting.clear();
  };
  const data: ParseWorkerData = { norm, max };
  const workers = Array.from({ length: threads }, () => {
    // A worker holds one block at a time: a small old generation makes V8 collect often
    // instead of growing the heap (peak RSS of the import is the target, issue 16).
    const w = new Worker(entry, {
      workerData: data,
      execArgv: fromSource ? devLoaderExecArgv() : [],
      stdout: false,
      stderr: false,
      resourceLimits: { maxOldGenerationSizeMb: PARSE_WORKER_OLD_MB, maxYoungGenerationSizeMb: PARSE_WORKER_YOUNG_MB },
    });
    w.on('message', (m: { seq: number; packed?: PackedBatch; newlines?: number; error?: WireError }) => {
      const p = waiting.get(m.seq);
      waiting.delete(m.seq);
      if (m.packed) p?.resolve({ batch: m.packed, newlines: m.newlines! });
      else fail(deserializeError(m.error!, 'an import parse worker'));
    });
    w.on('error', (e) => fail(new InternalError(`an import parse worker failed: ${e.message}`)));
    w.on('exit', (code) => fail(new InternalError(`an import parse worker stopped unexpectedly (exit code ${code})`)));
    return w;
  });
  const inFlight: Array<Promise<Parsed>> = [];
  let seq = 0;
  let line = 1;
  /** The batch with its places made absolute (workers number lines from 0). */
  const placed = (p: Parsed): PackedBatch => {
    for (const s of p.batch.skips) s.line += line;
    line += p.newlines;
    return p.batch;
  };
  try {
    for await (const block of blocks) {
      if (failure) throw failure;
      if ('tooLong' in block) {
        const skips = [{ line: 0, reason: block.tooLong }];
        const bad: Parsed = {
          batch: {
            read: 1,
            skips,
            strings: '',
            ends: new Int32Array(0),
            insertIds: { bytes: new Uint8Array(0), ends: new Int32Array(0) },
            distinctIds: new Int32Array(0),
            distinctHashes: new Int32Array(0),
            days: [],
          },
          newlines: 1,
        };
        inFlight.push(Promise.resolve(bad));
      } else {
        const s = seq++;
        const p = new Promise<Parsed>((resolve, reject) => waiting.set(s, { resolve, reject }));
        p.catch(() => {}); // awaited below in order; a failure meanwhile must not be "unhandled"
        inFlight.push(p);
        workers[s % threads]!.postMessage({ seq: s, bytes: block.bytes }, [block.bytes.buffer as ArrayBuffer]);
      }
      if (inFlight.length >= IN_FLIGHT * threads) yield placed(await inFlight.shift()!);
    }
    while (inFlight.length > 0) yield placed(await inFlight.shift()!);
    if (failure) throw failure;
  } finally {
    for (const w of workers) {
      w.removeAllListeners('exit');
      void w.terminate();
    }
  }
}
