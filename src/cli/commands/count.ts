import type { OutputFormat } from '../../output/index.js';
import { defineCommand, storeOption } from '../define-command.js';

const OUTPUT_FORMATS: readonly OutputFormat[] = ['json', 'jsonl', 'csv', 'table'];

interface CountArgs {
  events: string[]; store?: string; unique?: boolean; from?: string; to?: string; where?: string; by?: string; cohort?: string[];
  format?: OutputFormat; asOf?: string;
}

export const countCommand = defineCommand<CountArgs>({
  command: 'count <events..>',
  describe: 'Count events: total (times done) or --unique (users who did them), optionally --by a property',
  examples: [
    ['quarry count "Sign up"', 'how many times'],
    ['quarry count "Sign up" --unique', 'how many distinct users'],
    ['quarry count Purchase --by payment_method --from 2024-03-01 --to 2024-03-31', 'broken down by a property, in March'],
    ['quarry count Purchase "Add To Cart" --unique --cohort "Power users" --format json', 'several events, members of a cohort, as JSON'],
  ],
  builder: (y) =>
    storeOption(y)
      .positional('events', { type: 'string', array: true, describe: 'Event names' })
      .option('unique', { type: 'boolean', describe: 'Count distinct users instead of events' })
      .option('from', { type: 'string', describe: 'First day, YYYY-MM-DD (project timezone)' })
      .option('to', { type: 'string', describe: 'Last day, YYYY-MM-DD (inclusive)' })
      .option('where', { type: 'string', describe: 'Selector over event properties' })
      .option('by', { type: 'string', describe: 'Break down by this event property' })
      .option('cohort', { type: 'string', array: true, describe: 'Only events of members of this cohort (repeat: all of them)' })
      .option('as-of', { type: 'string', describe: 'Evaluate cohorts as of this date or time' })
      .option('format', { choices: OUTPUT_FORMATS, describe: 'Output format (default: table; one event without --by prints just the number)' }) as never,
  handler: async (a) => {
    const { countEvents, parseTimeArg } = await import('../../users/index.js');
    const { writeOutput } = await import('../../output/index.js');
    const { resolveStore } = await import('../resolve-store.js');
    const { store } = await resolveStore(a.store);
    const rows = countEvents(store, {
      events: a.events.map(String), unique: a.unique, from: a.from, to: a.to, where: a.where, by: a.by, cohorts: a.cohort,
      asOfMs: a.asOf === undefined ? undefined : parseTimeArg(a.asOf, store.timezone, '--as-of', { endOfDay: true }),
    });
    const label = a.unique ? 'users' : 'events';
    if (a.format === undefined && a.by === undefined && rows.length === 1) {
      process.stdout.write(`${rows[0]!.count}\n`);
      return;
    }
    const items = rows.map((r) => (a.by === undefined ? { event: r.event, [label]: r.count } : { event: r.event, [a.by]: r.value, [label]: r.count }));
    await writeOutput(a.format ?? 'table', items, process.stdout, { maxRows: 10_000 });
  },
});
