/**
 * quarry benchmark suite: see bench/README.md.
 *
 *   node --expose-gc dist/bench/run.js [--size 1m|5m|20m] [--runs N] [--only q1,q4] [--out file.md] [--buckets B]
 *     [--note text] [--reimport] [--no-snapshot] [--no-v8] [--json summary.json]
 *
 * Prepares the data for the size once (generate JSONL, import into a quarry store, load a
 * DuckDB database), checks each query's quarry result equals DuckDB's (and the plain-V8
 * baseline's), then times every command as a whole child process, interleaved round by round,
 * and writes a markdown table to bench/results/.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parse as parseCsv } from 'csv-parse/sync';
import { generate } from './generate.js';
import { BENCH, ROOT, SIZES, parseSize, paths, type Size } from './sizes.js';

interface Query {
  id: string;
  title: string;
  /** Target, as text, and a check of the medians. */
  target: string;
  plainV8?: boolean;
  /** Not a `quarry run` script: the quarry command line (after `quarry`), its output CSV. */
  cli?: (store: string) => string[];
  /** Run once before checking and timing, untimed. */
  setup?: (store: string) => string[];
  /** Shown (and the query skipped) when the CLI lacks a command it needs. */
  needs?: { command: string; pending: string };
}

const QUERIES: Query[] = [
  { id: 'q1', title: 'events per name in a date range', target: '≤ 1x DuckDB' },
  { id: 'q2', title: 'selector filter + count', target: '≤ 1x DuckDB' },
  { id: 'q3', title: 'unique users per country (groupByUser + slice)', target: '≤ 1x DuckDB' },
  { id: 'q4', title: 'filter fn + key fn', target: '≤ 1.2x DuckDB', plainV8: true },
  { id: 'q5', title: 'custom groupByUser reducer (funnel step)', target: '≤ 2x V8', plainV8: true },
  { id: 'q6', title: 'join(Events, People) + profile filter, by event prop', target: '≤ 1x DuckDB' },
  {
    id: 'q7',
    title: 'cohort (behaviour + profile criteria), members to CSV',
    target: '-',
    needs: { command: 'cohort', pending: 'needs the cohort commands' },
    setup: (store) => [
      'cohort',
      'create',
      'bench-q7',
      '--did',
      'Purchase',
      '--at-least',
      '2',
      '--from',
      '2024-03-01',
      '--to',
      '2024-03-31',
      '--where',
      'properties["$country_code"] == "US"',
      '--replace',
      '--store',
      store,
    ],
    cli: (store) => ['cohort', 'members', 'bench-q7', '--columns', '$email,plan,$country_code', '--format', 'csv', '--store', store],
  },
];

/** What `--json` writes: medians per query and engine, for scale.ts. */
export interface RunSummary {
  size: Size;
  events: number;
  date: string;
  runs: number;
  /** os.loadavg() at the end of the run (the machine is shared). */
  load: number[];
  queries: Record<string, { title: string; check: string; quarry: { wallMs: number; rssKB: number }; duck: { wallMs: number; rssKB: number } }>;
  /** quarry import events / DuckDB load (read_json + dedup + sort + profiles), whole processes. */
  import: { quarry: { wallMs: number; rssKB: number }; duck: { wallMs: number; rssKB: number } };
}

interface Measured {
  wallMs: number;
  rssKB: number;
  stdout: string;
  stderr: string;
  status: number | null;
}

const RSS_FILE = path.join(os.tmpdir(), `quarry-bench-rss-${process.pid}`);
const HAVE_TIME = fs.existsSync('/usr/bin/time');

/** Spawn a command as a child process; wall time around the spawn, peak RSS from /usr/bin/time. */
function measure(cmd: string[], env?: NodeJS.ProcessEnv): Measured {
  const argv = HAVE_TIME ? ['/usr/bin/time', '-f', '%M', '-o', RSS_FILE, ...cmd] : cmd;
  const t0 = process.hrtime.bigint();
  const r = spawnSync(argv[0]!, argv.slice(1), { cwd: ROOT, encoding: 'utf8', maxBuffer: 1 << 30, env: env ?? process.env });
  const wallMs = Number(process.hrtime.bigint() - t0) / 1e6;
  let rssKB = NaN;
  if (HAVE_TIME) {
    const lines = fs.readFileSync(RSS_FILE, 'utf8').trim().split('\n');
    rssKB = Number(lines[lines.length - 1]);
  }
  return { wallMs, rssKB, stdout: r.stdout, stderr: r.stderr, status: r.status };
}

