/**
 * A worker thread of a parallel aggregation: runs one shard (run-shard.ts) and posts
 * its partial state, and the script's console lines, back to the main thread.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { serializeError } from '../../wire-errors.js';
import { runShard, type ShardTask } from './run-shard.js';

runShard(workerData as ShardTask, (line, level) => parentPort!.postMessage({ op: 'console', line, level })).then(
  (r) => parentPort!.postMessage({ ok: true, ...r }),
  (e) => parentPort!.postMessage({ ok: false, error: serializeError(e) }),
);
