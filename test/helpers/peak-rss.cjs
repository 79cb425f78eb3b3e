// Preloaded (`node -r`) into CLI children by test/helpers/cli.ts startMeasuredCli():
// at exit, writes the process's peak resident set size (KB, worker threads included).
const fs = require('node:fs');
const file = process.env.QUARRY_TEST_PEAK_FILE;
if (file) process.on('exit', () => fs.writeFileSync(file, String(process.resourceUsage().maxRSS)));
