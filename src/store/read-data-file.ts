/**
 * Reading one data file of a snapshot. Readers never lock, and garbage collection
 * keeps the files of the current and the previous manifest only, so a reader whose
 * snapshot is two commits old can find a file gone. That is a store that moved on,
 * not a bug: it becomes a StoreError (exit 1) that says to run the command again.
 */
import fs from 'node:fs';
import { StoreError } from '../errors.js';

export function readDataFile(file: string): Buffer {
  try {
    return fs.readFileSync(file);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') {
      throw new StoreError(
        `a file of the store snapshot this command started with is gone (${file}): the store was changed by two or more imports while the command ran. Run it again.`,
      );
    }
    throw e;
  }
}
