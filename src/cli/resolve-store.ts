/**
 * Which store a command uses: --store DIR, else $QUARRY_STORE, else ./.quarry when
 * present, else the built-in demo store (made on first use in a cache directory,
 * with a one-line note on stderr).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { StoreError } from '../errors.js';
import { listSegments, type Manifest, remoteIsReadOnly, Store } from '../store/index.js';
import { isS3Uri } from '../store/remote/index.js';

export const DEMO_VERSION = 1;
export const DEMO_EVENTS = 200_000;

export function cacheDir(): string {
  if (process.env.QUARRY_CACHE) return process.env.QUARRY_CACHE;
  const base = process.env.XDG_CACHE_HOME || path.join(os.homedir(), '.cache');
  return path.join(base, 'quarry');
}

export function demoStoreDir(): string {
  return path.join(cacheDir(), `demo-v${DEMO_VERSION}`);
}

export interface ResolvedStore {
  store: Store;
  isDemo: boolean;
}

/** The store a reading command should use. `note` receives the one-line demo notice. */
export async function resolveStore(explicit: string | undefined, note: (line: string) => void = (l) => process.stderr.write(`${l}\n`)): Promise<ResolvedStore> {
  const dir = explicit ?? process.env.QUARRY_STORE;
  if (dir) return { store: await openStore(dir), isDemo: false };
  if (Store.exists('.quarry')) return { store: await openStore('.quarry'), isDemo: false };
  const demo = demoStoreDir();
  if (!Store.exists(demo)) await buildDemoStoreAtomically(demo);
  note(`quarry: using the built-in demo store (${demo}); pass --store DIR or set QUARRY_STORE for your own data`);
  return { store: Store.open(demo), isDemo: true };
}

/** The store a writing command should use: never the demo store (it is a shared, read-only cache). */
export async function resolveWritableStore(explicit: string | undefined): Promise<Store> {
  const fromEnv = process.env.QUARRY_STORE || undefined;
  const dir = explicit ?? fromEnv ?? '.quarry';
  if (isS3Uri(dir)) throw new StoreError(remoteIsReadOnly(dir));
  if (path.resolve(dir).startsWith(path.resolve(cacheDir()) + path.sep)) {
    throw new StoreError(`the built-in demo store is read-only. Make a writable copy of it with: quarry demo --store demo (then pass --store demo)`);
  }
  if (!Store.exists(dir)) {
    if (explicit === undefined && fromEnv === undefined) {
      throw new StoreError(
        `no store at ${path.resolve(dir)}: this command changes data, and the built-in demo store that reading commands use is read-only.\n` +
          'For a writable copy of the demo data: quarry demo --store demo (then pass --store demo, or export QUARRY_STORE=demo).\n' +
          'For your own data: quarry init, then quarry import ...',
      );
    }
    throw new StoreError(
      `no store at ${path.resolve(dir)}. Create one with: quarry init${explicit ? ` --store ${explicit}` : ''} (or a copy of the demo data: quarry demo --store ${explicit ?? dir})`,
    );
  }
  return openStore(dir);
}

/**
 * Open a store, first merging what a killed `quarry serve` acknowledged but had not
 * merged yet (its ingestion log), so every command sees every acknowledged event.
 */
export async function openStore(dir: string): Promise<Store> {
  if (isS3Uri(dir)) {
    // Loaded only for s3:// stores: the AWS SDK is large.
    const { openS3Store } = await import('../store/remote/open-s3-store.js');
    return openS3Store(dir, cacheDir());
  }
  if (Store.exists(dir) && listSegments(dir).length > 0) {
    const { replayOrphanedWal } = await import('../ingest/merge-wal.js');
    if (await replayOrphanedWal(dir)) process.stderr.write(`quarry: merged the ingestion log that quarry serve left in ${path.resolve(dir)}\n`);
  }
  return Store.open(dir);
}

/**
 * Build the demo store in a temporary directory and rename it into place, so two
 * processes starting at once never see a half-built store: the loser of the rename
 * race discards its copy.
 */
async function buildDemoStoreAtomically(target: string): Promise<void> {
  fs.mkdirSync(path.dirname(target), { recursive: true });
  const tmp = `${target}.tmp-${process.pid}-${Date.now()}`;
  const { buildDemoStore } = await import('./build-demo.js');
  try {
    await buildDemoStore(tmp, { events: DEMO_EVENTS });
    try {
      fs.renameSync(tmp, target);
    } catch (e) {
      if (!Store.exists(target)) throw e;
    }
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

/**
 * A store at a snapshot read earlier, maybe by another process or machine (a shard
 * task's plan carries the manifest): a directory, or an s3:// URI whose files are
 * fetched from that snapshot only.
 */
export async function openStoreSnapshot(location: string, manifest: Manifest): Promise<Store> {
  if (isS3Uri(location)) {
    const { openS3Store } = await import('../store/remote/open-s3-store.js');
    return openS3Store(location, cacheDir(), manifest);
  }
  return Store.fromSnapshot(location, manifest);
}
