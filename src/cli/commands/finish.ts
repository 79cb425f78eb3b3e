import { ConsoleLines } from '../console-lines.js';
import { defineCommand } from '../define-command.js';
import { type OutputArgs, outputOptions, resolveOutput } from '../output-options.js';
import { readPartFiles, readPlanFile } from '../shard-files.js';

interface FinishArgs extends OutputArgs {
  plan: string;
  parts: string[];
  maxOutput: number;
  stats?: boolean;
  keepPin?: boolean;
}

export const finishCommand = defineCommand<FinishArgs>({
  command: 'finish <plan> <parts..>',
  describe:
    'Finish a distributed run: the merged partial state of all tasks -> the remaining stages -> the result, as quarry run writes it; releases the store pin',
  examples: [
    ['quarry finish plan.json parts/all.part --format csv --out result.csv', 'the result of the whole job'],
    ['quarry finish plan.json parts/0-31.part parts/32-63.part', 'parts are merged first when there are several'],
    ['quarry finish plan.json parts/all.s0.part parts/all.s1.part', 'the key slices of a split job, combined'],
  ],
  builder: (y) =>
    outputOptions(y, { out: true })
      .positional('plan', { type: 'string', describe: 'The plan file quarry plan wrote' })
      .positional('parts', { type: 'string', array: true, describe: 'Partial-state files covering every task' })
      .option('max-output', { type: 'number', default: 2048, describe: 'Largest result, MB' })
      .option('stats', { type: 'boolean', describe: "Print the job's counters (summed over the tasks) to stderr" })
      .option('keep-pin', {
        type: 'boolean',
        describe: 'Keep the store pin (to finish again later); by default it is released once the result is written',
      }) as never,
  handler: async (a) => {
    const output = resolveOutput(a);
    const plan = await readPlanFile(a.plan, 'all');
    const parts = await readPartFiles(plan, a.parts);
    const [{ assembleParts, finishShardPlan, releasePlanPin }, { writeOutput }] = await Promise.all([
      import('../../exec/distributed/index.js'),
      import('../../output/index.js'),
    ]);
    // Names the files in messages (a gap, an overlap, a missing key slice).
    const merged = assembleParts(plan, parts, a.parts);
    const filename = plan.script.filename;
    const consoleLines = new ConsoleLines(process.stderr);
    const { format, target, writeOptions } = output;
    let q: Awaited<ReturnType<typeof finishShardPlan>> | undefined;
    try {
      q = await finishShardPlan(plan, merged, { onConsole: (line) => consoleLines.write(`[${filename}] ${line}\n`) });
      try {
        await writeOutput(format, q.items, target.stream, {
          ...writeOptions,
          maxOutputMB: a.maxOutput,
          onWarning: (w) => process.stderr.write(`warning: ${w}\n`),
        });
      } catch (e) {
        await target.abort();
        throw e;
      }
      await target.close();
      if (!a.keepPin) releasePlanPin(plan);
    } finally {
      await target.abort().catch(() => {});
      await q?.close();
      await consoleLines.end();
      if (a.stats && q) process.stderr.write(`${JSON.stringify({ stats: q.stats })}\n`);
    }
  },
});
