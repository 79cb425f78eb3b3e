import { defineCommand } from '../define-command.js';

export const initCommand = defineCommand<{ store?: string; timezone: string; columns?: string; buckets: number }>({
  command: 'init',
  describe: 'Create an empty store',
  examples: [
    ['quarry init', 'create ./.quarry with the UTC timezone'],
    ['quarry init --store data/acme --timezone Europe/Berlin', 'a store whose days and JQL times are in Berlin time'],
    ['quarry init --store data/big --buckets 8', 'split each day by user into 8 buckets, so a user shard reads only its own'],
  ],
  builder: (y) =>
    y
      .option('store', { type: 'string', describe: 'Directory to create (default: $QUARRY_STORE, else ./.quarry)' })
      .option('timezone', { type: 'string', default: 'UTC', describe: 'Project timezone (IANA name); fixed for the life of the store' })
      .option('columns', { type: 'string', describe: 'Default Users columns, comma-separated' })
      .option('buckets', {
        type: 'number',
        default: 1,
        describe: 'User buckets per day (bucket = user number mod B); change later with quarry rebucket',
      }) as never,
  handler: async (a) => {
    const { Store } = await import('../../store/index.js');
    const dir = a.store ?? process.env.QUARRY_STORE ?? '.quarry';
    const s = Store.init(dir, {
      timezone: a.timezone,
      defaultColumns: a.columns
        ?.split(',')
        .map((c) => c.trim())
        .filter(Boolean),
      buckets: a.buckets,
    });
    const buckets = s.buckets > 1 ? `, ${s.buckets} user buckets` : '';
    process.stdout.write(`created an empty store at ${s.dir} (timezone ${s.timezone}${buckets})\n`);
  },
});
