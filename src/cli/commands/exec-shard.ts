import { EXIT, UsageError, UserError } from '../../errors.js';
import { ConsoleLines } from '../console-lines.js';
import { defineCommand } from '../define-command.js';
import { checkOutFolder } from '../out-file.js';
import { readPlanFile, writeOutAtomically } from '../shard-files.js';

interface ExecShardArgs {
  plan: string;
  task: number;
  out: string;
  stats?: boolean;
}

export const execShardCommand = defineCommand<ExecShardArgs>({
  command: 'exec-shard <plan>',
  describe: 'Run one task of a plan (quarry plan) and write its partial state. Exit 0 ok, 1 script error (do not retry), 3 a limit, 70 or a signal: retry',
  examples: [['quarry exec-shard plan.json --task 3 --out parts/3.part', 'task 3; running it again (a retry, a late duplicate) writes the same file']],
  builder: (y) =>
    y
      .positional('plan', { type: 'string', describe: 'The plan file quarry plan wrote' })
      .option('task', { type: 'number', demandOption: true, describe: 'Task id (0 to the number of tasks - 1)' })
      .option('out', { type: 'string', demandOption: true, describe: 'Partial-state file to write (written whole, then renamed into place)' })
      .option('stats', { type: 'boolean', describe: "Print the task's rows scanned and partitions read to stderr" }) as never,
  handler: async (a) => {
    if (!Number.isInteger(a.task) || a.task < 0) throw new UsageError(`--task must be a task id (a whole number from 0), got ${a.task}`);
    checkOutFolder(a.out, '--out');
    const plan = await readPlanFile(a.plan);
    // A task that calls the script's functions starts its sandbox worker now, so that
    // the worker's start-up and wasm load overlap the engine's module loading (as quarry
    // run does, run.ts), with the seed and clock the task will use.
    if (plan.physical.sandbox) {
      const { prewarmSandbox } = await import('../../sandbox/index.js');
      prewarmSandbox(plan.script.memoryBytes, 1, { seed: plan.script.seed, nowMs: plan.script.nowMs });
    }
    const { execShard, encodePart, isRetryable } = await import('../../exec/distributed/index.js');
    const { isS3Uri } = await import('../../store/remote/index.js');
    // A store on S3 opens as quarry run opens it (a local mirror of the pinned snapshot).
    const store = isS3Uri(plan.store.uri)
      ? await (await import('../resolve-store.js')).openStoreSnapshot(plan.store.uri, structuredClone(plan.store.manifest))
      : undefined;
    const filename = plan.script.filename;
    const consoleLines = new ConsoleLines(process.stderr);
    try {
      const part = await execShard(plan, a.task, { store, onConsole: (line) => consoleLines.write(`[${filename}] ${line}\n`) });
      await writeOutAtomically(a.out, encodePart(part));
      if (a.stats) process.stderr.write(`${JSON.stringify({ task: a.task, stats: part.stats })}\n`);
    } catch (e) {
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
