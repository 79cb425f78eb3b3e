/**
 * `--out FILE` without half-written files (issue 9 item 12): the result is written to
 * a temporary file next to FILE and renamed over it only when everything was written.
 * A run that fails (a limit, a script error, Ctrl-C of the writer) removes the
 * temporary file and leaves FILE as it was.
 *
 * @example
 *   const f = openAtomicFile('out.csv');
 *   try { await writeOutput('csv', items, f.stream); await f.commit(); } catch (e) { await f.abort(); throw e; }
 */
import fs from 'node:fs';
import path from 'node:path';
import { UserError } from '../errors.js';

export interface AtomicFile {
  stream: fs.WriteStream;
  /** Flush, close and rename into place. */
  commit(): Promise<void>;
  /** Close and delete the temporary file; the target is untouched. */
  abort(): Promise<void>;
}

export function openAtomicFile(target: string): AtomicFile {
  const dir = path.dirname(path.resolve(target));
  try {
    fs.accessSync(dir, fs.constants.W_OK);
  } catch (e) {
    throw cannotWrite(target, e as Error);
  }
  const temp = path.join(dir, `.${path.basename(target)}.${process.pid}.${Date.now().toString(36)}.tmp`);
  const stream = fs.createWriteStream(temp, { flags: 'wx' });
  // An open error (no such directory, no permission) surfaces from the writer; keep it from being unhandled.
  let failure: Error | null = null;
  stream.on('error', (e) => {
    failure ??= e;
  });
  const closed = () => new Promise<void>((resolve) => {
    if (stream.closed) resolve();
    else stream.once('close', () => resolve());
  });
  return {
    stream,
    async commit() {
      await new Promise<void>((resolve, reject) => stream.end((e?: Error | null) => (e ? reject(e) : resolve())));
      await closed();
      if (failure) throw cannotWrite(target, failure);
      try {
        fs.renameSync(temp, target);
      } catch (e) {
        fs.rmSync(temp, { force: true });
        throw cannotWrite(target, e as Error);
      }
    },
    async abort() {
      stream.destroy();
      await closed();
      fs.rmSync(temp, { force: true });
    },
  };
}

function cannotWrite(target: string, e: Error): UserError {
  const code = (e as NodeJS.ErrnoException).code;
  return new UserError(`cannot write ${target}: ${code === 'ENOENT' ? 'no such directory' : code === 'EACCES' ? 'permission denied' : e.message}`);
}
