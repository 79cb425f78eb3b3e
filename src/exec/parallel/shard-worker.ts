/**
 * A worker thread of a parallel aggregation: runs one shard (run-shard.ts) and posts
 * its partial state, and the script's console lines, back to the main thread.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { saveBundleCodeCache } from '../../bundle-info.js';
import { serializeError } from '../../wire-errors.js';
import { runShard, type ShardTask } from './run-shard.js';

runShard(workerData as ShardTask, (line, level) => parentPort!.postMessage({ op: 'console', line, level })).then(
  (r) => {
    // Once the scan has run (its functions compiled), and before posting: the main thread
    // terminates the worker on the answer. A no-op outside a bundle or once cached.
    saveBundleCodeCache();
    parentPort!.postMessage({ ok: true, ...r });
  },
  (e) => parentPort!.postMessage({ ok: false, error: serializeError(e) }),
);
