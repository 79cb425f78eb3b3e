// Preload for profiling: make every worker thread quarry starts (the QuickJS sandbox) run with
// --cpu-prof as well (and workers they start: scan shards, their sandboxes), so every thread
// shows up in a profile. Bench-only; no engine change.
//   QUARRY_PROF_DIR=/tmp/prof node --cpu-prof --cpu-prof-dir=/tmp/prof -r ./bench/profile-preload.cjs bin/quarry.js run ...
const wt = require('node:worker_threads');
const { syncBuiltinESMExports } = require('node:module');
const dir = process.env.QUARRY_PROF_DIR ?? '.';
const Base = wt.Worker;
wt.Worker = class ProfiledWorker extends Base {
  constructor(file, opts = {}) {
    super(file, { ...opts, execArgv: [...(opts.execArgv ?? []), '--require', __filename, '--cpu-prof', `--cpu-prof-dir=${dir}`] });
  }
};
syncBuiltinESMExports();
