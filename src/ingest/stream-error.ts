/**
 * The one message for an error raised while reading an input file's stream (a damaged
 * or truncated gzip, a read error): what went wrong and in which file, as a UserError
 * (exit 1), so every importer ends through its normal error path, with the
 * transaction aborted and the lock released.
 */
import { UserError } from '../errors.js';

export function streamError(e: unknown, label: string, gz: boolean): UserError {
  if (e instanceof UserError) return e;
  const err = e as NodeJS.ErrnoException;
  const code = typeof err?.code === 'string' ? err.code : '';
  const detail = err instanceof Error ? err.message : String(e);
  if (gz && (code.startsWith('Z_') || code === 'ERR_ZLIB_INITIALIZATION_FAILED')) {
    return new UserError(
      `${label}: the gzip data is damaged or truncated (${detail}); nothing was imported. Check the file (gzip -t) and download or copy it again.`,
      { cause: e },
    );
  }
  return new UserError(`${label}: reading the file failed (${detail}); nothing was imported.`, { cause: e });
}
