/**
 * Worker-thread entry of the server's background commits: merges the ingestion log
 * (ingest/merge-wal.ts) off the main thread, so that queries keep being answered
 * while day partitions are rewritten. Garbage collection is left to the main thread,
 * which knows which snapshots its queries still read.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { mergeWal } from '../../ingest/merge-wal.js';
import { setGarbageCollection } from '../../store/index.js';
import { serializeError } from '../../wire-errors.js';

const { storeDir, upTo } = workerData as { storeDir: string; upTo: number };
setGarbageCollection(false);
mergeWal(storeDir, upTo).then(
  (result) => parentPort!.postMessage({ ok: true, result }),
  (e: unknown) => parentPort!.postMessage({ ok: false, error: serializeError(e) }),
);
