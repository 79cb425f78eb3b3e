#!/usr/bin/env node
// Thin launcher: the CLI is compiled to dist/ by `npm run build` (run by `npm ci` via `prepare`).
// It runs from the single-file bundle (dist/bundle/cli.cjs, loaded with a V8 code cache by
// load-bundle.cjs) when that is there, else module by module from dist/src/.
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const argv = process.argv.slice(2);
const { bundleUsable, runBundle } = createRequire(import.meta.url)('./load-bundle.cjs');
const bundle = fileURLToPath(new URL('../dist/bundle/cli.cjs', import.meta.url));
// --debug: stack traces should name quarry's TypeScript sources, so load module by module
// with source maps on (tsc writes a .map next to each file in dist/src/); a normal start
// pays for neither.
const debug = argv.includes('--debug');
if (debug) process.setSourceMapsEnabled(true);
const bundled = !debug && bundleUsable(bundle);
// `quarry run` starts its sandbox worker first, before the CLI is compiled, so that the
// two start side by side (src/cli/early-start.ts; a few small modules from dist/src/).
// Should that fail, the sandbox pool starts its worker itself, later.
if (argv[0] === 'run') {
  try {
    const { startEarly } = await import('../dist/src/cli/early-start.js');
    startEarly(argv, new URL(bundled ? '../dist/bundle/sandbox-worker.boot.cjs' : '../dist/src/sandbox/worker.js', import.meta.url));
  } catch {}
}
const cli = bundled ? runBundle(bundle, { saveAtExit: true, cacheName: argv[0] ?? '' }) : await import('../dist/src/cli/bundle-entry.js');
await cli.main(argv);
