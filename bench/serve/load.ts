/**
 * Load benchmark of `quarry serve` (not a test): 20 concurrent JQL clients running a
 * groupBy-count over the demo store (Jan-Mar 2024, 200k events) while one client
 * ingests at a steady rate through /import (2,000-event batches into April 2024),
 * for 60 s on loopback. Reports requests/s, p50/p99 latency, events/s acknowledged,
 * the server's peak RSS, and checks that the final count equals what was acknowledged.
 *
 *   npm run build && node dist/bench/serve/load.js [--seconds 60] [--clients 20] [--rate 20000] [--commit-interval 2]
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Store } from '../../src/store/index.js';

const ROOT = path.resolve(import.meta.dirname, '..', '..', '..');
const arg = (name: string, def: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : def;
};
const SECONDS = arg('seconds', 60);
const CLIENTS = arg('clients', 20);
const RATE = arg('rate', 20_000);
const COMMIT = arg('commit-interval', 2);
const BATCH = 2000;
const SCRIPT = 'function main() { return Events({from_date: "2024-01-01", to_date: "2024-03-31"}).groupBy(["name"], mixpanel.reducer.count()); }';

function demoStore(): string {
  const cache = process.env.QUARRY_CACHE ?? path.join(process.env.XDG_CACHE_HOME ?? path.join(os.homedir(), '.cache'), 'quarry');
  const dir = path.join(cache, 'demo-v1');
  if (!Store.exists(dir)) throw new Error(`no demo store at ${dir}: run any quarry command once (e.g. quarry info) to build it`);
  return dir;
}

function rssKb(pid: number, field: 'VmRSS' | 'VmHWM'): number {
  try {
    const m = new RegExp(`${field}:\\s+(\\d+) kB`).exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) : 0;
  } catch {
    return 0;
  }
}

const pct = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;

async function main() {
  const store = fs.mkdtempSync(path.join(os.tmpdir(), 'quarry-serve-bench-'));
  fs.cpSync(demoStore(), store, { recursive: true });
  const child = spawn(
    process.execPath,
    [
      path.join(ROOT, 'bin', 'quarry.js'),
      'serve',
      '--store',
      store,
      '--port',
      '0',
      '--quiet',
      '--max-concurrent',
      String(CLIENTS),
      '--commit-interval',
      String(COMMIT),
    ],
    { stdio: ['ignore', 'ignore', 'pipe'] },
  );
  let errText = '';
  const url = await new Promise<string>((resolve, reject) => {
    child.stderr.on('data', (b: Buffer) => {
      errText += b;
      const m = /listening on (http:\/\/\S+)/.exec(errText);
      if (m) resolve(m[1]!);
    });
    child.on('exit', (c) => reject(new Error(`server exited ${c}: ${errText}`)));
  });
  const body = new URLSearchParams({ script: SCRIPT }).toString();
  // Warm-up: the first query starts the sandbox.
  await fetch(`${url}/api/2.0/jql`, { method: 'POST', body, headers: { 'content-type': 'application/x-www-form-urlencoded' } });

  const started = Date.now();
  const end = started + SECONDS * 1000;
  const latencies: number[] = [];
  const statuses = new Map<number, number>();
  let peakRss = 0;
  const rssTimer = setInterval(() => (peakRss = Math.max(peakRss, rssKb(child.pid!, 'VmRSS'))), 200);

  const client = async () => {
    while (Date.now() < end) {
      const t = performance.now();
      const r = await fetch(`${url}/api/2.0/jql`, {
        method: 'POST',
        body,
        headers: { 'content-type': 'application/x-www-form-urlencoded', 'accept-encoding': 'gzip' },
      });
      await r.arrayBuffer();
      statuses.set(r.status, (statuses.get(r.status) ?? 0) + 1);
      if (r.status === 200) latencies.push(performance.now() - t);
      else await new Promise((res) => setTimeout(res, 50));
    }
  };

  let acked = 0;
  let sent = 0;
  let ingestErrors = 0;
  const ingestLatencies: number[] = [];
  const T0 = Date.UTC(2024, 3, 1) / 1000;
  const ingest = async () => {
    const interval = (BATCH / RATE) * 1000;
    let next = Date.now();
    const inflight = new Set<Promise<void>>();
    while (Date.now() < end) {
      const wait = next - Date.now();
      if (wait > 0) await new Promise((r) => setTimeout(r, wait));
      next += interval;
      const from = sent;
      sent += BATCH;
      const events = Array.from({ length: BATCH }, (_, i) => {
        const k = from + i;
        return { event: `live ${k % 4}`, properties: { time: T0 + (k % (7 * 86400)), distinct_id: `live-${k % 5000}`, $insert_id: `bench-${k}`, n: k } };
      });
      const t = performance.now();
      const p = fetch(`${url}/import?strict=1`, { method: 'POST', body: JSON.stringify(events), headers: { 'content-type': 'application/json' } })
        .then(
          async (r) => {
            await r.arrayBuffer();
            if (r.status === 200) {
              acked += BATCH;
              ingestLatencies.push(performance.now() - t);
            } else ingestErrors++;
          },
          () => {
            ingestErrors++;
          },
        )
        .finally(() => inflight.delete(p));
      inflight.add(p);
      if (inflight.size >= 8) await Promise.race(inflight);
    }
    await Promise.all(inflight);
  };

  await Promise.all([...Array.from({ length: CLIENTS }, client), ingest()]);
  const elapsed = (Date.now() - started) / 1000;
  clearInterval(rssTimer);
  const hwm = rssKb(child.pid!, 'VmHWM');
  const stopped = Date.now();
  child.kill('SIGTERM');
  await new Promise((r) => child.once('exit', r));
  const finalCommitS = (Date.now() - stopped) / 1000;

  const s = Store.open(store);
  let stored = 0;
  for (const day of s.days('2024-04-01', '2024-04-07')) stored += s.partitionMeta(day)!.rows;
  latencies.sort((a, b) => a - b);
  ingestLatencies.sort((a, b) => a - b);
  const ok = statuses.get(200) ?? 0;
  const lines = [
    `quarry serve load benchmark: ${CLIENTS} JQL clients + /import at ${RATE} events/s target, ${elapsed.toFixed(1)} s, ${os.availableParallelism()} cores, commit interval ${COMMIT} s`,
    '',
    '| measure | value |',
    '|---|---|',
    `| JQL requests/s (200s) | ${(ok / elapsed).toFixed(1)} |`,
    `| JQL latency p50 / p99 | ${pct(latencies, 50).toFixed(0)} ms / ${pct(latencies, 99).toFixed(0)} ms |`,
    `| JQL statuses | ${[...statuses].map(([k, v]) => `${k}: ${v}`).join(', ')} |`,
    `| events/s acknowledged | ${Math.round(acked / elapsed)} (${acked} in total; ${ingestErrors} failed batches) |`,
    `| /import latency p50 / p99 | ${pct(ingestLatencies, 50).toFixed(0)} ms / ${pct(ingestLatencies, 99).toFixed(0)} ms |`,
    `| server peak RSS | ${Math.round(Math.max(peakRss, hwm) / 1024)} MB |`,
    `| final commit at shutdown | ${finalCommitS.toFixed(1)} s |`,
    `| events in the store == acknowledged | ${stored} == ${acked}: ${stored === acked ? 'yes' : 'NO'} |`,
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
  fs.rmSync(store, { recursive: true, force: true });
  if (stored !== acked) process.exitCode = 1;
}

main().catch((e) => {
  process.stderr.write(`${(e as Error).stack}\n`);
  process.exitCode = 1;
});
