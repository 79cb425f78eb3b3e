// Plain-V8 baseline for bench/queries/q4.js: the same filter and key callbacks, count per key.
import { eachBatch, report } from './load.js';

const started = performance.now();
const filter = (e) => e.properties.mp_country_code == 'US';
const key = (e) => e.name;

const counts = new Map();
const times = eachBatch(process.argv[2], (events) => {
  for (const e of events) {
    if (!filter(e)) continue;
    const k = key(e);
    counts.set(k, (counts.get(k) ?? 0) + 1);
  }
});
const result = [...counts].map(([k, v]) => ({ key: [k], value: v }));
report(result, times, started);
