import { EXIT, UsageError, UserError } from '../../errors.js';
import { ConsoleLines } from '../console-lines.js';
import { defineCommand } from '../define-command.js';
import { checkOutFolder } from '../out-file.js';
import { readPlanFile, writeOutAtomically } from '../shard-files.js';

interface ExecShardArgs {
  plan: string;
  task: number;
  out: string;
  slices: number;
  stats?: boolean;
}

/** Where slice k goes: `--out` with {k} replaced. */
const SLICE_MARK = '{k}';

export const execShardCommand = defineCommand<ExecShardArgs>({
  command: 'exec-shard <plan>',
  describe: 'Run one task of a plan (quarry plan) and write its partial state. Exit 0 ok, 1 script error (do not retry), 3 a limit, 70 or a signal: retry',
  examples: [
    ['quarry exec-shard plan.json --task 3 --out parts/3.part', 'task 3; running it again (a retry, a late duplicate) writes the same file'],
    ['quarry exec-shard plan.json --task 3 --slices 4 --out parts/3.s{k}.part', "task 3's state split by key hash into 4 files, one per slice"],
  ],
  builder: (y) =>
    y
      .positional('plan', { type: 'string', describe: 'The plan file quarry plan wrote' })
      .option('task', { type: 'number', demandOption: true, describe: 'Task id (0 to the number of tasks - 1)' })
      .option('out', {
        type: 'string',
        demandOption: true,
        describe: `Partial-state file to write (written whole, then renamed into place); with --slices, ${SLICE_MARK} in it stands for the slice number`,
      })
      .option('slices', {
        type: 'number',
        default: 1,
        describe: 'Split the state by key hash into this many slice files (quarry merge --slice k/n merges one)',
      })
      .option('stats', { type: 'boolean', describe: "Print the task's rows scanned and partitions read to stderr" }) as never,
  handler: async (a) => {
    if (!Number.isInteger(a.task) || a.task < 0) throw new UsageError(`--task must be a task id (a whole number from 0), got ${a.task}`);
    if (!Number.isInteger(a.slices) || a.slices < 1) throw new UsageError(`--slices must be a whole number of at least 1, got ${a.slices}`);
    if (a.slices > 1 && !a.out.includes(SLICE_MARK))
      throw new UsageError(`--slices ${a.slices} writes one file per slice: put ${SLICE_MARK} in --out (e.g. --out parts/${a.task}.s${SLICE_MARK}.part)`);
    checkOutFolder(a.out, '--out');
    // Only the head and this task's day partitions are read (and checked) from the plan.
    const plan = await readPlanFile(a.plan, { task: a.task });
    // A task that calls the script's functions starts its sandbox worker now, so that
    // the worker's start-up and wasm load overlap the engine's module loading (as quarry
    // run does, run.ts), with the seed and clock the task will use.
    if (plan.physical.sandbox) {
      const { prewarmSandbox } = await import('../../sandbox/index.js');
      prewarmSandbox(plan.script.memoryBytes, 1, { seed: plan.script.seed, nowMs: plan.script.nowMs });
    }
    const { execShard, encodePart, isRetryable, splitPart, checkSlice } = await import('../../exec/distributed/index.js');
    if (a.slices > 1) checkSlice(plan, [0, a.slices]); // before the task runs, not after
    const { isS3Uri } = await import('../../store/remote/index.js');
    // A store on S3 opens as quarry run opens it (a local mirror of the pinned snapshot).
    const store = isS3Uri(plan.store.uri)
      ? await (await import('../resolve-store.js')).openStoreSnapshot(plan.store.uri, structuredClone(plan.store.manifest))
      : undefined;
    const filename = plan.script.filename;
    // The script's console lines travel in the part (quarry finish prints them, in task
    // order); they are printed here only when the task fails, with its message.
    const lines: string[] = [];
    const consoleLines = new ConsoleLines(process.stderr);
    try {
      const part = await execShard(plan, a.task, { store, onConsole: (line) => lines.push(`[${filename}] ${line}\n`) });
      if (a.slices === 1) await writeOutAtomically(a.out, encodePart(part));
      else {
        const slices = splitPart(plan, part, a.slices);
        for (const [k, p] of slices.entries()) await writeOutAtomically(a.out.replaceAll(SLICE_MARK, String(k)), encodePart(p));
      }
      if (a.stats) process.stderr.write(`${JSON.stringify({ task: a.task, stats: part.stats })}\n`);
    } catch (e) {
      for (const l of lines) consoleLines.write(l);
      // Script errors and limits give the same answer on any machine: not retryable.
      // A store that could not be read (a file system or network hiccup) is.
      // Everything else keeps its own exit code: script errors 1, limits 3, bugs 70.
      if (isRetryable(e)) throw new UserError(`task ${a.task} could not read the store (retryable): ${(e as Error).message}`, { exitCode: EXIT.INTERNAL });
      throw e;
    } finally {
      await consoleLines.end();
    }
  },
});
