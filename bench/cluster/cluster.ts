/**
 * quarry on a Dask cluster on this machine: the same queries locally (one thread, and
 * two threads) and through `quarry run --cluster` with 1 worker, then 2 workers (one
 * thread each), on a demo store of --events events (bench/data/cluster-N/store, made
 * once with `quarry demo`; with --buckets B a copy rebucketed to B user buckets per
 * day, bench/data/cluster-N/store-bB, made once, which every setup reads).
 * Whole-process wall time, median of --runs; for the cluster runs also the seconds the
 * workers spent in quarry processes (`--stats`), to show the fixed costs.
 * Results: bench/results/<date>-cluster[-<label>].md (--label, e.g. 20m).
 *
 *   npm run build && node dist/bench/cluster/cluster.js --events 20000000 --buckets 8 --shards 8 --label 20m [--runs 2] [--only q4,q5]
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

const ALL_QUERIES = ['q1', 'q3', 'q4', 'q5'];
const BIN = path.join(ROOT, 'bin', 'quarry.js');

const { values: opt } = parseArgs({
  options: {
    events: { type: 'string', default: '1000000' },
    shards: { type: 'string', default: '8' },
    buckets: { type: 'string', default: '1' },
    runs: { type: 'string', default: '2' },
    only: { type: 'string' },
    setups: { type: 'string', default: 'l1,l2,c1,c2' },
    label: { type: 'string' },
    note: { type: 'string', default: '' },
  },
});
const events = Number(opt.events);
const runs = Number(opt.runs);
const buckets = Number(opt.buckets);
const QUERIES = opt.only ? opt.only.split(',') : ALL_QUERIES;
/** Which setups to run: l1, l2 (local 1 and 2 threads), c1, c2 (cluster 1 and 2 workers). */
const RUN = new Set(opt.setups!.split(','));

const python = findDaskPython();
if (!python) throw new Error('no Python with Dask distributed: apt-get install python3-distributed, or set QUARRY_PYTHON');

// The Python found here, for every run: quarry would otherwise try `python3` first on
// each job, a Python start wasted where that one lacks Dask (a pyenv shim here).
const childEnv = { ...process.env, CI: '1', QUARRY_PYTHON: python };

function quarry(args: string[]): { seconds: number; stdout: string; stderr: string } {
  const t = process.hrtime.bigint();
  const r = spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', maxBuffer: 1 << 28, env: childEnv });
  const seconds = Number(process.hrtime.bigint() - t) / 1e9;
  if (r.status !== 0) throw new Error(`quarry ${args.join(' ')} exited ${r.status}: ${r.stderr}`);
  return { seconds, stdout: r.stdout, stderr: r.stderr };
}

/** The `{"cluster":...}` line of a `--stats` run: tasks, merges, workers' seconds in quarry processes. */
function clusterSummary(stderr: string): { tasks: number; merges: number; taskSeconds: { exec: number; merge: number; longestExec: number } } | null {
  const line = stderr.split('\n').find((l) => l.startsWith('{"cluster"'));
  return line ? (JSON.parse(line) as { cluster: ReturnType<typeof clusterSummary> & object }).cluster : null;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

async function main(): Promise<void> {
  const dir = path.join(BENCH, 'data', `cluster-${events}`);
  const plain = path.join(dir, 'store');
  if (!fs.existsSync(path.join(plain, 'manifest.json'))) {
    fs.mkdirSync(dir, { recursive: true });
    console.log(`making a ${events}-event demo store in ${plain}`);
    console.log(`  ${quarry(['demo', '--store', plain, '--events', String(events)]).seconds.toFixed(1)} s`);
  }
  const store = buckets > 1 ? path.join(dir, `store-b${buckets}`) : plain;
  if (buckets > 1 && !fs.existsSync(path.join(store, 'manifest.json'))) {
    // A copy, the event files as hard links (immutable: quarry writes new files and
    // renames them into place), then rebucketed.
    fs.mkdirSync(store, { recursive: true });
    for (const f of fs.readdirSync(plain)) {
      const r = spawnSync('cp', [f === 'events' ? '-al' : '-a', path.join(plain, f), store], { stdio: 'inherit' });
      if (r.status !== 0) throw new Error(`cannot copy ${f} of ${plain}`);
    }
    console.log(`rebucketing a copy of the store to ${buckets} buckets: ${store}`);
    console.log(`  ${quarry(['rebucket', '--store', store, '--buckets', String(buckets)]).seconds.toFixed(1)} s`);
  }
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'quarry-bench-dask-'));
  let cluster: LocalDaskCluster | undefined;
  try {
    cluster = await startLocalDask({ python: python!, dir: tmp, workers: 0, env: childEnv });
    const address = cluster.address;
    // No time limit: on a loaded shared machine a run can pass the default 120 s of wall time.
    const common = (q: string) => ['run', path.join(BENCH, 'queries', `${q}.js`), '--store', store, '--format', 'json', '--seed', '1', '--timeout', '3600'];
    const measure = (setup: string, q: string, extra: string[]) => {
      const times: number[] = [];
      for (let i = 0; i < runs; i++) {
        const r = quarry([...common(q), ...extra]);
        times.push(r.seconds);
        results[`${setup}/${q}`] = r.stdout;
        const c = clusterSummary(r.stderr);
        if (c) (tasks[q] ??= {})[setup] = c;
      }
      (timings[q] ??= {})[setup] = median(times);
      console.log(`${q} ${setup}: ${median(times).toFixed(2)} s`);
      write(); // after every measurement: a run cut short keeps what it measured
    };
    if (RUN.has('l1')) for (const q of QUERIES) measure('local 1 thread', q, ['--threads', '1']);
    if (RUN.has('l2')) for (const q of QUERIES) measure('local 2 threads', q, ['--threads', '2']);
    await cluster.addWorker();
    if (RUN.has('c1')) for (const q of QUERIES) measure('cluster 1 worker', q, ['--cluster', address, '--shards', opt.shards!, '--stats']);
    await cluster.addWorker();
    if (RUN.has('c2')) for (const q of QUERIES) measure('cluster 2 workers', q, ['--cluster', address, '--shards', opt.shards!, '--stats']);
  } finally {
    await cluster?.stop();
    fs.rmSync(tmp, { recursive: true, force: true });
  }
  console.log(`wrote ${path.relative(ROOT, out)}`);
}

