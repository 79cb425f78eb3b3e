// Preloaded (`node -r`) into CLI children by test/cli/import-process.test.ts: each Node
// process of the command (the launcher, and the child it may start) appends a line with
// its pid and flags to the file QUARRY_TEST_EXEC_FILE names, as soon as it starts.
const fs = require('node:fs');
const file = process.env.QUARRY_TEST_EXEC_FILE;
if (file) fs.appendFileSync(file, `${JSON.stringify({ pid: process.pid, execArgv: process.execArgv })}\n`);
