/**
 * A throwaway Dask cluster on 127.0.0.1 for the cluster tests
 * (src/cli/cluster/local-dask.ts), logs in a temp folder. The Python is the one
 * `quarry run --cluster` would use (QUARRY_PYTHON, else python3, else
 * /usr/bin/python3: the first that imports distributed). When there is none, the tests skip and one line says how
 * to enable them.
 */
import fs from 'node:fs';
import { pythonCandidates } from '../../src/cli/cluster/dask-driver.js';
import { findDaskPython, type LocalDaskCluster, type LocalDaskWorker, startLocalDask } from '../../src/cli/cluster/local-dask.js';
import { cliEnv, tempDir } from '../helpers/index.js';

export const DASK_PYTHON = findDaskPython();
export const HAVE_DASK = DASK_PYTHON !== null;
export const ENABLE_HINT = `cluster tests skipped: no Python with Dask distributed (tried ${pythonCandidates().join(', ')}); enable them with \`apt-get install python3-distributed\` or set QUARRY_PYTHON`;

export type DaskWorker = LocalDaskWorker;
export type DaskCluster = LocalDaskCluster;

export function startDaskCluster(nWorkers: number): Promise<DaskCluster> {
  if (!DASK_PYTHON) throw new Error(ENABLE_HINT);
  // The workers start quarry with the tests' environment (private cache, CI=1).
  return startLocalDask({ python: DASK_PYTHON, dir: tempDir('quarry-dask-'), workers: nWorkers, env: cliEnv() });
}

const read = (file: string) => (fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : '');

/** Child process ids of `pid` (Linux /proc), e.g. the quarry task a worker is running. */
export function childPids(pid: number): number[] {
  try {
    return fs
      .readdirSync(`/proc/${pid}/task`)
      .flatMap((t) => read(`/proc/${pid}/task/${t}/children`).trim().split(/\s+/))
      .filter(Boolean)
      .map(Number);
  } catch {
    return [];
  }
}
