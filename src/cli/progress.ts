/**
 * Progress bars on a terminal, silence elsewhere. A bar shows only when stderr is a
 * TTY and CI is not set, so CI logs and pipes stay machine-readable.
 */
import { createRequire } from 'node:module';
import type CliProgress from 'cli-progress';

/** Loaded when a bar is shown: every command imports this file, and loading cli-progress costs start-up time. */
const loadCliProgress = (): typeof CliProgress => createRequire(import.meta.url)('cli-progress') as typeof CliProgress;

export interface Progress {
  update(value: number, total?: number, payload?: Record<string, unknown>): void;
  stop(): void;
}

export function progressEnabled(stream: NodeJS.WriteStream = process.stderr): boolean {
  return Boolean(stream.isTTY) && !process.env.CI && process.env.QUARRY_PROGRESS !== '0';
}

const NONE: Progress = { update() {}, stop() {} };

/** A bar with rows, rate and ETA; `unit` names what is counted ("events", "MB"). */
export function startProgress(label: string, total: number, unit: string): Progress {
  if (!progressEnabled()) return NONE;
  const cliProgress = loadCliProgress();
  const bar = new cliProgress.SingleBar(
    {
      format: `${label} [{bar}] {percentage}% | {value}/{total} ${unit} | {rate} | ETA {eta_formatted}`,
      stream: process.stderr,
      hideCursor: true,
      clearOnComplete: true,
      etaBuffer: 50,
    },
    cliProgress.Presets.shades_classic,
  );
  const started = Date.now();
  bar.start(total, 0, { rate: '' });
  return {
    update(value, newTotal, payload) {
      if (newTotal !== undefined) bar.setTotal(newTotal);
      const secs = (Date.now() - started) / 1000;
      bar.update(value, { rate: secs > 0 ? `${Math.round(value / secs)} ${unit}/s` : '', ...payload });
    },
    stop() {
      bar.stop();
    },
  };
}
