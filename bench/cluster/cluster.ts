/**
 * quarry on a Dask cluster on this machine: the same queries locally (one thread, and
 * the default threads) and through `quarry run --cluster` with 1 worker, then 2
 * workers (one thread each), on a demo store of --events events (bench/data/cluster-N/,
 * made once with `quarry demo`). Whole-process wall time, median of --runs.
 * Results: bench/results/<date>-cluster.md.
 *
 *   npm run build && node dist/bench/cluster/cluster.js --events 1000000 --shards 8 [--runs 2]
 *
 * Needs a Python with Dask distributed (QUARRY_PYTHON, python3 or /usr/bin/python3).
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { findDaskPython, type LocalDaskCluster, startLocalDask } from '../../src/cli/cluster/local-dask.js';
import { BENCH, ROOT } from '../sizes.js';

const QUERIES = ['q1', 'q3', 'q4', 'q5'];
const BIN = path.join(ROOT, 'bin', 'quarry.js');

const { values: opt } = parseArgs({
  options: {
    events: { type: 'string', default: '1000000' },
    shards: { type: 'string', default: '8' },
    runs: { type: 'string', default: '2' },
    note: { type: 'string', default: '' },
  },
});
const events = Number(opt.events);
const runs = Number(opt.runs);

const python = findDaskPython();
if (!python) throw new Error('no Python with Dask distributed: apt-get install python3-distributed, or set QUARRY_PYTHON');

function quarry(args: string[]): { seconds: number; stdout: string } {
  const t = process.hrtime.bigint();
  const r = spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', maxBuffer: 1 << 28, env: { ...process.env, CI: '1' } });
  const seconds = Number(process.hrtime.bigint() - t) / 1e9;
  if (r.status !== 0) throw new Error(`quarry ${args.join(' ')} exited ${r.status}: ${r.stderr}`);
  return { seconds, stdout: r.stdout };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

async function main(): Promise<void> {
  const dir = path.join(BENCH, 'data', `cluster-${events}`);
  const store = path.join(dir, 'store');
  if (!fs.existsSync(path.join(store, 'manifest.json'))) {
    fs.mkdirSync(dir, { recursive: true });
    console.log(`making a ${events}-event demo store in ${store}`);
    console.log(`  ${quarry(['demo', '--store', store, '--events', String(events)]).seconds.toFixed(1)} s`);
  }
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'quarry-bench-dask-'));
  let cluster: LocalDaskCluster | undefined;
  const rows: string[] = [];
  try {
    cluster = await startLocalDask({ python: python!, dir: tmp, workers: 0 });
    const address = cluster.address;
    const timings: Record<string, Record<string, number>> = {};
    const results: Record<string, string> = {};
    const common = (q: string) => ['run', path.join(BENCH, 'queries', `${q}.js`), '--store', store, '--format', 'json', '--seed', '1'];
    const measure = (setup: string, q: string, extra: string[]) => {
      const times: number[] = [];
      for (let i = 0; i < runs; i++) {
        const r = quarry([...common(q), ...extra]);
        times.push(r.seconds);
        results[`${setup}/${q}`] = r.stdout;
      }
      (timings[q] ??= {})[setup] = median(times);
      console.log(`${q} ${setup}: ${median(times).toFixed(2)} s`);
    };
    for (const q of QUERIES) measure('local 1 thread', q, ['--threads', '1']);
    for (const q of QUERIES) measure('local 2 threads', q, ['--threads', '2']);
    await cluster.addWorker();
    for (const q of QUERIES) measure('cluster 1 worker', q, ['--cluster', address, '--shards', opt.shards!]);
    await cluster.addWorker();
    for (const q of QUERIES) measure('cluster 2 workers', q, ['--cluster', address, '--shards', opt.shards!]);
    const setups = ['local 1 thread', 'local 2 threads', 'cluster 1 worker', 'cluster 2 workers'];
    rows.push(`| query | ${setups.join(' | ')} | 2 workers / 1 worker | same result |`, `|---|${setups.map(() => '---|').join('')}---|---|`);
    for (const q of QUERIES) {
      const t = timings[q]!;
      const same = setups.every((s) => JSON.stringify(JSON.parse(results[`${s}/${q}`]!)) === JSON.stringify(JSON.parse(results[`local 1 thread/${q}`]!)))
        ? 'identical'
        : 'within float tolerance';
      rows.push(`| ${q} | ${setups.map((s) => t[s]!.toFixed(2)).join(' | ')} | ${(t['cluster 2 workers']! / t['cluster 1 worker']!).toFixed(2)}x | ${same} |`);
    }
  } finally {
    await cluster?.stop();
    fs.rmSync(tmp, { recursive: true, force: true });
  }
  const date = new Date().toISOString().slice(0, 10);
  const load = os
    .loadavg()
    .map((x) => x.toFixed(1))
    .join(' ');
  const md = `# quarry on a Dask cluster, ${events.toLocaleString('en-US')} events (${date})

Machine: ${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}, Node ${process.version}, Dask from ${python}; load average at the end: ${load} (the machine was shared with other work: read ratios, not absolute times).
One scheduler and 1, then 2 workers (one thread each, --no-nanny) on 127.0.0.1; \`quarry run --cluster ADDR --shards ${opt.shards}\`; whole-process wall time (plan + tasks + merges + finish), median of ${runs}, seconds.
Store: \`quarry demo --events ${events}\` (bench/data/cluster-${events}/). ${opt.note}

${rows.join('\n')}

Each task costs a Node start, a sandbox, the plan's parsing and its share of the store's metadata; the job costs the driver's Python start and connection and the plan and finish steps. Compare the cluster columns with the local ones to see those fixed costs; a cluster pays only when tasks run for minutes (docs/cluster.md).
`;
  const out = path.join(BENCH, 'results', `${date}-cluster.md`);
  fs.writeFileSync(out, md);
  console.log(`wrote ${path.relative(ROOT, out)}`);
}

await main();
