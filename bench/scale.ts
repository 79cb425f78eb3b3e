/**
 * How cost grows with size: runs the benchmark (run.ts) at each size, then writes a
 * table and a log-log SVG plot of time and peak RSS against events for q1-q7 and the
 * import, quarry and DuckDB side by side.
 *
 *   node --expose-gc dist/bench/scale.js --sizes 1m,5m [--runs 3] [--tag late] [--note text] [--plot-only]
 *
 * Each size's medians are kept in bench/data/<size>/summary.json; `--plot-only` redraws
 * from those without running anything. Output: bench/results/<date>[-<tag>]-scaling.md and
 * .svg, and per size <date>[-<tag>]-<size>.md (a tag keeps a second run of the day from
 * overwriting the first's files).
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { logLogSvg, type PlotSeries } from './plot-svg.js';
import type { RunSummary } from './run.js';
import { BENCH, ROOT, dataDir, parseSize, type Size } from './sizes.js';

const COLORS = ['#1f77b4', '#ff7f0e', '#2ca02c', '#d62728', '#9467bd', '#8c564b', '#e377c2', '#17becf'];

function summaryFile(size: Size): string {
  return path.join(dataDir(size), 'summary.json');
}

/** Growth exponent between consecutive sizes: log(t2/t1) / log(n2/n1); 1 is linear. */
function exponent(a: [number, number], b: [number, number]): string {
  return (Math.log(b[1] / a[1]) / Math.log(b[0] / a[0])).toFixed(2);
}

const USAGE = `usage: node --expose-gc dist/bench/scale.js [--sizes 1m,5m,20m,50m] [--runs N] [--tag name] [--note text] [--plot-only]
Runs the benchmark at each size (a fresh import each time), then writes a table and a
log-log plot of time and peak RSS against events: bench/results/<date>[-<tag>]-scaling.{md,svg}.
example: node --expose-gc dist/bench/scale.js --sizes 1m,5m,20m --runs 3 --tag late
`;

