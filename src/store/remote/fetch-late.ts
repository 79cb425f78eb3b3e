/**
 * A store file the prefetch did not ask for, fetched when a reader first wants it.
 * Readers are synchronous (read-data-file.ts), the S3 client is not, so one child
 * process (fetch-late-main.ts) downloads the file into the mirror while this thread
 * waits. Slow (a Node start per file) but always right: prefetch is the fast path,
 * and `--stats` counts late files so a test can show a query needed none.
 */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { devLoaderExecArgv } from '../../dev-loader.js';
import { StoreError } from '../../errors.js';
import { lateFetches } from './mirror.js';

export function fetchLate(storeDir: string, rel: string): void {
  const fromSource = import.meta.url.endsWith('.ts');
  const entry = fileURLToPath(new URL(`./fetch-late-main.${fromSource ? 'ts' : 'js'}`, import.meta.url));
  const r = spawnSync(process.execPath, [...(fromSource ? devLoaderExecArgv() : []), entry, storeDir, rel], {
    encoding: 'utf8',
    env: process.env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  if (r.status !== 0) {
    const said = r.stderr.trim().split('\n').pop();
    throw new StoreError(said || `fetching ${rel} of the store on S3 failed (${r.error?.message ?? `exit ${r.status}`})`);
  }
  lateFetches.files++;
  lateFetches.bytes += Number(r.stdout.trim()) || 0;
}
