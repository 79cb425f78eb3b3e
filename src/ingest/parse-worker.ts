/**
 * Worker thread of parse-pool.ts: record texts in, parsed batches out (JSON.parse,
 * the depth check and normalization are most of an import's CPU time).
 */
import { parentPort, workerData } from 'node:worker_threads';
import { serializeError } from '../wire-errors.js';
import { parseEventBatch } from './parse-events.js';
import { parseText, type RawRecord } from './read-records.js';
import type { NormalizeOptions } from './sources/events-export.js';

const norm = workerData as NormalizeOptions;
parentPort!.on('message', (m: { seq: number; texts: Array<string | null>; lines: Int32Array; errors: Array<[number, string]> }) => {
  try {
    const errors = new Map(m.errors);
    const records: RawRecord[] = m.texts.map((text, i) => parseText(text === null ? { line: m.lines[i]!, error: errors.get(i) } : { line: m.lines[i]!, text }));
    parentPort!.postMessage({ seq: m.seq, batch: parseEventBatch(records, norm) });
  } catch (e) {
    parentPort!.postMessage({ seq: m.seq, error: serializeError(e) });
  }
});
