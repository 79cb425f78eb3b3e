#!/usr/bin/env node
// A stand-in for quarry's shard commands, to test the Dask driver alone: a plan's
// tasks are {id, sleep?, fail?}; exec-shard writes "task:<id>\n" (after `sleep` ms),
// merge concatenates its parts in the order given. fail: "script" exits 1 with a
// message naming q.js:3, "flaky" exits 70 the first time (a marker file beside the
// plan's `marks` folder remembers it), "always" exits 70 every time.
import fs from 'node:fs';
import path from 'node:path';

const [cmd, planFile, ...rest] = process.argv.slice(2);
const plan = JSON.parse(fs.readFileSync(planFile, 'utf8'));
const opt = (name) => rest[rest.indexOf(name) + 1];
const write = (file, text) => {
  fs.writeFileSync(`${file}.tmp`, text);
  fs.renameSync(`${file}.tmp`, file);
};
if (cmd === 'exec-shard') {
  const task = plan.tasks.find((t) => String(t.id) === opt('--task'));
  await new Promise((r) => setTimeout(r, task.sleep ?? 0));
  if (task.fail === 'script') {
    process.stderr.write(`Error: boom in task ${task.id}\n    at q.js:3:11\n`);
    process.exit(1);
  }
  const mark = path.join(plan.marks ?? '/nonexistent', `flaky-${task.id}`);
  if (task.fail === 'always' || (task.fail === 'flaky' && !fs.existsSync(mark))) {
    if (task.fail === 'flaky') fs.writeFileSync(mark, '');
    process.stderr.write('quarry: internal error: lost the disk\n');
    process.exit(70);
  }
  write(opt('--out'), `task:${task.id}\n`);
} else if (cmd === 'merge') {
  const out = opt('--out');
  const parts = rest.filter((a, i) => a !== '--out' && rest[i - 1] !== '--out');
  write(out, parts.map((p) => fs.readFileSync(p, 'utf8')).join(''));
} else {
  process.stderr.write(`fake-quarry: unknown command ${cmd}\n`);
  process.exit(2);
}
