import { UsageError } from '../../errors.js';
import { ConsoleLines } from '../console-lines.js';
import { defineCommand, storeOption } from '../define-command.js';
import { checkOutFolder } from '../out-file.js';
import { writeOutAtomically } from '../shard-files.js';
import { scriptName } from '../script-name.js';
import { parseNow, readParams, readText } from './run.js';

interface PlanArgs {
  file: string;
  store?: string;
  params?: string;
  paramsFile?: string;
  shards: string;
  keySlices: string;
  seed?: number;
  now?: string;
  timeout: number;
  memory: number;
  translate: boolean;
  pin: boolean;
  pinHours: number;
  out?: string;
}

export const planCommand = defineCommand<PlanArgs>({
  command: 'plan <file>',
  describe: 'Plan a distributed run of a JQL script: pin the store snapshot, fix params, seed and clock, list the shard tasks (docs/shard-protocol.md)',
  examples: [
    [
      'quarry plan q.js --store /data/store --shards 64 --out plan.json',
      '64 tasks; then quarry exec-shard plan.json --task ID for each, quarry merge, quarry finish',
    ],
    [
      'quarry plan q.js --params \'{"from":"2024-03-01"}\' --shards auto --now 2024-04-01 --out plan.json',
      'about one task per 50M events (5M with sandboxed functions)',
    ],
  ],
  builder: (y) =>
    storeOption(y)
      .positional('file', { type: 'string', describe: 'Script file (- reads standard input)' })
      .option('shards', {
        type: 'string',
        demandOption: true,
        describe: 'Number of tasks, or auto (fewer when the data has fewer days than tasks; 1 when nothing can be split)',
      })
      .option('key-slices', {
        type: 'string',
        default: 'auto',
        describe:
          'Split the partial states by key hash into this many slices, merged in parallel (a groupBy with many keys), or auto (docs/shard-protocol.md); 1: no split',
      })
      .option('params', { type: 'string', requiresArg: true, describe: 'JSON object the script sees as `params`' })
      .option('params-file', { type: 'string', requiresArg: true, describe: 'Read params from a JSON file' })
      .option('seed', { type: 'number', describe: 'Seed for Math.random() (default: chosen at random and written in the plan)' })
      .option('now', { type: 'string', describe: 'Fix Date.now() and NOW (ISO time or epoch ms; default: the time of planning)' })
      .option('timeout', { type: 'number', default: 120, describe: 'Seconds each task may run before it is stopped' })
      .option('memory', { type: 'number', default: 256, describe: 'Sandbox heap limit per task, MB' })
      .option('translate', { type: 'boolean', default: true, describe: 'Run simple callbacks natively (--no-translate: every callback in the sandbox)' })
      .option('pin', {
        type: 'boolean',
        default: true,
        describe: 'Pin the store snapshot so garbage collection keeps its files until quarry finish (--no-pin: do not)',
      })
      .option('pin-hours', { type: 'number', default: 24, describe: 'A pin that quarry finish never released ends after this many hours' })
      .option('out', { type: 'string', describe: 'Write the plan to this file (default: standard output)' })
      .conflicts('params', 'params-file') as never,
  handler: async (a) => {
    const shards = a.shards === 'auto' ? 'auto' : Number(a.shards);
    if (shards !== 'auto' && !(Number.isInteger(shards) && shards >= 1))
      throw new UsageError(`--shards must be auto or a whole number of at least 1, got ${JSON.stringify(a.shards)}`);
    const keySlices = a.keySlices === 'auto' ? 'auto' : Number(a.keySlices);
    if (keySlices !== 'auto' && !(Number.isInteger(keySlices) && keySlices >= 1))
      throw new UsageError(`--key-slices must be auto or a whole number of at least 1, got ${JSON.stringify(a.keySlices)}`);
    if (!(a.pinHours > 0)) throw new UsageError(`--pin-hours must be more than 0, got ${a.pinHours}`);
    if (a.out !== undefined && a.out !== '-') checkOutFolder(a.out, '--out');
    // yargs hands a lone "-" over as an empty string; "-": the script from standard input.
    const file = a.file || '-';
    if (file === '-' && a.paramsFile === '-') throw new UsageError('standard input can hold the script or the params, not both');
    const source = readText(file, 'script');
    const params = readParams(a);
    const nowMs = parseNow(a.now);
    const [{ makeShardPlan, encodeShardPlan }, { resolveStore }] = await Promise.all([
      import('../../exec/distributed/index.js'),
      import('../resolve-store.js'),
    ]);
    const { store } = await resolveStore(a.store);
    const filename = scriptName(file); // named as quarry run names it
    const consoleLines = new ConsoleLines(process.stderr);
    try {
      const plan = await makeShardPlan({
        store,
        storeUri: a.store ?? store.dir,
        source,
        filename,
        params,
        seed: a.seed,
        nowMs,
        timeoutMs: a.timeout * 1000,
        memoryBytes: a.memory * 1024 * 1024,
        translate: a.translate,
        shards,
        keySlices,
        pin: a.pin,
        pinHours: a.pinHours,
        onConsole: (line) => consoleLines.write(`[${filename}] ${line}\n`),
      });
      await writeOutAtomically(a.out, encodeShardPlan(plan));
      const what =
        plan.stage === null
          ? 'nothing to split: 1 task runs the whole query'
          : `${plan.tasks.length} tasks (split by ${plan.stage.mode})${(plan.keySlices ?? 1) > 1 ? `, merged in ${plan.keySlices} key slices` : ''}`;
      process.stderr.write(
        `quarry plan: ${what}; store generation ${plan.store.generation}${plan.store.pin ? ` pinned until ${plan.store.pin.expiresAt}` : ''}\n`,
      );
    } finally {
      await consoleLines.end();
    }
  },
});
