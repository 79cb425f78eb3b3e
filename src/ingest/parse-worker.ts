/**
 * Worker thread of parse-pool.ts: a block of whole JSON lines in (bytes), the parsed
 * batch out, packed (batch-codec.ts). Decoding, line splitting, JSON.parse, the depth
 * check and normalization are most of an import's CPU time; they all happen here.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { serializeError } from '../wire-errors.js';
import { packBatch } from './batch-codec.js';
import { parseEventBatch } from './parse-events.js';
import { parseText, type RawRecord, tooLong } from './read-records.js';
import type { NormalizeOptions } from './sources/events-export.js';

export interface ParseWorkerData {
  norm: NormalizeOptions;
  /** Longest line (characters) read as a record. */
  max: number;
}

const { norm, max } = workerData as ParseWorkerData;

/**
 * The records of a block of lines, numbered from 0 (the importer adds the block's first
 * line number), as readTextBatches reads them: blank lines are no record, a line longer
 * than `max` is a bad one. Also the number of line breaks, for the next block's first line.
 */
export function blockRecords(text: string, max: number): { records: RawRecord[]; newlines: number } {
  const records: RawRecord[] = [];
  let line = 0;
  let from = 0;
  const take = (to: number) => {
    if (to - from > max) records.push({ line, value: undefined, error: tooLong(max) });
    else {
      const t = text.slice(from, to);
      if (t.trim() !== '') records.push(parseText({ line, text: t }));
    }
  };
  for (let nl = text.indexOf('\n'); nl >= 0; nl = text.indexOf('\n', from)) {
    take(nl);
    line++;
    from = nl + 1;
  }
  if (from < text.length) take(text.length);
  return { records, newlines: line };
}

parentPort?.on('message', (m: { seq: number; bytes: Uint8Array }) => {
  try {
    const text = Buffer.from(m.bytes.buffer, m.bytes.byteOffset, m.bytes.length).toString('utf8');
    const { records, newlines } = blockRecords(text, max);
    const { packed, transfer } = packBatch(parseEventBatch(records, norm));
    parentPort!.postMessage({ seq: m.seq, packed, newlines }, transfer);
  } catch (e) {
    parentPort!.postMessage({ seq: m.seq, error: serializeError(e) });
  }
});