function main(): void {
  const args = process.argv.slice(2);
  if (args.includes('--help') || args.includes('-h')) {
    process.stdout.write(USAGE);
    return;
  }
  const opt = (name: string) => {
    const i = args.indexOf(`--${name}`);
    return i >= 0 ? args[i + 1] : undefined;
  };
  const sizes = (opt('sizes') ?? '1m,5m').split(',').map(parseSize);
  const runs = opt('runs') ?? '3';
  const note = opt('note');
  const date = new Date().toISOString().slice(0, 10);
  const stem = opt('tag') ? `${date}-${opt('tag')}` : date;
  if (!args.includes('--plot-only')) {
    for (const size of sizes) {
      process.stderr.write(
        `== ${size} (load ${os
          .loadavg()
          .map((l) => l.toFixed(1))
          .join(' ')})\n`,
      );
      // The import is measured again each time (--reimport): it is one of the plotted rows.
      const r = spawnSync(
        'node',
        [
          '--expose-gc',
          path.join(ROOT, 'dist/bench/run.js'),
          '--size',
          size,
          '--runs',
          runs,
          '--no-v8',
          '--reimport',
          '--json',
          summaryFile(size),
          '--out',
          path.join(BENCH, 'results', `${stem}-${size}.md`),
          ...(note ? ['--note', note] : []),
        ],
        { cwd: ROOT, stdio: ['ignore', 'ignore', 'inherit'] },
      );
      if (r.status !== 0) throw new Error(`the ${size} run failed (exit ${r.status})`);
    }
  }
  const runsBySize = sizes.filter((s) => fs.existsSync(summaryFile(s))).map((s) => JSON.parse(fs.readFileSync(summaryFile(s), 'utf8')) as RunSummary);
  if (runsBySize.length === 0) throw new Error('no summary to plot: run without --plot-only first');
  const ids = [...new Set(runsBySize.flatMap((r) => Object.keys(r.queries)))].sort();
  const rows: Array<{ id: string; title: string; quarry: Array<[number, number, number]>; duck: Array<[number, number, number]> }> = ids.map((id) => {
    const title = runsBySize.find((r) => r.queries[id])!.queries[id]!.title;
    const pick = (e: 'quarry' | 'duck') =>
      runsBySize.filter((r) => r.queries[id]).map((r) => [r.events, r.queries[id]![e].wallMs, r.queries[id]![e].rssKB] as [number, number, number]);
    return { id, title, quarry: pick('quarry'), duck: pick('duck') };
  });
  rows.push({
    id: 'import',
    title: 'quarry import events / DuckDB load (read_json, dedup, sort, profiles)',
    quarry: runsBySize.map((r) => [r.events, r.import.quarry.wallMs, r.import.quarry.rssKB]),
    duck: runsBySize.map((r) => [r.events, r.import.duck.wallMs, r.import.duck.rssKB]),
  });

  const label = (n: number) => (n >= 1e6 ? `${n / 1e6}M` : `${n / 1e3}k`);
  const L: string[] = [`# quarry scaling, ${runsBySize.map((r) => label(r.events)).join(', ')} events (${date})`, ''];
  L.push(
    `Whole-process wall time (median of ${runsBySize.map((r) => r.runs).join('/')} interleaved runs per size; the import once) and peak RSS (max over runs), quarry and DuckDB, from \`bench/scale.ts\`. Per-size details: \`bench/results/${stem}-<size>.md\`.`,
  );
  L.push(
    `Machine: ${os.cpus().length} × ${os.cpus()[0]?.model ?? '?'}, shared. Load average at the end of each size's run: ${runsBySize.map((r) => `${r.size} ${r.load.map((l) => l.toFixed(1)).join(' / ')}`).join('; ')}.`,
  );
  L.push('"growth" is the exponent k in time ∝ events^k between consecutive sizes (1.00 = linear; below 1, fixed costs still weigh).', '');
  L.push(
    `| query | ${runsBySize.map((r) => `quarry s / MB at ${label(r.events)}`).join(' | ')} | ${runsBySize.map((r) => `DuckDB s / MB at ${label(r.events)}`).join(' | ')} | quarry growth | DuckDB growth |`,
  );
  L.push(`|---|${runsBySize.map(() => '---|').join('')}${runsBySize.map(() => '---|').join('')}---|---|`);
  const cell = (p: [number, number, number] | undefined) => (p ? `${(p[1] / 1000).toFixed(2)} / ${Math.round(p[2] / 1024)}` : '-');
  const growth = (ps: Array<[number, number, number]>) =>
    ps.length < 2
      ? '-'
      : ps
          .slice(1)
          .map((p, i) => exponent([ps[i]![0], ps[i]![1]], [p[0], p[1]]))
          .join(', ');
  for (const r of rows) {
    const at = (ps: Array<[number, number, number]>, n: number) => ps.find((p) => p[0] === n);
    L.push(
      `| ${r.id} ${r.title} | ${runsBySize.map((x) => cell(at(r.quarry, x.events))).join(' | ')} | ${runsBySize.map((x) => cell(at(r.duck, x.events))).join(' | ')} | ${growth(r.quarry)} | ${growth(r.duck)} |`,
    );
  }
  const checks = runsBySize.flatMap((r) =>
    Object.entries(r.queries)
      .filter(([, q]) => !q.check.startsWith('equal'))
      .map(([id, q]) => `${r.size} ${id}: ${q.check}`),
  );
  L.push('', checks.length ? `Result checks that did not pass: ${checks.join('; ')}.` : 'Every query gave the same rows in quarry and DuckDB at every size.');
  if (note) L.push('', note);
  const svgName = `${stem}-scaling.svg`;
  L.push('', `![time and peak RSS against events, log-log](${svgName})`);

  const series = (metric: 1 | 2): PlotSeries[] =>
    rows.flatMap((r, i) => [
      {
        label: `${r.id} quarry`,
        color: COLORS[i % COLORS.length]!,
        dashed: false,
        points: r.quarry.map((p) => [p[0], metric === 1 ? p[1] / 1000 : p[2] / 1024] as [number, number]),
      },
      {
        label: `${r.id} DuckDB`,
        color: COLORS[i % COLORS.length]!,
        dashed: true,
        points: r.duck.map((p) => [p[0], metric === 1 ? p[1] / 1000 : p[2] / 1024] as [number, number]),
      },
    ]);
  const svg = logLogSvg(
    [
      { title: 'whole-process time', yLabel: 'seconds (log)', series: series(1), yTick: (v) => (v >= 1 ? `${v}` : v.toPrecision(1)) },
      { title: 'peak RSS', yLabel: 'MB (log)', series: series(2), yTick: (v) => `${v}` },
    ],
    label,
    `quarry solid, DuckDB dashed; ${date}, ${os.cpus().length}-core shared machine (bench/scale.ts)`,
  );
  const dir = path.join(BENCH, 'results');
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, svgName), svg);
  fs.writeFileSync(path.join(dir, `${stem}-scaling.md`), `${L.join('\n')}\n`);
  process.stdout.write(`${L.join('\n')}\n\nwritten to bench/results/${stem}-scaling.md and ${svgName}\n`);
}

main();
