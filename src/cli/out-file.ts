/**
 * `--out FILE` for every command that writes a file: checked before any work is
 * done, so a missing folder or a read-only place is a usage error (exit 2) that says
 * what to do, never a stream's 'error' event. `-` means standard output.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Writable } from 'node:stream';
import { UsageError } from '../errors.js';

export interface OutTarget {
  stream: Writable;
  /** Finish writing (and close the file); resolves when everything is on disk. */
  close(): Promise<void>;
  /** True when writing to a file, not standard output. */
  isFile: boolean;
}

/** Fails with a usage error when `file` cannot be created; else the open file descriptor. */
export function openOutFile(file: string, flag = '--out'): number {
  const dir = path.dirname(path.resolve(file));
  let st: fs.Stats | undefined;
  try {
    st = fs.statSync(dir);
  } catch {
    st = undefined;
  }
  if (st === undefined) throw new UsageError(`${flag} ${file}: the folder ${dir} does not exist; create it first (mkdir -p ${JSON.stringify(dir)}) or write elsewhere`);
  if (!st.isDirectory()) throw new UsageError(`${flag} ${file}: ${dir} is not a folder`);
  try {
    return fs.openSync(file, 'w');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    const why = code === 'EISDIR' ? 'it is a folder' : code === 'EACCES' || code === 'EPERM' ? 'permission denied' : (e as Error).message;
    throw new UsageError(`${flag} ${file}: cannot write there (${why})`);
  }
}

export function openOut(file: string | undefined, flag = '--out'): OutTarget {
  if (file === undefined || file === '-' || file === '') {
    return { stream: process.stdout, isFile: false, close: async () => {} };
  }
  const fd = openOutFile(file, flag);
  const stream = fs.createWriteStream(file, { fd });
  let failure: Error | null = null;
  stream.on('error', (e) => (failure = e));
  return {
    stream,
    isFile: true,
    close: () =>
      new Promise<void>((resolve, reject) => {
        if (failure) return reject(new UsageError(`${flag} ${file}: ${failure.message}`));
        stream.end((e?: Error | null) => (e ? reject(new UsageError(`${flag} ${file}: ${e.message}`)) : resolve()));
      }),
  };
}

/** Write a whole text to `--out FILE` (or standard output). */
export function writeOutText(file: string | undefined, text: string, flag = '--out'): void {
  if (file === undefined || file === '-' || file === '') {
    process.stdout.write(text);
    return;
  }
  const fd = openOutFile(file, flag);
  try {
    fs.writeSync(fd, text);
  } finally {
    fs.closeSync(fd);
  }
}
