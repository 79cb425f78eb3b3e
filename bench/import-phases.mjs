// Peak RSS of an events import per phase (reading+spills, finishing days), from the kernel's
// high-water mark (VmHWM) reset at each phase: a timer on the importing thread cannot sample
// inside the synchronous spills and day rewrites (docs/benchmarks.md, import memory).
//   npm run build && node bench/import-phases.mjs . bench/data/5m/events.jsonl /tmp/some-new-store [spillRows]
// The store directory is replaced; delete it afterwards. A small spillRows shows at 5M what
// the default does at 10x the events (days 10x larger than the spill; 50k at 5M ~ 500k at 50M).

import fs from 'node:fs';
const [root, file, dir, spill] = process.argv.slice(2);
const { Store } = await import(root + '/dist/src/store/index.js');
const { importEvents, fileInputs } = await import(root + '/dist/src/ingest/index.js');
fs.rmSync(dir, { recursive: true, force: true });
const store = Store.init(dir);
let phase = 'reading', maxBy = {}, t0 = Date.now(), firstWrite = 0;
const tick = () => {
  const m = process.memoryUsage();
  const r = Math.round(m.rss / 1048576);
  const cur = maxBy[phase] ?? { rss: 0 };
  if (r > cur.rss) maxBy[phase] = { rss: r, heap: Math.round(m.heapUsed / 1048576), ab: Math.round(m.arrayBuffers / 1048576), t: (Date.now() - t0) / 1000 };
};
const timer = setInterval(tick, 100);
// The kernel's high-water mark per phase (sees spikes inside synchronous work, which a timer cannot).
const hwm = () => Math.round(Number(/VmHWM:\s+(\d+)/.exec(fs.readFileSync('/proc/self/status', 'utf8'))[1]) / 1024);
const resetHwm = () => fs.writeFileSync('/proc/self/clear_refs', '5');
const hwmBy = {};
resetHwm();
const rep = await importEvents(store, fileInputs([file]), { spillRows: spill ? Number(spill) : undefined, onProgress: (p) => { if (p.phase !== phase) { tick(); hwmBy[phase] = hwm(); resetHwm(); phase = p.phase; firstWrite = (Date.now() - t0) / 1000; } } });
tick(); clearInterval(timer); hwmBy[phase] = hwm();
const cpu = process.cpuUsage();
console.log(JSON.stringify({ load: fs.readFileSync('/proc/loadavg', 'utf8').trim(), wall: (Date.now() - t0) / 1000, cpu: (cpu.user + cpu.system) / 1e6, firstWrite, hwmBy, maxBy, imported: rep.imported, dups: rep.duplicates }));
