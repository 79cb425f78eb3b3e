// Summarize a V8 .cpuprofile: top frames by self time, and by inclusive time for quarry's
// own frames.  node bench/profile-summary.mjs file.cpuprofile [N]
import fs from 'node:fs';
const prof = JSON.parse(fs.readFileSync(process.argv[2], 'utf8'));
const N = Number(process.argv[3] ?? 25);
const byId = new Map(prof.nodes.map((n) => [n.id, n]));
const parent = new Map();
for (const n of prof.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
const self = new Map();
const dt = prof.timeDeltas;
for (let i = 0; i < prof.samples.length; i++) self.set(prof.samples[i], (self.get(prof.samples[i]) ?? 0) + (dt[i] ?? 0));
const total = dt.reduce((a, b) => a + b, 0);
const label = (n) => {
  const f = n.callFrame;
  const url = f.url.replace(/^file:\/\/.*?\/(dist|node_modules)\//, '$1/');
  return `${f.functionName || '(anon)'} ${url ? `${url}:${f.lineNumber + 1}` : ''}`.trim();
};
const selfBy = new Map();
const inclBy = new Map();
for (const [id, t] of self) {
  const l = label(byId.get(id));
  selfBy.set(l, (selfBy.get(l) ?? 0) + t);
  const seen = new Set();
  for (let cur = id; cur !== undefined; cur = parent.get(cur)) {
    const lc = label(byId.get(cur));
    if (seen.has(lc)) continue;
    seen.add(lc);
    inclBy.set(lc, (inclBy.get(lc) ?? 0) + t);
  }
}
const pct = (t) => `${((100 * t) / total).toFixed(1).padStart(5)}%`;
console.log(`total ${(total / 1e6).toFixed(2)} s sampled`);
console.log('-- self time');
for (const [l, t] of [...selfBy].sort((a, b) => b[1] - a[1]).slice(0, N)) console.log(`${pct(t)}  ${l}`);
console.log('-- inclusive (quarry frames)');
for (const [l, t] of [...inclBy].filter(([l]) => l.includes('dist/src') || l.includes('dist/bundle')).sort((a, b) => b[1] - a[1]).slice(0, N)) console.log(`${pct(t)}  ${l}`);
