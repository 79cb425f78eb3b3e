import fs from 'node:fs';
import { EXIT, UsageError, UserError } from '../../errors.js';
import { defineCommand, storeOption } from '../define-command.js';
import { ConsoleLines } from '../console-lines.js';
import { diffJson } from '../diff-json.js';
import { DEFAULT_MEMORY_MB } from '../run-defaults.js';
import { schedulerAddress } from '../cluster/scheduler-address.js';
import { scriptName } from '../script-name.js';
import { type OutputArgs, outputOptions, resolveOutput } from '../output-options.js';

// Kept here (not imported) so that loading the CLI does not load the engine.
const DEFAULT_TIMEOUT_S = 120;

interface RunArgs extends OutputArgs {
  file: string;
  store?: string;
  params?: string;
  paramsFile?: string;
  timeout: number;
  memory: number;
  maxOutput: number;
  expect?: string;
  stats?: boolean;
  seed?: number;
  now?: string;
  threads?: number;
  translate: boolean;
  explain?: boolean;
  warn?: boolean;
  cluster?: string;
  shards?: string;
  keySlices?: string;
}

export function readParams(a: { params?: string; paramsFile?: string }): unknown {
  const text = a.paramsFile !== undefined ? readText(a.paramsFile, 'params file') : a.params;
  if (text === undefined) return {};
  try {
    return JSON.parse(text);
  } catch (e) {
    throw new UsageError(`--params must be JSON (${(e as Error).message})`);
  }
}

/** A file's text; "-": standard input. */
export function readText(file: string, what: string): string {
  try {
    return fs.readFileSync(file === '-' ? 0 : file, 'utf8');
  } catch (e) {
    throw new UserError(`cannot read ${what} ${file}: ${(e as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (e as Error).message}`);
  }
}

export function parseNow(now: string | undefined): number | undefined {
  if (now === undefined) return undefined;
  const t = /^\d+$/.test(now) ? Number(now) : Date.parse(now);
  if (!Number.isFinite(t)) throw new UsageError(`--now must be an ISO time or epoch ms, got ${JSON.stringify(now)}`);
  return t;
}

