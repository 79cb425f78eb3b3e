/**
 * What a cluster run shows and counts: a bar of finished tasks (exec and merge) on a
 * terminal (progress.ts: nothing when stderr is not a TTY or CI is set), and a summary
 * for `--stats`: tasks, merges, workers used, workers lost, tasks that ran again (a
 * worker lost, or a retryable failure) and the failures Dask retried.
 */
import { type Progress, startProgress } from '../progress.js';
import type { DriverEvent } from './dask-driver.js';

export interface ClusterSummary {
  scheduler: string;
  dask?: string;
  tasks: number;
  merges: number;
  /** Workers that ran at least one task. */
  workers: string[];
  /** Tasks started more than once: [kind, task, attempt, worker]. */
  reruns: Array<{ kind: string; task: string | number; attempt: number; worker: string }>;
  /** Workers the scheduler removed during the job (died, or left), with the tasks they were running. */
  lost: Array<{ worker: string; tasks: number }>;
  /** Retryable failures (exit 70 or a signal), each followed by a rerun. */
  retried: Array<{ kind: string; task: string | number; code: number; worker: string }>;
  /**
   * Seconds the workers spent in quarry processes (each exec or merge child, from its
   * start to its exit: Node start, sandbox, reads, work, part write), summed per kind,
   * and the longest exec task: against the job's wall time this shows the fixed costs.
   */
  taskSeconds: { exec: number; merge: number; longestExec: number };
  seconds?: number;
}

export class ClusterProgress {
  readonly summary: ClusterSummary;
  private bar: Progress | null = null;
  private readonly done = new Set<string>();
  private readonly workers = new Set<string>();
  private readonly started = Date.now();

  constructor(scheduler: string) {
    this.summary = { scheduler, tasks: 0, merges: 0, workers: [], reruns: [], lost: [], retried: [], taskSeconds: { exec: 0, merge: 0, longestExec: 0 } };
  }

  onEvent(e: DriverEvent): void {
    const s = this.summary;
    switch (e.event) {
      case 'connected':
        s.dask = e.dask;
        break;
      case 'submitted':
        s.tasks = e.tasks;
        s.merges = e.merges;
        this.bar = startProgress('cluster', e.tasks + e.merges, 'tasks');
        break;
      case 'started':
        if (!this.workers.has(e.worker)) s.workers.push(e.worker);
        this.workers.add(e.worker);
        if (e.attempt > 1) s.reruns.push({ kind: e.kind, task: e.task, attempt: e.attempt, worker: e.worker });
        break;
      case 'done': {
        // Every run of a task took the workers' time, a duplicate too.
        const t = s.taskSeconds;
        t[e.kind] = Math.round((t[e.kind] + e.seconds) * 1000) / 1000;
        if (e.kind === 'exec') t.longestExec = Math.max(t.longestExec, e.seconds);
        // A task can finish twice (its result was lost with a worker): count it once.
        this.done.add(`${e.job}/${e.kind}/${e.task}`);
        this.bar?.update(this.done.size);
        break;
      }
      case 'worker-lost':
        s.lost.push({ worker: e.worker, tasks: e.tasks.length });
        break;
      case 'failed':
        if (e.retryable) s.retried.push({ kind: e.kind, task: e.task, code: e.code, worker: e.worker });
        break;
    }
  }

  stop(): void {
    this.bar?.stop();
    this.bar = null;
    this.summary.seconds = Math.round((Date.now() - this.started) / 100) / 10;
  }
}
