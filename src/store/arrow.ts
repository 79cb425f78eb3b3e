/**
 * apache-arrow, loaded from the single-file build the package ships
 * (`Arrow.esnext.min.js`): 10 ms instead of 80 ms for the package's many modules.
 * Start-up is part of every CLI run. The API and types are the package's own.
 */
import type * as ArrowApi from 'apache-arrow';
import { createRequire } from 'node:module';
import path from 'node:path';

const require = createRequire(import.meta.url);

function load(): typeof ArrowApi {
  try {
    const main = require.resolve('apache-arrow');
    return require(path.join(path.dirname(main), 'Arrow.esnext.min.js')) as typeof ArrowApi;
  } catch {
    return require('apache-arrow') as typeof ArrowApi;
  }
}

let loaded: typeof ArrowApi | undefined;

/**
 * The package, loaded on first use: a run that reads no column file (an empty store,
 * `quarry --version`) never pays its ~10-20 ms. Property reads go through the proxy
 * (one per column built or read, not per row).
 */
export const Arrow: typeof ArrowApi = new Proxy({} as typeof ArrowApi, {
  get: (_, key) => Reflect.get((loaded ??= load()), key),
  has: (_, key) => Reflect.has((loaded ??= load()), key),
});
