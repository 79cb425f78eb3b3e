import fs from 'node:fs';
import type { Argv } from 'yargs';
import { UsageError } from '../../errors.js';
import type { Store } from '../../store/index.js';
import type { ListOptions, UsersFormat } from '../../users/index.js';
import { defineCommand, storeOption } from '../define-command.js';

// Modules load in the handlers (commands load lazily: `quarry info` must not pay for these).
const USERS_FORMATS: readonly UsersFormat[] = ['table', 'csv', 'json', 'jsonl'];
const DEFAULT_PAGE_SIZE = 50;

export interface ListingArgs {
  store?: string; all?: boolean; where?: string; cohort?: string[]; ids?: string; columns?: string; sort?: string; desc?: boolean;
  limit?: number; page?: number; format?: UsersFormat; out?: string; count?: boolean; asOf?: string;
}

/** The filter and output options `users` and `cohort members` share. */
export function listingOptions<T>(y: Argv<T>, o: { all: boolean }) {
  return storeOption(y)
    .option('all', { type: 'boolean', describe: o.all ? 'All Users (default here): anyone with an event or a profile' : 'All Users: anyone with an event, profile or not (default: User Profiles only)' })
    .option('where', { type: 'string', describe: 'Selector over profile properties, e.g. \'properties["plan"] == "pro"\'' })
    .option('cohort', { type: 'string', array: true, describe: 'Only members of this cohort (repeat: members of all of them)' })
    .option('ids', { type: 'string', describe: 'Only the distinct_ids in this file (one a line, or a CSV with a $distinct_id column)' })
    .option('columns', { type: 'string', describe: 'Profile properties to show, comma-separated ("*": all); default: quarry columns' })
    .option('sort', { type: 'string', describe: 'Sort by this property ($distinct_id, $last_seen or any profile property); default: $last_seen, newest first' })
    .option('desc', { type: 'boolean', describe: 'Sort descending' })
    .option('limit', { type: 'number', describe: `Rows per page (table default ${DEFAULT_PAGE_SIZE}; exports default: all)` })
    .option('page', { type: 'number', describe: 'Page to show, from 1' })
    .option('format', { choices: USERS_FORMATS, describe: 'Output format (default: table on a terminal, else from --out, else csv)' })
    .option('out', { type: 'string', describe: 'Write to this file instead of standard output' })
    .option('count', { type: 'boolean', describe: 'Print only the number of matching users' })
    .option('as-of', { type: 'string', describe: 'Evaluate cohorts as of this date or time (default: now)' });
}

function positive(v: number | undefined, flag: string): number | undefined {
  if (v === undefined) return undefined;
  if (!Number.isInteger(v) || v < 1) throw new UsageError(`${flag} needs a whole number >= 1, got ${v}`);
  return v;
}

export async function runListing(store: Store, a: ListingArgs, extra: Partial<ListOptions> = {}): Promise<void> {
  const { listUsers, parseTimeArg, pickFormat, readIds, splitColumns, writeUsers } = await import('../../users/index.js');
  const { startProgress } = await import('../progress.js');
  const warn = (m: string) => process.stderr.write(`warning: ${m}\n`);
  const format = pickFormat(a.format, a.out, Boolean(process.stdout.isTTY));
  const limit = positive(a.limit, '--limit') ?? (format === 'table' && !a.count ? DEFAULT_PAGE_SIZE : undefined);
  const page = positive(a.page, '--page');
  let ids: string[] | undefined;
  if (a.ids !== undefined) ids = (await readIds(a.ids)).ids;
  const listing = listUsers(store, {
    all: a.all, where: a.where, cohorts: a.cohort, ids, columns: a.columns === undefined ? undefined : splitColumns(a.columns),
    sort: a.sort, desc: a.desc, limit, page, asOfMs: a.asOf === undefined ? undefined : parseTimeArg(a.asOf, store.timezone, '--as-of', { endOfDay: true }),
    ...extra,
  });
  for (const w of listing.warnings) warn(w);
  if (a.count) {
    process.stdout.write(`${listing.total}\n`);
    return;
  }
  const out = a.out === undefined ? process.stdout : fs.createWriteStream(a.out);
  const big = format !== 'table' && listing.users.length >= 50_000;
  const bar = big ? startProgress('export', listing.users.length, 'users') : null;
  try {
    await writeUsers(format, listing.rows(), listing.columns, out, listing.page, { onProgress: bar ? (n) => bar.update(n) : undefined });
  } finally {
    bar?.stop();
  }
  if (a.out !== undefined) {
    await new Promise<void>((res, rej) => (out as fs.WriteStream).end((e?: Error | null) => (e ? rej(e) : res())));
    process.stderr.write(`wrote ${listing.users.length.toLocaleString('en-US')} of ${listing.total.toLocaleString('en-US')} ${listing.page.noun} to ${a.out}\n`);
  }
}

export const usersCommand = defineCommand<ListingArgs>({
  command: 'users',
  describe: 'List, filter, count and export users ("User Profiles", or --all for "All Users")',
  examples: [
    ['quarry users', 'the first page of profiles, newest first, as a table'],
    ['quarry users --where \'properties["$city"] == "Berlin"\' --sort $name --columns $name,$email', 'filtered, sorted, chosen columns'],
    ['quarry users --all --cohort "Power users" --count', 'how many members the cohort has, profile or not'],
    ['quarry users --columns "*" --out profiles.csv', 'export every profile property as CSV (quarry import people reads it back)'],
    ['quarry users --ids vip.txt --format json', 'just these distinct_ids, in the engage export shape'],
  ],
  builder: (y) => listingOptions(y, { all: false }) as never,
  handler: async (a) => {
    const { resolveStore } = await import('../resolve-store.js');
    const { store } = await resolveStore(a.store);
    await runListing(store, a);
  },
});
