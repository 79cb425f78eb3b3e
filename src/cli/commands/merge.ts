import { UsageError } from '../../errors.js';
import { defineCommand } from '../define-command.js';
import { checkOutFolder } from '../out-file.js';
import { readPartFiles, readPlanFile, writeOutAtomically } from '../shard-files.js';

interface MergeArgs {
  plan: string;
  parts: string[];
  out: string;
  slice?: string;
}

export const mergeCommand = defineCommand<MergeArgs>({
  command: 'merge <plan> <parts..>',
  describe: 'Merge the partial states of a contiguous range of tasks of a plan, in task order, into one partial state',
  examples: [
    ['quarry merge plan.json parts/0.part parts/1.part --out parts/0-1.part', 'tasks 0 and 1; a merged range merges again with its neighbours'],
    ['quarry merge plan.json parts/0.part parts/1.part --slice 2/4 --out parts/0-1.s2.part', 'only the groups of key slice 2 of 4'],
  ],
  builder: (y) =>
    y
      .positional('plan', { type: 'string', describe: 'The plan file quarry plan wrote' })
      .positional('parts', { type: 'string', array: true, describe: 'Partial-state files (quarry exec-shard or quarry merge) of contiguous task ranges' })
      .option('out', { type: 'string', demandOption: true, describe: 'Partial-state file to write' })
      .option('slice', {
        type: 'string',
        describe: 'k/n: merge only the groups of key slice k of n (whole parts are cut to it; slices must be that one)',
      }) as never,
  handler: async (a) => {
    const slice = a.slice === undefined ? undefined : parseSlice(a.slice);
    checkOutFolder(a.out, '--out');
    const plan = await readPlanFile(a.plan, 'none'); // merging needs no partition of the manifest
    const parts = await readPartFiles(plan, a.parts);
    const { mergeParts, encodePart } = await import('../../exec/distributed/index.js');
    await writeOutAtomically(a.out, encodePart(mergeParts(plan, parts, a.parts, { slice })));
  },
});

function parseSlice(text: string): [number, number] {
  const m = /^(\d+)\/(\d+)$/.exec(text.trim());
  const k = Number(m?.[1]);
  const n = Number(m?.[2]);
  if (!m || n < 1 || k >= n) throw new UsageError(`--slice must be k/n with 0 <= k < n (e.g. 0/4), got ${JSON.stringify(text)}`);
  return [k, n];
}
