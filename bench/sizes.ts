/** Benchmark data sizes and where their files live. */
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const SIZES = { '1m': 1_000_000, '5m': 5_000_000, '20m': 20_000_000, '50m': 50_000_000 } as const;
export type Size = keyof typeof SIZES;

/** The repository root (bench/ is compiled to dist/bench/, so walk up until package.json's dir). */
export const ROOT = (() => {
  const here = path.dirname(fileURLToPath(import.meta.url));
  return here.includes(`${path.sep}dist${path.sep}`) ? path.resolve(here, '../..') : path.resolve(here, '..');
})();

export const BENCH = path.join(ROOT, 'bench');

export function dataDir(size: Size): string {
  return path.join(BENCH, 'data', size);
}

export function paths(size: Size) {
  const dir = dataDir(size);
  return {
    dir,
    events: path.join(dir, 'events.jsonl'),
    profiles: path.join(dir, 'profiles.jsonl'),
    store: path.join(dir, 'store'),
    duckdb: path.join(dir, 'duck.db'),
    meta: path.join(dir, 'meta.json'),
  };
}

export function parseSize(s: string | undefined): Size {
  const v = (s ?? '1m').toLowerCase();
  if (!(v in SIZES)) throw new Error(`--size must be one of ${Object.keys(SIZES).join(', ')}, got ${s}`);
  return v as Size;
}

/** Options for the demo generators: same for events and profiles so they describe the same users. */
export function demoOptions(size: Size) {
  return { events: SIZES[size], seed: 42 };
}
