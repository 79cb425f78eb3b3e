#!/usr/bin/env node
// Thin launcher: the CLI is compiled to dist/ by `npm run build` (run by `npm ci` via `prepare`).
const argv = process.argv.slice(2);
// `quarry run` starts its sandbox worker while the CLI's modules load (src/cli/early-start.ts).
if (argv[0] === 'run') import('../dist/src/cli/early-start.js').then((m) => m.startEarly(argv)).catch(() => {});
import('../dist/src/cli/main.js').then((m) => m.main(argv));
