/**
 * `quarry run --cluster` when it cannot run: clear messages, non-zero exits, nothing
 * on standard output. Needs no Dask cluster (the scheduler address is a closed port).
 */
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cleanTemp, REPO, runCli, tempDir } from '../helpers/index.js';
import { HAVE_DASK } from './dask-cluster.js';

const SCRIPT = path.join(REPO, 'examples', 'events-by-name.js');

describe('quarry run --cluster errors', () => {
  let store: string;
  beforeAll(async () => {
    store = path.join(tempDir('quarry-cluster-err-'), 'store');
    const r = await runCli(['demo', '--store', store, '--events', '2000']);
    if (r.code !== 0) throw new Error(r.stderr);
  });
  afterAll(() => cleanTemp());

  it('no Python with Dask: what to install, exit 1', async () => {
    const r = await runCli(['run', SCRIPT, '--store', store, '--cluster', '127.0.0.1:9'], { env: { QUARRY_PYTHON: '/nonexistent/python3' } });
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain('no Python with Dask distributed; tried /nonexistent/python3 (not found)');
    expect(r.stderr).toContain('apt-get install python3-distributed');
  });

  it.skipIf(!HAVE_DASK)('an unreachable scheduler (also from QUARRY_CLUSTER): the address and how to fix it, exit 1', async () => {
    const r = await runCli(['run', SCRIPT, '--store', store], { env: { QUARRY_CLUSTER: 'tcp://127.0.0.1:9' } });
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/cannot reach the Dask scheduler at tcp:\/\/127\.0\.0\.1:9 within 5 s.*start one \(dask-scheduler\) or fix the address/);
  });

  it('a bad address, or --shards without --cluster: usage errors (exit 2)', async () => {
    const bad = await runCli(['run', SCRIPT, '--store', store, '--cluster', 'foo']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('is not a scheduler address; give it as tcp://HOST:PORT');
    const shards = await runCli(['run', SCRIPT, '--store', store, '--shards', '3']);
    expect(shards.code).toBe(2);
    expect(shards.stderr).toContain('--shards is for --cluster runs');
  });
});