function must(m: Measured, what: string): Measured {
  if (m.status !== 0) throw new Error(`${what} failed (exit ${m.status}):\n${m.stderr.slice(-4000)}`);
  return m;
}

function duSync(dir: string): number {
  let n = 0;
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    n += e.isDirectory() ? duSync(p) : fs.statSync(p).size;
  }
  return n;
}

interface Meta {
  size: Size;
  inputBytes: number;
  profileBytes: number;
  quarryImport?: { wallMs: number; rssKB: number; report: unknown; storeBytes: number; inputReadMs?: number };
  quarryPeople?: { wallMs: number; rssKB: number };
  duckLoad?: { wallMs: number; rssKB: number; report: Record<string, number> };
}

let QUARRY = ['node', path.join(ROOT, 'bin/quarry.js')];

/**
 * Freeze the engine for the run: other engineers rebuild dist/ in the same tree while a
 * benchmark runs, so quarry runs from a copy of bin/, dist/src, dist/grammar, dist/bundle
 * (the code-cached single-file CLI that bin/quarry.js prefers) and stdlib/ taken at the
 * start (node_modules linked). Returns the copy's bin/quarry.js.
 */
function snapshotEngine(): string {
  const dir = path.join(BENCH, 'data', 'engine-snapshot');
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(path.join(dir, 'dist'), { recursive: true });
  for (const d of ['bin', 'stdlib', 'package.json']) fs.cpSync(path.join(ROOT, d), path.join(dir, d), { recursive: true });
  for (const d of ['src', 'grammar', 'bundle']) {
    if (fs.existsSync(path.join(ROOT, 'dist', d))) fs.cpSync(path.join(ROOT, 'dist', d), path.join(dir, 'dist', d), { recursive: true });
  }
  fs.symlinkSync(path.join(ROOT, 'node_modules'), path.join(dir, 'node_modules'));
  const bin = path.join(dir, 'bin', 'quarry.js');
  must(measure(['node', bin, '--version']), 'the engine snapshot');
  return bin;
}
/** A copy of the prepared store with `buckets` user buckets per day, made once. */
function bucketedCopy(store: string, buckets: number, log: (s: string) => void): string {
  const dir = `${store}-b${buckets}`;
  const done = path.join(dir, '.bench-source-mtime');
  const source = String(fs.statSync(path.join(store, 'manifest.json')).mtimeMs);
  if (fs.existsSync(done) && fs.readFileSync(done, 'utf8') === source) return dir;
  log(`preparing ${path.basename(dir)}: a copy rebucketed to ${buckets} buckets`);
  fs.rmSync(dir, { recursive: true, force: true });
  fs.cpSync(store, dir, { recursive: true });
  must(measure([...QUARRY, 'rebucket', '--buckets', String(buckets), '--store', dir]), 'quarry rebucket');
  fs.writeFileSync(done, source);
  return dir;
}
const DUCK = ['node', path.join(ROOT, 'dist/bench/duck.js')];

/** Reads `file` through once (into the page cache); returns the milliseconds it took. */
function readThrough(file: string): number {
  const t0 = performance.now();
  const fd = fs.openSync(file, 'r');
  try {
    const buf = Buffer.allocUnsafe(8 << 20);
    while (fs.readSync(fd, buf, 0, buf.length, null) > 0);
  } finally {
    fs.closeSync(fd);
  }
  return performance.now() - t0;
}