const SETUPS = ['local 1 thread', 'local 2 threads', 'cluster 1 worker', 'cluster 2 workers'];
const timings: Record<string, Record<string, number>> = {};
const results: Record<string, string> = {};
const tasks: Record<string, Record<string, NonNullable<ReturnType<typeof clusterSummary>>>> = {};
const date = new Date().toISOString().slice(0, 10);
const out = path.join(BENCH, 'results', `${date}-cluster${opt.label ? `-${opt.label}` : ''}.md`);
const loadNow = () =>
  os
    .loadavg()
    .map((x) => x.toFixed(1))
    .join(' ');
const loadBefore = loadNow();

function write(): void {
  const cell = (q: string, s: string) => timings[q]?.[s]?.toFixed(2) ?? '–';
  const rows = [`| query | ${SETUPS.join(' | ')} | 2 workers / 1 worker | same result |`, `|---|${SETUPS.map(() => '---|').join('')}---|---|`];
  for (const q of QUERIES) {
    const t = timings[q] ?? {};
    const have = SETUPS.filter((s) => results[`${s}/${q}`] !== undefined);
    const base = results[`${have[0]}/${q}`];
    const same = have.every((s) => JSON.stringify(JSON.parse(results[`${s}/${q}`]!)) === JSON.stringify(JSON.parse(base!)))
      ? 'identical'
      : 'within float tolerance';
    const ratio = t['cluster 2 workers'] && t['cluster 1 worker'] ? `${(t['cluster 2 workers'] / t['cluster 1 worker']).toFixed(2)}x` : '–';
    rows.push(`| ${q} | ${SETUPS.map((s) => cell(q, s)).join(' | ')} | ${ratio} | ${have.length > 1 ? same : '–'} |`);
  }
  const taskRows = [
    '| query | setup | tasks | merges | exec tasks: sum of seconds | mean | longest | merges: seconds | job wall |',
    '|---|---|---|---|---|---|---|---|---|',
  ];
  for (const q of QUERIES)
    for (const s of SETUPS.slice(2)) {
      const c = tasks[q]?.[s];
      if (!c) continue;
      const ts = c.taskSeconds;
      taskRows.push(
        `| ${q} | ${s} | ${c.tasks} | ${c.merges} | ${ts.exec.toFixed(1)} | ${(ts.exec / c.tasks).toFixed(2)} | ${ts.longestExec.toFixed(2)} | ${ts.merge.toFixed(1)} | ${cell(q, s)} |`,
      );
    }
  const md = `# quarry on a Dask cluster, ${events.toLocaleString('en-US')} events (${date})

Machine: ${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}, Node ${process.version}, Dask from ${python}; load average at the start: ${loadBefore}, at the end: ${loadNow()} (the machine was shared with other work: read ratios, not absolute times).
One scheduler and 1, then 2 workers (one thread each, --no-nanny) on 127.0.0.1; \`quarry run --cluster ADDR --shards ${opt.shards}\`; whole-process wall time (plan + tasks + merges + finish), median of ${runs}, seconds.
Store: \`quarry demo --events ${events}\` (bench/data/cluster-${events}/)${buckets > 1 ? `, rebucketed to ${buckets} user buckets per day (\`quarry rebucket --buckets ${buckets}\`; every setup reads this copy)` : ''}. ${opt.note}

${rows.join('\n')}

Seconds the workers spent in quarry processes (\`--stats\`: each \`exec-shard\` and \`merge\` child from start to exit), from the last run:

${taskRows.join('\n')}

Each task costs a Node start, the engine's modules, a sandbox when the script's functions run, the plan's parsing and its share of the store's metadata; the job costs the driver's Python start and connection and the plan and finish steps. Compare the cluster columns with the local ones to see those fixed costs (docs/cluster.md, Sizing).
`;
  fs.writeFileSync(out, md);
}

await main();
