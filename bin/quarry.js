#!/usr/bin/env node
// Thin launcher: the CLI is compiled to dist/ by `npm run build` (run by `npm ci` via `prepare`).
// It runs from the single-file bundle (dist/bundle/cli.cjs, loaded with a V8 code cache by
// load-bundle.cjs) when that is there, else module by module from dist/src/.
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const argv = process.argv.slice(2);
const { bundleUsable, runBundle } = createRequire(import.meta.url)('./load-bundle.cjs');
const bundle = fileURLToPath(new URL('../dist/bundle/cli.cjs', import.meta.url));
const cli = bundleUsable(bundle) ? Promise.resolve(runBundle(bundle, { saveAtExit: true, cacheName: argv[0] ?? '' })) : import('../dist/src/cli/bundle-entry.js');
// `quarry run` starts its sandbox worker while the CLI's modules load (src/cli/early-start.ts).
cli.then((m) => {
  if (argv[0] === 'run') m.startEarly(argv).catch(() => {});
  return m.main(argv);
});
