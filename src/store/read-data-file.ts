/**
 * Reading one data file of a snapshot. Readers never lock, and garbage collection
 * keeps the files of the current and the previous manifest only, so a reader whose
 * snapshot is two commits old can find a file gone. That is a store that moved on,
 * not a bug: it becomes a StoreError (exit 1) that says to run the command again.
 * A file that the current manifest itself names and that is missing means a damaged
 * store, which is said as such.
 */
import fs from 'node:fs';
import path from 'node:path';
import { StoreError } from '../errors.js';
import { readManifestFile } from './commit.js';
import { referencedPaths } from './manifest.js';
import { fetchLate } from './remote/fetch-late.js';
import { readMirrorInfo } from './remote/mirror.js';

/** Read `rel` (a path inside the store, under a directory or file some manifest names). */
export function readDataFile(storeDir: string, rel: string): Buffer {
  const file = path.join(storeDir, rel);
  try {
    return fs.readFileSync(file);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
    // A store on S3: its mirror lacks a file the query's prefetch did not ask for.
    if (readMirrorInfo(storeDir) !== null) {
      fetchLate(storeDir, rel.split(path.sep).join('/'));
      return fs.readFileSync(file);
    }
    if (namedByCurrentManifest(storeDir, rel)) {
      throw new StoreError(
        `the store at ${storeDir} is damaged: ${rel} is missing, though its manifest refers to it. ` +
          'Restore the store from a backup, or import its data again into a new store.',
      );
    }
    throw new StoreError(
      `a file of the store snapshot this command started with is gone (${file}): the store was changed by two or more imports while the command ran. Run it again.`,
    );
  }
}

function namedByCurrentManifest(storeDir: string, rel: string): boolean {
  try {
    const m = readManifestFile(storeDir);
    if (m === null) return false;
    const posix = rel.split(path.sep).join('/');
    for (const p of referencedPaths(m)) if (posix === p || posix.startsWith(`${p}/`)) return true;
    return false;
  } catch {
    return false;
  }
}
