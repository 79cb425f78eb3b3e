// Preloaded (`node -r`) into CLI children by test/helpers/cli.ts startMeasuredCli():
// at exit, writes the process's peak resident set size (KB, worker threads included).
// A command that runs in a child Node (`import events`, src/cli/import-process.ts) passes
// this preload on: the child writes first, and the launcher that waited for it adds its
// own peak, since both were resident at once (an upper bound: the two share the pages of
// the node binary, ~37 MB).
const fs = require('node:fs');
const file = process.env.QUARRY_TEST_PEAK_FILE;
if (file) {
  process.on('exit', () => {
    let child = 0;
    try {
      child = Number(fs.readFileSync(file, 'utf8')) || 0;
    } catch {}
    fs.writeFileSync(file, String(child + process.resourceUsage().maxRSS));
  });
}
