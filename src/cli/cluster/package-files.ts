/**
 * Files of the quarry package a cluster run needs: the Dask driver it ships
 * (contrib/dask/quarry_dask.py) and the command that starts this same quarry (for the
 * plan and finish steps, and by default on the workers). Found by walking up from
 * this file, which lives in src/cli/cluster/ or dist/src/cli/cluster/.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

function packageRoot(): string {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 6; i++) {
    if (fs.existsSync(path.join(dir, 'contrib', 'dask', 'quarry_dask.py'))) return dir;
    dir = path.dirname(dir);
  }
  throw new Error('cannot find contrib/dask/quarry_dask.py in the quarry package');
}

export function driverPath(): string {
  return path.join(packageRoot(), 'contrib', 'dask', 'quarry_dask.py');
}

/** `node .../bin/quarry.js`: this quarry, as a command line. */
export function selfCommand(): string[] {
  return [process.execPath, path.join(packageRoot(), 'bin', 'quarry.js')];
}
