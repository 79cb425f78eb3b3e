/**
 * Read the guest-side JavaScript (stdlib/*.js and Underscore) from disk at runtime.
 * Underscore is read from node_modules, never copied into the repository.
 */
import { readFileSync, existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The stdlib files evaluated as `function (Q, global) {...}`, in this order. */
export const STDLIB_FILES = ['environment.js', 'mixpanel.js', 'reducer-functions.js', 'collection.js', 'guest-runtime.js'] as const;

function findStdlibDir(): string {
  // src/sandbox/ when run from source, dist/src/sandbox/ when built: walk up.
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 6; i++) {
    if (existsSync(join(dir, 'stdlib', 'collection.js'))) return join(dir, 'stdlib');
    dir = dirname(dir);
  }
  throw new Error('quarry: cannot find the stdlib/ folder next to the package');
}

let cache: { files: Array<{ name: string; text: string }>; underscore: string } | null = null;

export function stdlibSources(): { files: Array<{ name: string; text: string }>; underscore: string } {
  if (cache) return cache;
  const dir = findStdlibDir();
  const files = STDLIB_FILES.map((name) => ({ name, text: readFileSync(join(dir, name), 'utf8') }));
  const require = createRequire(import.meta.url);
  const underscore = readFileSync(require.resolve('underscore/underscore-umd.js'), 'utf8');
  cache = { files, underscore };
  return cache;
}
