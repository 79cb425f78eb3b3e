/**
 * The plan's prefetch (plan/physical/store-reads.ts -> store/remote/store-reads.ts)
 * names every file a query reads: each JQL case runs over a directory that holds only
 * the files its prefetch asked for (copied from the fixture store, as a store on S3
 * fetches them into its mirror), and gives the case's expected result. A file left out
 * would be missing there, and the query would fail instead of fetching it late.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { buildDemoStore } from '../../../src/cli/build-demo.js';
import { shutdownSandboxPool } from '../../../src/sandbox/index.js';
import { Store, type StoreRemote } from '../../../src/store/index.js';
import { filesFor, type StoreReads } from '../../../src/store/remote/index.js';
import { makeJqlStore } from '../../helpers/jql-store.js';
import { collectQuery } from '../../helpers/query.js';
import { cleanTemp, tempDir } from '../../helpers/temp.js';
import { loadCases, runCase, sortRows } from '../../jql/run-cases.js';

const cases = loadCases(path.join(import.meta.dirname, '..', '..', 'cases', 'jql')).filter((c) => c.error === undefined && !c.knownBug);
const stores = new Map<string, Store>();
afterAll(async () => {
  await shutdownSandboxPool();
  cleanTemp();
});

/** A store over a directory that gets only the files prefetch asks for. */
function partialCopy(full: Store): { store: Store; asked: StoreReads[] } {
  const dir = tempDir('quarry-prefetch-');
  const asked: StoreReads[] = [];
  const remote: StoreRemote = {
    uri: 's3://test/partial',
    async prefetch(reads) {
      asked.push(reads);
      for (const rel of filesFor(full.manifest, reads)) {
        fs.mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
        fs.copyFileSync(path.join(full.dir, rel), path.join(dir, rel));
      }
    },
    counters: () => ({ files: 0, bytes: 0, requests: 0, lateFiles: 0 }),
  };
  return { store: Store.fromSnapshot(dir, full.manifest, remote), asked };
}

describe('prefetch names every file a query reads', () => {
  it.each(cases.map((c) => [c.name, c] as const))('%s', async (_name, c) => {
    let full = stores.get(c.timezone);
    if (full === undefined) stores.set(c.timezone, (full = await makeJqlStore(c.timezone)));
    const { store, asked } = partialCopy(full);
    const actual = await runCase(store, c);
    expect(asked.length).toBe(1);
    expect(c.rowsort ? sortRows(actual) : actual).toEqual(c.rowsort ? sortRows(c.expected as unknown[]) : c.expected);
  });
});

describe('prefetch names every file an example reads (demo data)', () => {
  const dir = path.join(import.meta.dirname, '..', '..', '..', 'examples');
  const examples = fs.readdirSync(dir).filter((f) => f.endsWith('.js'));
  let demo: Store | undefined;
  it.each(examples)(
    '%s',
    async (ex) => {
      demo ??= await buildDemoStore(path.join(tempDir(), 'demo'), { events: 3000 });
      const source = fs.readFileSync(path.join(dir, ex), 'utf8');
      const o = { source, filename: ex, nowMs: Date.UTC(2024, 3, 1), seed: 1 };
      const expected = await collectQuery({ store: demo, ...o });
      const { store, asked } = partialCopy(demo);
      expect(await collectQuery({ store, ...o })).toEqual(expected);
      expect(asked.length).toBe(1);
    },
    60_000,
  );
});
