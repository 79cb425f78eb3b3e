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
  /** Finish writing; for a file, rename it into place. Resolves when everything is on disk. */
  close(): Promise<void>;
  /** Give up: a file's temporary copy is removed and FILE is left as it was. */
  abort(): Promise<void>;
  /** True when writing to a file, not standard output. */
  isFile: boolean;
}

/** Fails with a usage error when `file` cannot be created there; else the folder it goes in. */
export function checkOutFolder(file: string, flag: string): string {
  const dir = path.dirname(path.resolve(file));
  let st: fs.Stats | undefined;
  try {
    st = fs.statSync(dir);
  } catch {
    st = undefined;
  }
  if (st === undefined)
    throw new UsageError(`${flag} ${file}: the folder ${dir} does not exist; create it first (mkdir -p ${JSON.stringify(dir)}) or write elsewhere`);
  if (!st.isDirectory()) throw new UsageError(`${flag} ${file}: ${dir} is not a folder`);
  try {
    if (fs.statSync(file).isDirectory()) throw new UsageError(`${flag} ${file}: cannot write there (it is a folder)`);
  } catch (e) {
    if (e instanceof UsageError) throw e;
  }
  return dir;
}

/** Opens `at` (FILE or its temporary copy); errors name FILE. */
function openFlagged(at: string, file: string, flag: string, flags: string): number {
  try {
    return fs.openSync(at, flags);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    const why = code === 'EISDIR' ? 'it is a folder' : code === 'EACCES' || code === 'EPERM' ? 'permission denied' : (e as Error).message;
    throw new UsageError(`${flag} ${file}: cannot write there (${why})`);
  }
}

/** Fails with a usage error when `file` cannot be created; else the open file descriptor. */
export function openOutFile(file: string, flag = '--out'): number {
  checkOutFolder(file, flag);
  return openFlagged(file, file, flag, 'w');
}

/**
 * `--out FILE` without half-written files: the output goes to a temporary file next to
 * FILE, renamed over it by close() only when everything was written. abort(), or a
 * process that ends before close(), removes the temporary file and leaves FILE as it was.
 */
export function openOut(file: string | undefined, flag = '--out'): OutTarget {
  if (file === undefined || file === '-' || file === '') {
    return { stream: process.stdout, isFile: false, close: async () => {}, abort: async () => {} };
  }
  const dir = checkOutFolder(file, flag);
  const temp = path.join(dir, `.${path.basename(file)}.${process.pid}.${Date.now().toString(36)}.tmp`);
  const fd = openFlagged(temp, file, flag, 'wx');
  const stream = fs.createWriteStream(temp, { fd });
  let failure: Error | null = null;
  stream.on('error', (e) => (failure ??= e));
  const removeTemp = () => fs.rmSync(temp, { force: true });
  process.once('exit', removeTemp);
  const closed = () => new Promise<void>((resolve) => (stream.closed ? resolve() : stream.once('close', () => resolve())));
  return {
    stream,
    isFile: true,
    async close() {
      await new Promise<void>((resolve) => stream.end(() => resolve()));
      await closed();
      process.removeListener('exit', removeTemp);
      if (failure) {
        removeTemp();
        throw new UsageError(`${flag} ${file}: ${(failure as Error).message}`);
      }
      try {
        fs.renameSync(temp, file);
      } catch (e) {
        removeTemp();
        throw new UsageError(`${flag} ${file}: cannot write there (${(e as Error).message})`);
      }
    },
    async abort() {
      stream.destroy();
      await closed();
      process.removeListener('exit', removeTemp);
      removeTemp();
    },
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
