// `quarry import events` as a whole process, with each thread's CPU, run-queue wait (time
// spent runnable but waiting for a core: the machine's load) and sleep (waiting on another
// thread or I/O), from /proc/<pid>/task/<tid>/schedstat sampled every 20 ms. On a loaded
// machine wall time mostly shows the load; these show what the import itself spent where.
//   node bench/import-sched.mjs bin/quarry.js bench/data/5m/events.jsonl /tmp/some-new-store [ENV=value ...]
// The store directory is replaced; delete it afterwards. "worker" is the busiest thread
// other than the importing one; "helpers" sums the rest (other parse workers, V8's GC threads).
// "threads" lists every other thread's CPU seconds, busiest first.
// "rssTenths" is the highest RSS (MB, sampled every 200 ms) in each tenth of the run; "peakAt" when the highest came.
import { spawn, execFileSync } from 'node:child_process';
import fs from 'node:fs';
const [q, file, store, ...envs] = process.argv.slice(2);
const env = { ...process.env };
for (const e of envs) { const at = e.indexOf('='); env[e.slice(0, at)] = e.slice(at + 1); }
fs.rmSync(store, { recursive: true, force: true });
execFileSync('node', [q, 'init', '--store', store]);
const load = fs.readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');
const c = spawn('/usr/bin/time', ['-f', '%e %U %S %M', 'node', q, 'import', 'events', file, '--store', store], { stdio: ['ignore', 'pipe', 'pipe'], env });
let err = '';
c.stderr.on('data', (d) => (err += d));
const th = new Map();
let pid;
/** [seconds since start, RSS MB] every 200 ms: where in the import the peak comes. */
const rssCurve = [];
const started = Date.now();
let ticks = 0;
const tick = () => {
  try {
    if (pid === undefined) { const kids = fs.readFileSync(`/proc/${c.pid}/task/${c.pid}/children`, 'utf8').trim(); if (kids) pid = Number(kids.split(' ')[0]); }
    if (pid === undefined) return;
    const now = Date.now();
    if (ticks++ % 10 === 0) {
      const m = /VmRSS:\s+(\d+)/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
      if (m) rssCurve.push([(now - started) / 1000, Math.round(Number(m[1]) / 1024)]);
    }
    for (const t of fs.readdirSync(`/proc/${pid}/task`)) {
      try {
        const [cpu, wait] = fs.readFileSync(`/proc/${pid}/task/${t}/schedstat`, 'utf8').split(' ').map(Number);
        const o = th.get(t) ?? { first: now };
        o.last = now; o.cpu = cpu / 1e9; o.wait = wait / 1e9;
        th.set(t, o);
      } catch {}
    }
  } catch {}
};
const timer = setInterval(tick, 20);
c.on('exit', () => {
  clearInterval(timer);
  const [wall, user, sys, rss] = err.trim().split('\n').pop().split(' ').map(Number);
  const f = (o) => ({ cpu: +o.cpu.toFixed(2), wait: +o.wait.toFixed(2), sleep: +((o.last - o.first) / 1000 - o.cpu - o.wait).toFixed(2) });
  const main = f(th.get(String(pid)));
  const others = [...th].filter(([t]) => t !== String(pid)).map(([, o]) => o).sort((a, b) => b.cpu - a.cpu);
  const worker = f(others[0]);
  const helpers = +others.slice(1).reduce((a, o) => a + o.cpu, 0).toFixed(2);
  // Every other thread's CPU seconds, busiest first (Node 20 names them all "node"): two parse workers, then V8's GC/compiler helpers.
  const threads = others.filter((o) => o.cpu >= 0.05).map((o) => +o.cpu.toFixed(2));
  // The RSS curve in tenths of the run (the highest sample of each), and when the peak came.
  const tenths = Array.from({ length: 10 }, (_, i) => Math.max(0, ...rssCurve.filter(([t]) => Math.floor((t / wall) * 10) === i).map(([, r]) => r)));
  const top = rssCurve.reduce((a, b) => (b[1] > a[1] ? b : a), [0, 0]);
  console.log(JSON.stringify({ q: q + (envs.length ? ` ${envs.join(' ')}` : ''), load, wall, cpu: +(user + sys).toFixed(2), user, sys, rssMB: Math.round(rss / 1024), peakAt: +top[0].toFixed(1), rssTenths: tenths, main, worker, helpers, threads }));
});
