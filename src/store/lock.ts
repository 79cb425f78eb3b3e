/**
 * One writer at a time. The lock is a file `lock` holding the writer's pid, command,
 * start time and a random token; a lock whose process is gone is stale and is taken
 * over. Readers never take it.
 *
 * Every step is atomic, so two processes can never both hold the lock:
 * - Acquire: the content is written to a private temp file first, then `link(2)`ed to
 *   `lock`; link fails with EEXIST when `lock` exists, so the file becomes visible
 *   whole (never empty or half-written) and only one process can create it.
 * - Takeover of a dead holder's lock: `link(lock, lock.takeover-<id>)`, where <id>
 *   names the stale lock's content. Exactly one process can create that name; it
 *   then checks that the file it linked is the stale lock it judged (and not a newer
 *   lock that replaced it meanwhile), and only then unlinks `lock` and starts over.
 *   A loser never touches `lock`.
 * - After acquiring, the holder reads `lock` back and checks its token (re-check),
 *   and `assertHeld` repeats that check before a commit publishes anything.
 */
import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { StoreError } from '../errors.js';

export const LOCK_FILE = 'lock';

/**
 * A lock file that cannot be parsed is only stale when it is older than this (ms).
 * quarry itself never makes one (content is written before the file is visible);
 * an older quarry or a full disk could, and its writer may still be alive.
 */
export const UNREADABLE_LOCK_STALE_MS = 10_000;

interface LockInfo {
  pid: number;
  command: string;
  since: string;
  token?: string;
}

export interface LockHandle {
  /** Give the lock up (idempotent). */
  release(): void;
  /** Throw a StoreError unless `lock` still holds this writer's token. */
  assertHeld(): void;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Lock files this process holds right now (a lock with our pid that is not here is stale). */
const heldHere = new Set<string>();

/** How many times acquisition starts over after removing a stale lock before giving up. */
const MAX_ATTEMPTS = 50;

/** Wait a few ms (synchronously: acquisition is synchronous) while another process takes over. */
function pause(attempt: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, Math.min(2 + attempt, 10));
}

/** Take the writer lock of the store at `dir`; returns the release function. */
export function acquireLock(dir: string, command: string): () => void {
  return takeLock(dir, command).release;
}

/** Take the writer lock of the store at `dir`. */
export function takeLock(dir: string, command: string): LockHandle {
  try {
    return tryTakeLock(dir, command);
  } catch (e) {
    if (e instanceof StoreError) throw e;
    const err = e as NodeJS.ErrnoException;
    const file = path.join(dir, LOCK_FILE);
    const noLinks = err.code === 'EPERM' || err.code === 'ENOTSUP' || err.code === 'ENOSYS' || err.code === 'EOPNOTSUPP';
    throw new StoreError(
      `cannot take the writer lock ${file}: ${err.message}` +
        (noLinks && err.syscall === 'link'
          ? '. The store must be on a file system with hard links (quarry uses link(2) to take its lock atomically).'
          : '. Check that the store directory exists and is writable.'),
      { cause: e },
    );
  }
}

function tryTakeLock(dir: string, command: string): LockHandle {
  const file = path.join(dir, LOCK_FILE);
  const token = randomBytes(12).toString('hex');
  const info: LockInfo = { pid: process.pid, command, since: new Date().toISOString(), token };
  const tmp = path.join(dir, `${LOCK_FILE}.tmp-${process.pid}-${token}`);
  fs.writeFileSync(tmp, JSON.stringify(info), { flag: 'wx' });
  try {
    for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
      try {
        fs.linkSync(tmp, file);
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
        const current = readRaw(file);
        if (current === null) continue; // released meanwhile: try again
        const holder = parseLock(current.text);
        if (holder !== null && isBusy(file, holder)) throw busyError(dir, file, holder);
        if (holder === null && Date.now() - current.mtimeMs < UNREADABLE_LOCK_STALE_MS) {
          throw new StoreError(
            `the store at ${dir} has a lock file that is being written or is damaged (${file}). ` +
              `Try again in a few seconds; if no quarry process is writing this store, delete ${file}.`,
          );
        }
        removeStaleLock(dir, current.text);
        pause(attempt);
        continue;
      }
      // Re-check: the lock must hold our token now.
      const now = readRaw(file);
      if (now === null || parseLock(now.text)?.token !== token) continue;
      heldHere.add(file);
      return handle(dir, file, token);
    }
  } finally {
    fs.rmSync(tmp, { force: true });
  }
  throw new StoreError(`could not take the writer lock ${file}; other processes keep taking it. Try again.`);
}

