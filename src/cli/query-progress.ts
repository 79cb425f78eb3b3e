/**
 * `quarry run` on a terminal: one progress line on stderr while a query runs
 * (partitions done of the store's total, rows scanned, elapsed), redrawn in place and
 * erased when the query ends. It appears only after a short delay, so fast queries
 * print nothing extra, and only when stderr is a terminal (progressEnabled): pipes,
 * files and CI logs never see it.
 */
import type { ExecStats } from '../exec/context.js';
import { progressEnabled } from './progress.js';

const DELAY_MS = 700;
const EVERY_MS = 250;

export interface QueryProgress {
  stop(): void;
}

export function startQueryProgress(stats: ExecStats, totalPartitions: number, stream: NodeJS.WriteStream = process.stderr): QueryProgress {
  if (!progressEnabled(stream)) return { stop() {} };
  const started = Date.now();
  let shown = false;
  let stopped = false;
  const draw = () => {
    const done = Math.min(totalPartitions, stats.partitionsScanned + stats.partitionsPruned);
    const secs = ((Date.now() - started) / 1000).toFixed(1);
    const line = `running: ${done}/${totalPartitions} partitions, ${stats.rowsScanned.toLocaleString('en-US')} rows scanned, ${secs} s`;
    stream.write(`\r${line.slice(0, Math.max(10, (stream.columns || 80) - 1))}\x1b[K`);
    shown = true;
  };
  let timer: NodeJS.Timeout | null = null;
  const first = setTimeout(() => {
    draw();
    timer = setInterval(draw, EVERY_MS);
    timer.unref();
  }, DELAY_MS);
  first.unref();
  return {
    stop() {
      if (stopped) return;
      stopped = true;
      clearTimeout(first);
      if (timer) clearInterval(timer);
      if (shown) stream.write('\r\x1b[K');
    },
  };
}
