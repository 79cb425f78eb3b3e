/**
 * Atomic commits. A Transaction writes new immutable files under names carrying its
 * generation number (`.../g12/...`), then `commit()` writes the new manifest to a
 * temporary file, fsyncs it and renames it over `manifest.json`. A crash, kill -9 or
 * Ctrl-C before that rename leaves the previous manifest, and so the previous state,
 * untouched; the orphaned files are removed by the next writer.
 */
import fs from 'node:fs';
import path from 'node:path';
import { isLockLeftover, type LockHandle, takeLock } from './lock.js';
import { dataMaps, type Manifest, referencedPaths } from './manifest.js';
import { pinnedManifests } from './pins.js';

export const MANIFEST = 'manifest.json';
export const PREVIOUS_MANIFEST = 'manifest.prev.json';

export function readManifestFile(dir: string, name = MANIFEST): Manifest | null {
  try {
    return JSON.parse(fs.readFileSync(path.join(dir, name), 'utf8')) as Manifest;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw e;
  }
}

export function writeFileDurable(file: string, bytes: Uint8Array | string): void {
  const fd = fs.openSync(file, 'w');
  try {
    if (typeof bytes === 'string') fs.writeSync(fd, bytes);
    else fs.writeSync(fd, bytes);
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
}

/** Replace the manifest atomically; keep the one before it for readers still using it. */
export function swapManifest(dir: string, next: Manifest): void {
  const tmp = path.join(dir, `${MANIFEST}.tmp-${process.pid}`);
  writeFileDurable(tmp, JSON.stringify(next, null, 1));
  const current = path.join(dir, MANIFEST);
  if (fs.existsSync(current)) {
    // Copy, then rename: a crash mid-copy must not leave a partial manifest.prev.json,
    // which every later writer's garbage collection would fail to parse.
    const prevTmp = path.join(dir, `${MANIFEST}.tmp-prev-${process.pid}`);
    fs.copyFileSync(current, prevTmp);
    fs.renameSync(prevTmp, path.join(dir, PREVIOUS_MANIFEST));
  }
  fs.renameSync(tmp, current);
  try {
    const dfd = fs.openSync(dir, 'r');
    fs.fsyncSync(dfd);
    fs.closeSync(dfd);
  } catch {
    /* directories cannot be fsynced on every platform */
  }
}

let collecting = true;

/**
 * Turn garbage collection after commits off in this thread (on by default). A
 * worker thread that commits for a process whose other threads read pinned
 * snapshots (`quarry serve`'s background merges) leaves it to the main thread,
 * which knows the pins.
 */
export function setGarbageCollection(on: boolean): void {
  collecting = on;
}

export class Transaction {
  readonly dir: string;
  readonly generation: number;
  /** The manifest being built: starts as a copy of the current one. */
  manifest: Manifest;
  private done = false;
  private lock: LockHandle;

  constructor(dir: string, base: Manifest, lock: LockHandle) {
    this.dir = dir;
    this.lock = lock;
    // structuredClone gives plain objects back: make the key maps null-prototype again.
    this.manifest = dataMaps(structuredClone(base));
    this.generation = base.generation + 1;
    this.manifest.generation = this.generation;
  }

  /** A new directory for this generation, e.g. `events/2016-03-01/g12`; created empty. */
  newDir(parent: string): string {
    const rel = path.posix.join(parent, `g${this.generation}`);
    const abs = path.join(this.dir, rel);
    fs.rmSync(abs, { recursive: true, force: true });
    fs.mkdirSync(abs, { recursive: true });
    return rel;
  }

  writeFile(rel: string, bytes: Uint8Array | string): void {
    const abs = path.join(this.dir, rel);
    fs.mkdirSync(path.dirname(abs), { recursive: true });
    fs.writeFileSync(abs, bytes);
  }

  commit(): void {
    if (this.done) return;
    // Re-check right before publishing: a writer that lost its lock must not swap.
    this.lock.assertHeld();
    swapManifest(this.dir, this.manifest);
    this.done = true;
    try {
      if (collecting) collectGarbage(this.dir);
    } finally {
      this.lock.release();
    }
  }

  /** Give up: the store stays as it was. New files are removed. */
  abort(): void {
    if (this.done) return;
    this.done = true;
    try {
      // Files are only removed under the lock: if it was lost, they are left to the
      // next writer rather than risk deleting another writer's in-flight files.
      if (collecting && this.holdsLock()) collectGarbage(this.dir);
    } finally {
      this.lock.release();
    }
  }

  private holdsLock(): boolean {
    try {
      this.lock.assertHeld();
      return true;
    } catch {
      return false;
    }
  }
}

/** Start a write: takes the lock and clears what crashed writers left behind. */
export function beginTransaction(dir: string, command: string): Transaction {
  const lock = takeLock(dir, command);
  try {
    const base = readManifestFile(dir);
    if (base === null) throw new Error(`no manifest in ${dir}`);
    if (collecting) collectGarbage(dir);
    return new Transaction(dir, base, lock);
  } catch (e) {
    lock.release();
    throw e;
  }
}

/** Snapshots that readers in this process still use (store dir -> manifest -> readers). */
const pinned = new Map<string, Map<Manifest, number>>();

/**
 * Keep the files of `manifest` while a long-lived reader in this process uses it
 * (`quarry serve` answers queries while its own background commits run): garbage
 * collection in this process skips them until the returned release is called.
 */
export function pinSnapshot(dir: string, manifest: Manifest): () => void {
  const key = path.resolve(dir);
  let m = pinned.get(key);
  if (m === undefined) pinned.set(key, (m = new Map()));
  m.set(manifest, (m.get(manifest) ?? 0) + 1);
  let released = false;
  return () => {
    if (released) return;
    released = true;
    const n = (m.get(manifest) ?? 1) - 1;
    if (n <= 0) m.delete(manifest);
    else m.set(manifest, n);
  };
}

const DATA_ROOTS = ['events', 'profiles', 'users', 'groups', 'staging'];

/**
 * Remove generation directories and files that neither the current nor the
 * previous manifest refers to. Runs only under the writer lock (the only writer
 * whose files could be in flight is the caller, which runs it before creating any
 * or after publishing them). Keeping the previous manifest's files lets a reader
 * that opened the store just before a commit finish its scan. Nothing is removed
 * when the current manifest cannot be read: an empty keep-list would delete all.
 */
export function collectGarbage(dir: string): void {
  const keep = new Set<string>();
  const current = readManifestFile(dir, MANIFEST);
  if (current === null) return;
  for (const p of referencedPaths(current)) keep.add(p);
  let previous: Manifest | null = null;
  try {
    previous = readManifestFile(dir, PREVIOUS_MANIFEST);
  } catch {
    /* a damaged previous manifest only protects readers of an older snapshot */
  }
  if (previous) for (const p of referencedPaths(previous)) keep.add(p);
  for (const m of pinned.get(path.resolve(dir))?.keys() ?? []) for (const p of referencedPaths(m)) keep.add(p);
  // Snapshots distributed jobs read from other processes (pins.ts).
  for (const m of pinnedManifests(dir)) for (const p of referencedPaths(m)) keep.add(p);
  for (const f of fs.readdirSync(dir)) {
    if (f.startsWith(`${MANIFEST}.tmp-`) || isLockLeftover(f)) fs.rmSync(path.join(dir, f), { force: true });
  }
  for (const root of DATA_ROOTS) walkGenerations(dir, root, keep);
  // Generations at the store root were only ever written by a bug (group key "..",
  // before group directories were hashed): nothing refers to them.
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    if (GEN.test(e.name) && !keep.has(e.name)) fs.rmSync(path.join(dir, e.name), { recursive: true, force: true });
  }
}

const GEN = /^g\d+(\.arrow)?$/;

function walkGenerations(storeDir: string, rel: string, keep: Set<string>): void {
  const abs = path.join(storeDir, rel);
  let entries: fs.Dirent[];
  try {
    entries = fs.readdirSync(abs, { withFileTypes: true });
  } catch {
    return;
  }
  for (const e of entries) {
    const childRel = path.posix.join(rel, e.name);
    if (GEN.test(e.name)) {
      if (!keep.has(childRel)) fs.rmSync(path.join(storeDir, childRel), { recursive: true, force: true });
    } else if (e.isDirectory()) {
      walkGenerations(storeDir, childRel, keep);
      try {
        fs.rmdirSync(path.join(storeDir, childRel)); // only succeeds when empty
      } catch {
        /* not empty */
      }
    }
  }
}
