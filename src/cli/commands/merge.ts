import { defineCommand } from '../define-command.js';
import { checkOutFolder } from '../out-file.js';
import { readPartFiles, readPlanFile, writeOutAtomically } from '../shard-files.js';

interface MergeArgs {
  plan: string;
  parts: string[];
  out: string;
}

export const mergeCommand = defineCommand<MergeArgs>({
  command: 'merge <plan> <parts..>',
  describe: 'Merge the partial states of a contiguous range of tasks of a plan, in task order, into one partial state',
  examples: [['quarry merge plan.json parts/0.part parts/1.part --out parts/0-1.part', 'tasks 0 and 1; a merged range merges again with its neighbours']],
  builder: (y) =>
    y
      .positional('plan', { type: 'string', describe: 'The plan file quarry plan wrote' })
      .positional('parts', { type: 'string', array: true, describe: 'Partial-state files (quarry exec-shard or quarry merge) of contiguous task ranges' })
      .option('out', { type: 'string', demandOption: true, describe: 'Partial-state file to write' }) as never,
  handler: async (a) => {
    checkOutFolder(a.out, '--out');
    const plan = await readPlanFile(a.plan);
    const parts = await readPartFiles(plan, a.parts);
    const { mergeParts, encodePart } = await import('../../exec/distributed/index.js');
    await writeOutAtomically(a.out, encodePart(mergeParts(plan, parts, a.parts)));
  },
});
