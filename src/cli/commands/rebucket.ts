import { defineCommand } from '../define-command.js';

export const rebucketCommand = defineCommand<{ store?: string; buckets: number }>({
  command: 'rebucket',
  describe: 'Rewrite the events with another number of user buckets per day (one atomic commit)',
  examples: [
    [
      'quarry rebucket --buckets 8 --store data/big',
      'split each day by user into 8 buckets: a query on 2, 4 or 8 threads reads each bucket in one thread only',
    ],
    ['quarry rebucket --buckets 1 --store data/big', 'back to one partition per day'],
  ],
  builder: (y) =>
    y.option('store', { type: 'string', describe: 'Store directory (default: $QUARRY_STORE, else ./.quarry)' }).option('buckets', {
      type: 'number',
      demandOption: true,
      describe: 'User buckets per day (bucket = user number mod B); a multiple of the threads queries use',
    }) as never,
  handler: async (a) => {
    const { resolveWritableStore } = await import('../resolve-store.js');
    const { rebucket } = await import('../../store/index.js');
    const store = await resolveWritableStore(a.store);
    const tty = process.stderr.isTTY;
    const r = await rebucket(store, a.buckets, (done, total) => {
      if (tty) process.stderr.write(`\rrebucketing: ${done}/${total} days`);
    });
    if (tty && r.days > 0) process.stderr.write('\n');
    if (r.from === r.to) process.stdout.write(`${store.dir} already has ${r.to} bucket${r.to === 1 ? '' : 's'}: nothing to do\n`);
    else process.stdout.write(`rebucketed ${store.dir}: ${r.from} -> ${r.to} buckets, ${r.days} days, ${r.rows.toLocaleString('en-US')} events\n`);
  },
});