async function prepare(size: Size, log: (s: string) => void): Promise<Meta> {
  const p = paths(size);
  await generate(size, log);
  const meta: Meta = fs.existsSync(p.meta)
    ? JSON.parse(fs.readFileSync(p.meta, 'utf8'))
    : { size, inputBytes: fs.statSync(p.events).size, profileBytes: fs.statSync(p.profiles).size };
  if (!meta.quarryImport || !fs.existsSync(p.store)) {
    fs.rmSync(p.store, { recursive: true, force: true });
    must(measure([...QUARRY, 'init', '--store', p.store]), 'quarry init');
    // The input is read through once first, so that the import's time is quarry's work
    // rather than the state of a shared disk: the 5M import took 9.6 s with its input in
    // the page cache and 50 s right after a 50M run had pushed it out (2026-12-03).
    // The read's own time is reported beside it. A file larger than the page cache can
    // hold next to the store being written is still read partly from disk.
    const inputReadMs = readThrough(p.events);
    log(`quarry import events (${SIZES[size]} events; input read first in ${(inputReadMs / 1000).toFixed(1)} s)...`);
    const m = must(measure([...QUARRY, 'import', 'events', p.events, '--store', p.store, '--json']), 'quarry import events');
    const report = JSON.parse(m.stdout.trim().split('\n').pop()!);
    const pe = must(measure([...QUARRY, 'import', 'people', p.profiles, '--store', p.store, '--json']), 'quarry import people');
    meta.quarryImport = { wallMs: m.wallMs, rssKB: m.rssKB, report, storeBytes: duSync(p.store), inputReadMs };
    meta.quarryPeople = { wallMs: pe.wallMs, rssKB: pe.rssKB };
    log(`  ${(m.wallMs / 1000).toFixed(1)} s, ${Math.round(SIZES[size] / (m.wallMs / 1000)).toLocaleString('en-US')} events/s`);
    fs.writeFileSync(p.meta, JSON.stringify(meta, null, 2));
  }
  if (!meta.duckLoad || !fs.existsSync(p.duckdb)) {
    log('duckdb load...');
    const m = must(measure([...DUCK, 'load', size]), 'duckdb load');
    meta.duckLoad = { wallMs: m.wallMs, rssKB: m.rssKB, report: JSON.parse(m.stdout.trim()) };
    log(`  ${(m.wallMs / 1000).toFixed(1)} s`);
    fs.writeFileSync(p.meta, JSON.stringify(meta, null, 2));
  }
  return meta;
}

// ---------------------------------------------------------------------------------------
// Result normalization: every result becomes a sorted list of rows of scalars.

function roundNum(v: unknown): unknown {
  if (typeof v === 'number' && !Number.isInteger(v)) return Number(v.toPrecision(9));
  return v === undefined ? null : v;
}

function normalizeJql(items: unknown[]): string[] {
  return items
    .map((it) => {
      if (it !== null && typeof it === 'object' && !Array.isArray(it) && 'key' in it && 'value' in it) {
        const { key, value } = it as { key: unknown[]; value: unknown };
        return [...key, ...(Array.isArray(value) ? value : [value])].map(roundNum);
      }
      return Array.isArray(it) ? it.map(roundNum) : [roundNum(it)];
    })
    .map((r) => JSON.stringify(r))
    .sort();
}

function normalizeRows(rows: unknown[][]): string[] {
  return rows.map((r) => JSON.stringify(r.map(roundNum))).sort();
}

function diff(a: string[], b: string[]): string | null {
  if (a.length === b.length && a.every((x, i) => x === b[i])) return null;
  const onlyA = a.filter((x) => !b.includes(x)).slice(0, 5);
  const onlyB = b.filter((x) => !a.includes(x)).slice(0, 5);
  return `${a.length} vs ${b.length} rows; only quarry: ${onlyA.join(' ')}; only other: ${onlyB.join(' ')}`;
}

// ---------------------------------------------------------------------------------------

interface Series {
  wall: number[];
  rss: number[];
  self: number[]; // self-reported query time (DuckDB query, plain-V8 query part)
  selfTotal: number[];
}
const series = (): Series => ({ wall: [], rss: [], self: [], selfTotal: [] });

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

const sec = (ms: number) => (ms / 1000).toFixed(2);
const spread = (xs: number[]) => (xs.length > 1 ? ` (${sec(Math.min(...xs))}–${sec(Math.max(...xs))})` : '');
const mb = (kb: number) => (Number.isFinite(kb) ? `${Math.round(kb / 1024)}` : '?');

function lastJsonLine(s: string): Record<string, number> {
  const lines = s
    .trim()
    .split('\n')
    .filter((l) => l.startsWith('{'));
  return lines.length ? JSON.parse(lines[lines.length - 1]!) : {};
}

function cliHas(command: string): boolean {
  const r = spawnSync('node', [path.join(ROOT, 'bin/quarry.js'), '--help'], { encoding: 'utf8' });
  return new RegExp(`quarry ${command}\\b`).test(r.stdout);
}

