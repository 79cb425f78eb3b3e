/**
 * The `--stats` summary of a cluster run, from the driver's progress lines alone (no
 * Dask needed): workers' seconds in quarry processes are summed per kind, a task that
 * ran twice (a worker lost after it finished) counts both runs, the longest exec task
 * is kept, and a rerun is listed once per extra start.
 */
import { describe, expect, it } from 'vitest';
import { ClusterProgress } from '../../src/cli/cluster/cluster-progress.js';

describe('cluster run summary', () => {
  it('sums the seconds the workers spent in exec and merge tasks', () => {
    const p = new ClusterProgress('tcp://127.0.0.1:1');
    const w = 'tcp://127.0.0.1:2';
    p.onEvent({ event: 'connected', scheduler: 'tcp://127.0.0.1:1', workers: 1, dask: 'x' });
    p.onEvent({ event: 'submitted', jobs: 1, tasks: 2, merges: 1 });
    p.onEvent({ event: 'started', job: 0, kind: 'exec', task: 0, worker: w, attempt: 1, pid: 1 });
    p.onEvent({ event: 'done', job: 0, kind: 'exec', task: 0, worker: w, seconds: 1.25, bytes: 10 });
    p.onEvent({ event: 'done', job: 0, kind: 'exec', task: 1, worker: w, seconds: 2.5, bytes: 10 });
    p.onEvent({ event: 'started', job: 0, kind: 'exec', task: 1, worker: w, attempt: 2, pid: 1 });
    p.onEvent({ event: 'done', job: 0, kind: 'exec', task: 1, worker: w, seconds: 0.75, bytes: 10 });
    p.onEvent({ event: 'done', job: 0, kind: 'merge', task: '0..1', worker: w, seconds: 0.5, bytes: 10 });
    p.stop();
    expect(p.summary.taskSeconds).toEqual({ exec: 4.5, merge: 0.5, longestExec: 2.5 });
    expect(p.summary.reruns).toEqual([{ kind: 'exec', task: 1, attempt: 2, worker: w }]);
    expect(p.summary.workers).toEqual([w]);
  });
});
