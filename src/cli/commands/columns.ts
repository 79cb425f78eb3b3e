import { UsageError } from '../../errors.js';
import { defineCommand, storeOption } from '../define-command.js';

export const columnsCommand = defineCommand<{ action?: string; list?: string; store?: string }>({
  command: 'columns [action] [list]',
  describe: "Show or set the project's default columns of user listings",
  examples: [
    ['quarry columns', 'show the default columns'],
    ["quarry columns set '$name,$email,plan'", 'save new default columns (quarry users shows them)'],
  ],
  builder: (y) =>
    storeOption(y)
      .positional('action', { type: 'string', choices: ['show', 'set'], describe: 'show (default) or set' })
      .positional('list', { type: 'string', describe: 'With set: comma-separated profile properties' }) as never,
  handler: async (a) => {
    const { setDefaultColumns, splitColumns } = await import('../../users/index.js');
    const { resolveStore, resolveWritableStore } = await import('../resolve-store.js');
    if ((a.action ?? 'show') === 'show') {
      if (a.list !== undefined) throw new UsageError('quarry columns show takes no list; did you mean quarry columns set LIST?');
      const { store } = await resolveStore(a.store);
      process.stdout.write(`${store.settings.defaultColumns.join(',')}\n`);
      return;
    }
    if (a.list === undefined) throw new UsageError("quarry columns set needs a list, e.g. quarry columns set '$name,$email,plan'");
    const r = await setDefaultColumns(await resolveWritableStore(a.store), splitColumns(a.list));
    for (const w of r.warnings) process.stderr.write(`warning: ${w}\n`);
    process.stdout.write(`${r.columns.join(',')}\n`);
  },
});