/** CSV text -> rows of strings, header dropped (DuckDB NULLs compare as ""). */
function normalizeCsv(text: string): string[] {
  const rows = parseCsv(text, { relax_column_count: true }) as string[][];
  return rows
    .slice(1)
    .map((r) => JSON.stringify(r))
    .sort();
}

function gitState(): string {
  const head = spawnSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: ROOT, encoding: 'utf8' }).stdout.trim();
  const dirty = spawnSync('git', ['status', '--porcelain', '--', 'src'], { cwd: ROOT, encoding: 'utf8' }).stdout.trim();
  return `${head}${dirty ? ` + ${dirty.split('\n').length} uncommitted src/ changes` : ''}`;
}

const USAGE = `usage: node --expose-gc dist/bench/run.js [--size 1m|5m|20m|50m] [--runs N] [--only q1,q4] [--out file.md]
         [--buckets B] [--note text] [--reimport] [--no-snapshot] [--no-v8] [--json summary.json]
Prepares the data for the size once, checks every query's result against DuckDB's, times each
command as a whole process (interleaved rounds) and writes bench/results/<date>-<size>.md.
example: node --expose-gc dist/bench/run.js --size 5m --runs 3 --only q5 --out bench/results/q5-check.md
`;

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  if (args.includes('--help') || args.includes('-h')) {
    process.stdout.write(USAGE);
    return;
  }
  const opt = (name: string) => {
    const i = args.indexOf(`--${name}`);
    return i >= 0 ? args[i + 1] : undefined;
  };
  const size = parseSize(opt('size'));
  const runs = Number(opt('runs') ?? 5);
  const only = opt('only')?.split(',');
  const log = (s: string) => process.stderr.write(`${s}\n`);
  const p = paths(size);
  const gitAtStart = gitState();
  if (!args.includes('--no-snapshot')) QUARRY = ['node', snapshotEngine()];
  if (args.includes('--reimport') && fs.existsSync(p.meta)) {
    const m = JSON.parse(fs.readFileSync(p.meta, 'utf8')) as Meta;
    delete m.quarryImport;
    fs.writeFileSync(p.meta, JSON.stringify(m, null, 2));
  }
  const meta = await prepare(size, log);
  const buckets = Number(opt('buckets') ?? 1);
  // --buckets B: the queries read a copy of the store rebucketed to B user buckets per day.
  const store = buckets > 1 ? bucketedCopy(p.store, buckets, log) : p.store;
  const selected = QUERIES.filter((q) => !only || only.includes(q.id));

  type Cmds = { quarry: string[]; duck: string[]; v8?: string[] };
  const cmds = (q: Query): Cmds => ({
    quarry: q.cli ? [...QUARRY, ...q.cli(store)] : [...QUARRY, 'run', path.join(BENCH, 'queries', `${q.id}.js`), '--store', store, '--format', 'json'],
    duck: [...DUCK, 'query', size, path.join(BENCH, 'queries', `${q.id}.sql`)],
    v8: q.plainV8 && !args.includes('--no-v8') ? ['node', path.join(BENCH, 'plain-v8', `${q.id}.js`), p.events] : undefined,
  });

  // 1. Check results equal (this run doubles as a warm-up of the page cache).
  const checks = new Map<string, string>();
  const active: Query[] = [];
  for (const q of selected) {
    if (q.needs && !cliHas(q.needs.command)) {
      checks.set(q.id, `pending: ${q.needs.pending}`);
      continue;
    }
    if (q.setup) must(measure([...QUARRY, ...q.setup(store)]), `quarry ${q.id} setup`);
    const c = cmds(q);
    const qr = must(measure(c.quarry), `quarry ${q.id}`);
    const dr = must(measure(c.duck), `duckdb ${q.id}`);
    const qn = q.cli ? normalizeCsv(qr.stdout) : normalizeJql(JSON.parse(qr.stdout));
    const duckRows = (JSON.parse(dr.stdout) as unknown[][]).map((r) => (q.cli ? r.map((v) => (v === null ? '' : String(v))) : r));
    const problems: string[] = [];
    const d1 = diff(qn, normalizeRows(duckRows));
    if (d1) problems.push(`DuckDB differs: ${d1}`);
    if (c.v8) {
      const vr = must(measure(c.v8), `plain-v8 ${q.id}`);
      const d2 = diff(qn, normalizeJql(JSON.parse(vr.stdout)));
      if (d2) problems.push(`plain V8 differs: ${d2}`);
    }
    checks.set(q.id, problems.length ? `MISMATCH: ${problems.join('; ')}` : `equal (${qn.length} rows)`);
    log(`${q.id}: ${checks.get(q.id)}`);
    active.push(q);
  }

  // 2. Time: round-robin so that machine noise hits every command alike.
  const res = new Map<string, { quarry: Series; duck: Series; v8: Series }>();
  for (const q of active) res.set(q.id, { quarry: series(), duck: series(), v8: series() });
  for (let r = 0; r < runs; r++) {
    for (const q of active) {
      const c = cmds(q);
      const s = res.get(q.id)!;
      const qm = must(measure(c.quarry), `quarry ${q.id}`);
      s.quarry.wall.push(qm.wallMs);
      s.quarry.rss.push(qm.rssKB);
      const dm = must(measure(c.duck), `duckdb ${q.id}`);
      s.duck.wall.push(dm.wallMs);
      s.duck.rss.push(dm.rssKB);
      s.duck.self.push(lastJsonLine(dm.stderr).queryMs ?? NaN);
      if (c.v8) {
        const vm = must(measure(c.v8), `plain-v8 ${q.id}`);
        const t = lastJsonLine(vm.stderr);
        s.v8.wall.push(vm.wallMs);
        s.v8.rss.push(vm.rssKB);
        s.v8.self.push(t.queryMs ?? NaN);
        s.v8.selfTotal.push(t.totalMs ?? NaN);
      }
      log(`run ${r + 1}/${runs} ${q.id}: quarry ${sec(qm.wallMs)} s, duckdb ${sec(dm.wallMs)} s${c.v8 ? `, v8 ${sec(s.v8.wall.at(-1)!)} s` : ''}`);
    }
  }

  // 3. Report.
  const date = new Date().toISOString().slice(0, 10);
  const out = opt('out') ?? path.join(BENCH, 'results', size === '5m' ? `${date}.md` : `${date}-${size}.md`);
  const L: string[] = [];
  const qi = meta.quarryImport!;
  const dl = meta.duckLoad!;
  const rows = qi.report as { imported: number };
  L.push(`# quarry benchmark, ${size} events (${date})`, '');
  L.push(
    `Machine: ${os.cpus().length} × ${os.cpus()[0]?.model ?? '?'}, ${Math.round(os.totalmem() / 2 ** 30)} GB, Node ${process.version}, ${os.platform()} ${os.release()}.`,
  );
  if (buckets > 1) L.push(`Store: ${buckets} user buckets per day (a copy of the prepared store, \`quarry rebucket --buckets ${buckets}\`).`);
  L.push(
    `Runs: ${runs} per command, interleaved; whole-process wall time (spawn to exit), median (min–max) in seconds. Peak RSS from \`/usr/bin/time\`, max over runs, MB.`,
  );
  L.push(
    `DuckDB: @duckdb/node-api, a persistent database file built once (load not counted), opened read-only per query; it uses all cores; quarry splits aggregations over worker threads only when they run sandboxed callbacks ("threads" in --stats).`,
  );
  const gitAtEnd = gitState();
  L.push(
    args.includes('--no-snapshot')
      ? `Engine: git ${gitAtStart}${gitAtEnd !== gitAtStart ? ` at the start, ${gitAtEnd} at the end (**the engine changed during the run**; other engineers work in the same tree)` : ''}.`
      : `Engine: a copy of dist/ taken at the start of the run (git ${gitAtStart}; dist/ is whatever the last build in the shared tree produced), used for the import too when it ran.`,
  );
  L.push(
    `Plain V8: the query's own callbacks over plain objects parsed from the JSONL in the same process; "query" is the time inside the callbacks (and grouping), "total" the whole process including parsing.`,
  );
  L.push('');
  L.push('| query | quarry | DuckDB | plain V8 query / total | quarry / DuckDB | quarry / V8 query | peak RSS quarry / DuckDB | target | result check |');
  L.push('|---|---|---|---|---|---|---|---|---|');
  for (const q of selected) {
    const s = res.get(q.id);
    if (!s) {
      L.push(`| ${q.id} ${q.title} | skipped | | | | | | ${q.target} | ${checks.get(q.id)} |`);
      continue;
    }
    const qm = median(s.quarry.wall);
    const dm = median(s.duck.wall);
    const v8 = s.v8.wall.length ? `${sec(median(s.v8.self))} / ${sec(median(s.v8.selfTotal))}` : '';
    const v8r = s.v8.wall.length ? `${(qm / median(s.v8.self)).toFixed(1)}x` : '';
    L.push(
      `| ${q.id} ${q.title} | ${sec(qm)}${spread(s.quarry.wall)} | ${sec(dm)}${spread(s.duck.wall)} (in-db ${sec(median(s.duck.self))}) | ${v8} | ${(qm / dm).toFixed(2)}x | ${v8r} | ${mb(Math.max(...s.quarry.rss))} / ${mb(Math.max(...s.duck.rss))} | ${q.target} | ${checks.get(q.id)} |`,
    );
  }
  L.push('');
  const rate = (n: number, ms: number) => Math.round(n / (ms / 1000)).toLocaleString('en-US');
  L.push('## Import', '');
  L.push('| | wall (s) | events/s | peak RSS (MB) | on disk (MB) | vs input JSONL |');
  L.push('|---|---|---|---|---|---|');
  const readMs = qi.inputReadMs;
  L.push(
    `| input JSONL (${SIZES[size].toLocaleString('en-US')} events)${readMs === undefined ? '' : `, read through once before the import (page cache)`} | ${readMs === undefined ? '' : sec(readMs)} | | | ${(meta.inputBytes / 1e6).toFixed(0)} | 1.00 |`,
  );
  L.push(
    `| quarry import events | ${sec(qi.wallMs)} | ${rate(SIZES[size], qi.wallMs)} | ${mb(qi.rssKB)} | ${(qi.storeBytes / 1e6).toFixed(0)} (store, with profiles) | ${(qi.storeBytes / meta.inputBytes).toFixed(2)} |`,
  );
  L.push(`| DuckDB read_json only (in-process) | ${sec(dl.report.readJsonMs!)} | ${rate(SIZES[size], dl.report.readJsonMs!)} | | | |`);
  L.push(
    `| DuckDB load (read_json + dedup + sort + profiles, whole process) | ${sec(dl.wallMs)} | ${rate(SIZES[size], dl.wallMs)} | ${mb(dl.rssKB)} | ${(dl.report.dbBytes! / 1e6).toFixed(0)} (duck.db) | ${(dl.report.dbBytes! / meta.inputBytes).toFixed(2)} |`,
  );
  L.push(`| quarry import people (${(meta.profileBytes / 1e6).toFixed(0)} MB) | ${sec(meta.quarryPeople!.wallMs)} | | ${mb(meta.quarryPeople!.rssKB)} | | |`);
  L.push('', `quarry kept ${rows.imported.toLocaleString('en-US')} events after dedup; DuckDB ${Number(dl.report.events).toLocaleString('en-US')}.`);
  L.push(
    '',
    `Import figures are from the one import when the data was prepared (${new Date(fs.statSync(p.meta).mtime).toISOString().slice(0, 16)}Z), not repeated per run.`,
  );
  const notes = opt('note');
  if (notes) L.push('', notes);
  fs.mkdirSync(path.dirname(out), { recursive: true });
  fs.writeFileSync(out, `${L.join('\n')}\n`);
  const jsonOut = opt('json');
  if (jsonOut) {
    // Machine-readable medians for scale.ts (the scaling table and plot).
    const summary: RunSummary = {
      size,
      events: SIZES[size],
      date,
      runs,
      load: os.loadavg(),
      queries: Object.fromEntries(
        active.map((q) => {
          const s = res.get(q.id)!;
          return [
            q.id,
            {
              title: q.title,
              check: checks.get(q.id) ?? '',
              quarry: { wallMs: median(s.quarry.wall), rssKB: Math.max(...s.quarry.rss) },
              duck: { wallMs: median(s.duck.wall), rssKB: Math.max(...s.duck.rss) },
            },
          ];
        }),
      ),
      import: { quarry: { wallMs: qi.wallMs, rssKB: qi.rssKB }, duck: { wallMs: dl.wallMs, rssKB: dl.rssKB } },
    };
    fs.writeFileSync(jsonOut, JSON.stringify(summary, null, 2));
  }
  process.stdout.write(`${L.join('\n')}\n\nwritten to ${path.relative(ROOT, out)}\n`);
  fs.rmSync(RSS_FILE, { force: true });
}

if (import.meta.url === `file://${process.argv[1]}`) await main();