export const runCommand = defineCommand<RunArgs>({
  command: 'run <file>',
  describe: 'Run a JQL script (a .js file with main()) and print its result',
  examples: [
    ['quarry run examples/events-by-name.js', 'events per name on the demo store (a table on a terminal, JSON into a pipe)'],
    ['quarry run q.js --params \'{"from":"2024-03-01"}\' --format csv --out q.csv', 'params for the script, CSV to a file'],
    ['quarry run q.js --expect q.expected.json', 'CI: exit 4 with a diff when the result changed'],
    ['cat q.js | quarry run -', 'the script from standard input'],
    ['quarry run q.js --store s3://bucket/events --cluster tcp://10.0.0.5:8786', 'on a Dask cluster (docs/cluster.md); or set QUARRY_CLUSTER'],
  ],
  builder: (y) =>
    outputOptions(storeOption(y), { out: true })
      .positional('file', { type: 'string', describe: 'Script file, or - for standard input' })
      .option('params', { type: 'string', requiresArg: true, describe: 'JSON object the script sees as `params`' })
      .option('params-file', { type: 'string', requiresArg: true, describe: 'Read params from a JSON file (- for standard input)' })
      .option('warn', {
        type: 'boolean',
        describe: 'Print hints on stderr: event names and properties the store does not have, text compared with numbers (results unchanged)',
      })
      .option('timeout', { type: 'number', default: DEFAULT_TIMEOUT_S, describe: 'Seconds before the query is stopped' })
      .option('memory', { type: 'number', default: DEFAULT_MEMORY_MB, describe: 'Sandbox heap limit, MB' })
      .option('max-output', { type: 'number', default: 2048, describe: 'Largest result, MB' })
      .option('expect', { type: 'string', describe: 'Compare the result with this JSON file; exit 4 when it differs' })
      .option('stats', { type: 'boolean', describe: 'Print rows scanned, partitions pruned, sandbox calls, bytes marshalled and time per stage to stderr' })
      .option('seed', { type: 'number', describe: 'Seed for Math.random() (reproducible runs)' })
      .option('now', { type: 'string', describe: 'Fix Date.now() and NOW (ISO time or epoch ms)' })
      .option('threads', { type: 'number', describe: 'Worker threads for large aggregations (default: the number of cores; 1: none)' })
      .option('explain', { type: 'boolean', describe: 'Print the plan and where each function runs (natively or in the sandbox), without running it' })
      .option('translate', { type: 'boolean', default: true, describe: 'Run simple callbacks natively (--no-translate: every callback in the sandbox)' })
      .option('cluster', {
        type: 'string',
        requiresArg: true,
        describe: 'Run the shard tasks on this Dask scheduler, e.g. tcp://HOST:8786 (default: $QUARRY_CLUSTER; "local": here). See docs/cluster.md',
      })
      .option('shards', { type: 'string', requiresArg: true, describe: 'With --cluster: shard tasks to plan, a number or auto (default auto)' })
      .option('key-slices', {
        type: 'string',
        requiresArg: true,
        describe: 'With --cluster: merge a groupBy with many keys in this many key-hash slices side by side, or auto (default auto; docs/shard-protocol.md)',
      })
      .conflicts('params', 'params-file') as never,
  handler: async (a) => {
    // On a cluster: plan, run the tasks through Dask, finish (cluster/run-on-cluster.ts).
    const scheduler = schedulerAddress(a.cluster ?? process.env.QUARRY_CLUSTER);
    if (scheduler !== null) {
      const { runOnCluster } = await import('../cluster/run-on-cluster.js');
      if (a.explain || a.expect !== undefined || a.threads !== undefined || a.warn)
        throw new UsageError('--explain, --expect, --threads and --warn are for local runs; drop them or --cluster (QUARRY_CLUSTER)');
      return runOnCluster({ ...a, file: a.file || '-', paramsFile: a.paramsFile === '' ? '-' : a.paramsFile, scheduler });
    }
    if (a.shards !== undefined) throw new UsageError('--shards is for --cluster runs (locally, use --threads)');
    if (a.keySlices !== undefined) throw new UsageError('--key-slices is for --cluster runs');
    // Start the sandbox worker first: it boots while the engine modules load.
    const { prewarmSandbox, setOneRunTiering } = await import('../../sandbox/index.js');
    // This process runs one query: its sandbox need not optimize QuickJS for many.
    setOneRunTiering();
    // With the run's seed and fixed time, the worker also installs the stdlib ahead of the script.
    let nowMs: number | undefined;
    try {
      nowMs = parseNow(a.now);
    } catch {
      nowMs = undefined; // reported below, where --now is read for the run
    }
    prewarmSandbox(a.memory * 1024 * 1024, 1, { seed: a.seed, nowMs });
    const [{ runQuery }, { writeOutput }, { resolveStore }] = await Promise.all([
      import('../../exec/index.js'),
      import('../../output/index.js'),
      import('../resolve-store.js'),
    ]);
    // yargs hands a lone "-" over as an empty string.
    if (a.file === '' || a.file === undefined) a.file = '-';
    if (a.paramsFile === '') a.paramsFile = '-';
    if (a.file === '-' && a.paramsFile === '-') throw new UsageError('standard input can hold the script or the params, not both');
    const output = a.explain || a.expect !== undefined ? null : resolveOutput(a);
    const source = readText(a.file, 'script');
    const params = readParams(a);
    const { store } = await resolveStore(a.store);
    const filename = scriptName(a.file);
    const consoleLines = new ConsoleLines(process.stderr);
    const q = await runQuery({
      store,
      source,
      filename,
      params,
      timeoutMs: a.timeout * 1000,
      memoryBytes: a.memory * 1024 * 1024,
      seed: a.seed,
      nowMs: parseNow(a.now),
      threads: a.threads,
      translate: a.translate,
      onConsole: (line) => consoleLines.write(`[${filename}] ${line}\n`),
    });
    try {
      if (a.explain) {
        const { explainPhysical } = await import('../../plan/index.js');
        process.stdout.write(`${explainPhysical(q.physical)}\n`);
        return;
      }
      if (a.expect !== undefined) {
        const actual: unknown[] = [];
        for await (const item of q.items) actual.push(item);
        const expected = JSON.parse(readText(a.expect, 'expected result'));
        const diff = diffJson(expected, JSON.parse(JSON.stringify(actual)));
        if (diff !== null) {
          process.stderr.write(`result differs from ${a.expect}:\n${diff}\n`);
          process.exitCode = EXIT.MISMATCH;
        } else process.stderr.write(`result matches ${a.expect}\n`);
      } else {
        if (a.warn) {
          const { scriptHints } = await import('../script-hints.js');
          for (const h of scriptHints(store, q.plan)) process.stderr.write(`hint: ${h}\n`);
        }
        const { format, target, writeOptions } = output!;
        const { startQueryProgress } = await import('../query-progress.js');
        const progress = startQueryProgress(q.stats, store.days().length);
        // Streamed formats: the progress line goes away when the first item is written.
        async function* stopAtFirst(items: AsyncIterable<unknown>) {
          for await (const item of items) {
            progress.stop();
            yield item;
          }
        }
        // --out goes to a temporary file renamed into place by close(): a failed run
        // (a limit, a script error) leaves no half-written file.
        try {
          await writeOutput(format, format === 'table' ? q.items : stopAtFirst(q.items), target.stream, {
            ...writeOptions,
            maxOutputMB: a.maxOutput,
            onWarning: (w) => process.stderr.write(`warning: ${w}\n`),
          });
        } catch (e) {
          await target.abort();
          throw e;
        } finally {
          progress.stop();
        }
        await target.close();
      }
    } finally {
      await q.close();
      await consoleLines.end();
      if (a.stats) process.stderr.write(`${JSON.stringify({ stats: q.stats })}\n`);
    }
  },
});
