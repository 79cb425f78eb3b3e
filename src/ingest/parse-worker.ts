/**
 * Worker thread of parse-pool.ts: a block of whole JSON lines in (bytes), the parsed
 * batch out, packed (batch-codec.ts). Decoding, line splitting, JSON.parse, the depth
 * check and normalization are most of an import's CPU time; they all happen here.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { serializeError } from '../wire-errors.js';
import { blockRecords } from './block-records.js';
import { EventPacker } from './event-packer.js';
import type { NormalizeOptions } from './sources/events-export.js';

export interface ParseWorkerData {
  norm: NormalizeOptions;
  /** Longest line (characters) read as a record. */
  max: number;
}

const { norm, max } = workerData as ParseWorkerData;

parentPort?.on('message', (m: { seq: number; bytes: Uint8Array }) => {
  try {
    const packer = new EventPacker(norm);
    packer.scanBlock(m.bytes);
    const newlines = blockRecords(
      m.bytes,
      max,
      (r) => packer.add(r),
      (from, to) => packer.addLine(from, to),
    );
    const { packed, transfer } = packer.done();
    parentPort!.postMessage({ seq: m.seq, packed, newlines }, transfer);
  } catch (e) {
    parentPort!.postMessage({ seq: m.seq, error: serializeError(e) });
  }
});
