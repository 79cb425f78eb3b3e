import { requireText } from '../arg-checks.js';
import { defineCommand, storeOption } from '../define-command.js';
import { type OutputArgs, outputOptions, resolveOutput } from '../output-options.js';

interface CountArgs extends OutputArgs {
  events: string[];
  store?: string;
  unique?: boolean;
  from?: string;
  to?: string;
  where?: string;
  by?: string;
  cohort?: string[];
  asOf?: string;
}

export const countCommand = defineCommand<CountArgs>({
  command: 'count <events..>',
  describe: 'Count events: total (times done) or --unique (users who did them), optionally --by a property',
  examples: [
    ['quarry count "Sign up"', 'how many times'],
    ['quarry count "Sign up" --unique', 'how many distinct users'],
    ['quarry count Purchase --by method --from 2024-03-01 --to 2024-03-31', 'broken down by a property, in March'],
    ['quarry count Purchase "Add To Cart" --unique --cohort "Power users" --format json', 'several events, members of a cohort, as JSON'],
  ],
  builder: (y) =>
    outputOptions(
      storeOption(y)
        .positional('events', { type: 'string', array: true, describe: 'Event names' })
        .option('unique', { type: 'boolean', describe: 'Count distinct users instead of events' })
        .option('from', { type: 'string', requiresArg: true, describe: 'First day, YYYY-MM-DD (project timezone)' })
        .option('to', { type: 'string', requiresArg: true, describe: 'Last day, YYYY-MM-DD (inclusive)' })
        .option('where', { type: 'string', requiresArg: true, describe: 'Selector over event properties (starting with "-": --where=\'-7 ...\')' })
        .option('by', { type: 'string', requiresArg: true, describe: 'Break down by this event property' })
        .option('cohort', { type: 'string', array: true, requiresArg: true, describe: 'Only events of members of this cohort (repeat: all of them)' })
        .option('as-of', { type: 'string', requiresArg: true, describe: 'Evaluate cohorts as of this date or time' }),
      { out: true },
    ) as never,
  handler: async (a) => {
    const { countEvents, countHints, parseTimeArg } = await import('../../users/index.js');
    const { writeOutput } = await import('../../output/index.js');
    const { resolveStore } = await import('../resolve-store.js');
    const where = requireText(a.where, '--where');
    requireText(a.by, '--by');
    const { format, target, writeOptions } = resolveOutput(a);
    const { store } = await resolveStore(a.store);
    const o = {
      events: a.events.map(String),
      unique: a.unique,
      from: a.from,
      to: a.to,
      where,
      by: a.by,
      cohorts: a.cohort,
      asOfMs: a.asOf === undefined ? undefined : parseTimeArg(a.asOf, store.timezone, '--as-of', { endOfDay: true }),
    };
    const rows = countEvents(store, o);
    for (const h of countHints(store, o)) process.stderr.write(`note: ${h}\n`);
    const label = a.unique ? 'users' : 'events';
    // One event, no breakdown, no format asked for: the number alone (on a terminal and,
    // as it is valid JSON, into a pipe too).
    if (a.by === undefined && rows.length === 1 && a.format === undefined && !a.json && a.out === undefined) {
      target.stream.write(`${rows[0]!.count}\n`);
      await target.close();
      return;
    }
    const items = rows.map((r) => (a.by === undefined ? { event: r.event, [label]: r.count } : { event: r.event, [a.by]: r.value, [label]: r.count }));
    await writeOutput(format, items, target.stream, { ...writeOptions, maxRows: 10_000 });
    await target.close();
  },
});
