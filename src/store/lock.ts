/**
 * One writer at a time. The lock is a file created with O_EXCL holding the writer's
 * pid and command; a lock whose process is gone is stale and is taken over. Readers
 * never take it.
 */
import fs from 'node:fs';
import path from 'node:path';
import { StoreError } from '../errors.js';

export const LOCK_FILE = 'lock';

interface LockInfo {
  pid: number;
  command: string;
  since: string;
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

/** Take the writer lock of the store at `dir`; returns the release function. */
export function acquireLock(dir: string, command: string): () => void {
  const file = path.join(dir, LOCK_FILE);
  const info: LockInfo = { pid: process.pid, command, since: new Date().toISOString() };
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = fs.openSync(file, 'wx');
      fs.writeSync(fd, JSON.stringify(info));
      fs.closeSync(fd);
      heldHere.add(file);
      let released = false;
      return () => {
        if (released) return;
        released = true;
        heldHere.delete(file);
        try {
          fs.unlinkSync(file);
        } catch {
          /* already gone */
        }
      };
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
      const holder = readLock(file);
      // Our own pid: held by this process (a second writer here), or left by an
      // earlier process that had the same pid (containers restart as pid 1).
      const busy = holder !== null && (holder.pid === process.pid ? heldHere.has(file) : alive(holder.pid));
      if (busy) {
        throw new StoreError(
          `the store at ${dir} is being written by ${holder.pid === process.pid ? 'another writer in this process' : 'another quarry process'} (pid ${holder.pid}, "${holder.command}", since ${holder.since}). ` +
            `Wait for it to finish; if that process is gone, delete ${file}.`,
        );
      }
      // Stale (the process died) or unreadable: take it over.
      try {
        fs.unlinkSync(file);
      } catch {
        /* raced with another taker; retry */
      }
    }
  }
  throw new StoreError(`could not take the writer lock ${file}; another process keeps taking it. Try again.`);
}

function readLock(file: string): LockInfo | null {
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8')) as LockInfo;
  } catch {
    return null;
  }
}
