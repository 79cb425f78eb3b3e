// Plain-V8 baseline: read the hosted-export JSONL into plain JS event objects shaped as JQL
// gives them ({name, distinct_id, time (ms), sampling_factor, properties}), in batches, with
// the store's dedup (identical event, time, distinct_id, $insert_id: keep the first) and its
// treatment of a missing or "" distinct_id (undefined). No sandbox, no store.
//
// eachBatch(file, onBatch) calls onBatch(events) for each batch of parsed events (file order,
// which is time order) and returns {loadMs, queryMs}: time spent reading/parsing/deduping vs
// time spent inside onBatch (the query's own callbacks); queryCpuMs is the process CPU time
// (user + system) inside onBatch, which a loaded machine does not inflate as it does wall time.
import fs from 'node:fs';

const CHUNK = 16 << 20;

export function eachBatch(file, onBatch) {
  const fd = fs.openSync(file, 'r');
  const buf = Buffer.allocUnsafe(CHUNK);
  let rest = '';
  let loadMs = 0;
  let queryMs = 0;
  let queryCpuMs = 0;
  let seenDay = -1;
  let seen = new Set();
  for (;;) {
    const t0 = performance.now();
    const n = fs.readSync(fd, buf, 0, CHUNK, null);
    const text = rest + buf.toString('utf8', 0, n);
    const end = n === 0 ? text.length : text.lastIndexOf('\n') + 1;
    rest = text.slice(end);
    const lines = text.slice(0, end).split('\n');
    const batch = [];
    for (const line of lines) {
      if (line === '') continue;
      const raw = JSON.parse(line);
      const p = raw.properties;
      const day = Math.floor(p.time / 86400);
      if (day !== seenDay) { seen = new Set(); seenDay = day; } // input is in time order
      const k = `${raw.event}\u0000${p.time}\u0000${p.distinct_id}\u0000${p.$insert_id}`;
      if (seen.has(k)) continue;
      seen.add(k);
      const properties = {};
      for (const key in p) if (key !== 'time' && key !== 'distinct_id') properties[key] = p[key];
      batch.push({
        name: raw.event,
        distinct_id: p.distinct_id === '' || p.distinct_id === null ? undefined : p.distinct_id,
        time: p.time * 1000,
        sampling_factor: 1,
        properties,
      });
    }
    const t1 = performance.now();
    loadMs += t1 - t0;
    const c1 = process.cpuUsage();
    if (batch.length) onBatch(batch);
    queryMs += performance.now() - t1;
    const c2 = process.cpuUsage(c1);
    queryCpuMs += (c2.user + c2.system) / 1000;
    if (n === 0) break;
  }
  fs.closeSync(fd);
  return { loadMs, queryMs, queryCpuMs };
}

/** Print the result as quarry does (JSON array) and the timings as one JSON line on stderr. */
export function report(result, times, started) {
  process.stdout.write(JSON.stringify(result));
  process.stderr.write(`${JSON.stringify({ ...times, totalMs: performance.now() - started })}\n`);
}