function handle(dir: string, file: string, token: string): LockHandle {
  let released = false;
  return {
    release() {
      if (released) return;
      released = true;
      heldHere.delete(file);
      // Only remove the lock if it is still ours (it always should be).
      const cur = readRaw(file);
      if (cur !== null && parseLock(cur.text)?.token === token) fs.rmSync(file, { force: true });
    },
    assertHeld() {
      const cur = readRaw(file);
      if (released || cur === null || parseLock(cur.text)?.token !== token) {
        throw new StoreError(
          `lost the writer lock of the store at ${dir} (${file} was removed or replaced by another process); nothing was written. Try again.`,
        );
      }
    },
  };
}

function isBusy(file: string, holder: LockInfo): boolean {
  // Our own pid: held by this process (a second writer here), or left by an earlier
  // process that had the same pid (containers restart as pid 1).
  return holder.pid === process.pid ? heldHere.has(file) : alive(holder.pid);
}

function busyError(dir: string, file: string, holder: LockInfo): StoreError {
  return new StoreError(
    `the store at ${dir} is being written by ${holder.pid === process.pid ? 'another writer in this process' : 'another quarry process'} (pid ${holder.pid}, "${holder.command}", since ${holder.since}). ` +
      `Wait for it to finish; if that process is gone, delete ${file}.`,
  );
}

/**
 * Remove the stale lock whose content is `staleText`, unless another process does it
 * first or the lock is no longer that one. Only the process that creates the takeover
 * name for this content may unlink `lock`.
 */
export function removeStaleLock(dir: string, staleText: string): void {
  const file = path.join(dir, LOCK_FILE);
  const id = createHash('sha256').update(staleText).digest('hex').slice(0, 24);
  const marker = path.join(dir, `${LOCK_FILE}.takeover-${id}`);
  try {
    fs.linkSync(file, marker);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'EEXIST' || code === 'ENOENT') {
      // Another process is taking it over (or the lock went away). A marker left by a
      // taker that was killed between its two steps is removed once it is old.
      clearOldMarker(marker);
      return;
    }
    throw e;
  }
  try {
    // We linked whatever `lock` was at that instant: act only if it is the stale lock.
    // While it is, nobody else can remove or replace it (they would need this marker).
    if (readRaw(marker)?.text === staleText) fs.rmSync(file, { force: true });
  } finally {
    fs.rmSync(marker, { force: true });
  }
}

/**
 * The marker is a hard link to the stale lock, so its mtime is the stale lock's; its
 * ctime is when the last link was made or removed, i.e. when a taker claimed it.
 */
function clearOldMarker(marker: string): void {
  try {
    if (Date.now() - fs.statSync(marker).ctimeMs > UNREADABLE_LOCK_STALE_MS) fs.rmSync(marker, { force: true });
  } catch {
    /* gone already */
  }
}

/** A temp file of a lock attempt whose process is gone (kill -9 mid-acquire): removable. */
export function isLockLeftover(name: string): boolean {
  const m = /^lock\.tmp-(\d+)-/.exec(name);
  return m !== null && Number(m[1]) !== process.pid && !alive(Number(m[1]));
}

function readRaw(file: string): { text: string; mtimeMs: number } | null {
  let fd: number;
  try {
    fd = fs.openSync(file, 'r');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw e;
  }
  try {
    const mtimeMs = fs.fstatSync(fd).mtimeMs;
    return { text: fs.readFileSync(fd, 'utf8'), mtimeMs };
  } finally {
    fs.closeSync(fd);
  }
}

function parseLock(text: string): LockInfo | null {
  try {
    const v = JSON.parse(text) as LockInfo;
    return typeof v === 'object' && v !== null && Number.isInteger(v.pid) ? v : null;
  } catch {
    return null;
  }
}
