/**
 * Whether `quarry run` goes to a cluster: its own small module, so that a local run
 * decides without loading the cluster driver (run-on-cluster.ts and its child_process,
 * readline and Dask modules).
 */
import { UsageError } from '../../errors.js';

/** `--cluster` / $QUARRY_CLUSTER as a scheduler address, or null for a local run ("" or "local"). */
export function schedulerAddress(value: string | undefined): string | null {
  const v = value?.trim();
  if (!v || v === 'local') return null;
  if (/^[a-z][a-z0-9+.-]*:\/\/[^/\s]+$/i.test(v)) return v;
  if (/^[\w.-]+:\d+$/.test(v)) return `tcp://${v}`;
  throw new UsageError(
    `--cluster ${JSON.stringify(v)} is not a scheduler address; give it as tcp://HOST:PORT (Dask's default port is 8786), or "local" to run here`,
  );
}
