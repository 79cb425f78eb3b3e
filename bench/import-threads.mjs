// CPU time of `importEvents` per thread (importing thread, parse workers, V8's helper
// threads), from /proc, with peak RSS and RSS over the run: the import's critical path on
// a machine too loaded for wall times to mean much (docs/benchmarks.md).
//   npm run build && node bench/import-threads.mjs bench/data/1m/events.jsonl <parseThreads>
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const [file, threads = '1'] = process.argv.slice(2);
const dist = new URL('../dist/src/', import.meta.url);
const { Store } = await import(new URL('store/index.js', dist).href);
const { importEvents, fileInputs } = await import(new URL('ingest/index.js', dist).href);
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'quarry-import-threads-'));
const store = Store.init(path.join(dir, 'store'));
const cpu = new Map();
const rss = [];
const tick = () => {
  rss.push(Math.round(process.memoryUsage.rss() / 1048576));
  for (const t of fs.readdirSync('/proc/self/task')) {
    try {
      const s = fs.readFileSync(`/proc/self/task/${t}/stat`, 'utf8');
      const f = s.slice(s.lastIndexOf(')') + 2).split(' ');
      cpu.set(t, (Number(f[11]) + Number(f[12])) / 100); // utime + stime, clock ticks
    } catch {
      // the thread ended between the listing and the read
    }
  }
};
const timer = setInterval(tick, 100);
const load = fs.readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');
const t0 = Date.now();
const report = await importEvents(store, fileInputs([file]), { parseThreads: Number(threads) });
tick();
clearInterval(timer);
const wall = (Date.now() - t0) / 1000;
const main = cpu.get(String(process.pid)) ?? 0;
// Parse workers are the busy threads other than the main one; V8's helpers do GC work.
const others = [...cpu].filter(([t]) => t !== String(process.pid)).map(([, c]) => c);
const workers = others.sort((a, b) => b - a).slice(0, Number(threads));
const helpers = others.slice(Number(threads)).reduce((a, b) => a + b, 0);
const ru = process.resourceUsage();
const n = rss.length;
const rssTenths = Array.from({ length: 10 }, (_, k) => Math.max(...rss.slice(Math.floor((k * n) / 10), Math.max(Math.floor(((k + 1) * n) / 10), Math.floor((k * n) / 10) + 1))));
console.log(
  JSON.stringify({
    parseThreads: Number(threads),
    load,
    wall,
    cpu: { main, workers, helpers: +helpers.toFixed(2), total: +((ru.userCPUTime + ru.systemCPUTime) / 1e6).toFixed(2) },
    peakRssMB: Math.round(ru.maxRSS / 1024),
    rssByTenthMB: rssTenths,
    imported: report.imported,
  }),
);
fs.rmSync(dir, { recursive: true, force: true });
