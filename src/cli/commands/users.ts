import type { Argv } from 'yargs';
import { UsageError } from '../../errors.js';
import type { Store } from '../../store/index.js';
import type { ListOptions } from '../../users/index.js';
import { requireText, wholeNumber } from '../arg-checks.js';
import { defineCommand, storeOption } from '../define-command.js';
import { type OutputArgs, outputOptions, resolveOutput } from '../output-options.js';

// Modules load in the handlers (commands load lazily: `quarry info` must not pay for these).
const DEFAULT_PAGE_SIZE = 50;

export interface ListingArgs extends OutputArgs {
  store?: string;
  all?: boolean;
  where?: string;
  cohort?: string[];
  ids?: string;
  columns?: string;
  sort?: string;
  desc?: boolean;
  limit?: string;
  page?: string;
  count?: boolean;
  asOf?: string;
  groupKey?: string;
}

/** The filter and output options `users` and `cohort members` share. */
export function listingOptions<T>(y: Argv<T>, o: { all: boolean; groups?: boolean }) {
  let out = storeOption(y)
    .option('all', {
      type: 'boolean',
      describe: o.all
        ? 'All Users (default here): anyone with an event or a profile'
        : 'All Users: anyone with an event, profile or not (default: User Profiles only)',
    })
    .option('where', {
      type: 'string',
      requiresArg: true,
      describe: 'Selector over profile properties, e.g. \'properties["plan"] == "pro"\' (starting with "-": --where=\'-7 ...\')',
    })
    .option('cohort', { type: 'string', array: true, requiresArg: true, describe: 'Only members of this cohort (repeat: members of all of them)' })
    .option('ids', {
      type: 'string',
      requiresArg: true,
      describe: 'Only the distinct_ids in this file (one a line, or a CSV with a $distinct_id column; - for stdin)',
    })
    .option('columns', { type: 'string', requiresArg: true, describe: 'Profile properties to show, comma-separated ("*": all); default: quarry columns' })
    .option('sort', {
      type: 'string',
      requiresArg: true,
      describe: 'Sort by this property ($distinct_id, $last_seen or any profile property); default: $last_seen, newest first',
    })
    .option('desc', { type: 'boolean', describe: 'Sort descending' })
    .option('limit', { type: 'string', requiresArg: true, describe: `Rows per page (table default ${DEFAULT_PAGE_SIZE}; exports default: all)` })
    .option('page', { type: 'string', requiresArg: true, describe: 'Page to show, from 1' })
    .option('count', { type: 'boolean', describe: 'Print only the number of matching users' })
    .option('as-of', { type: 'string', requiresArg: true, describe: 'Evaluate cohorts as of this date or time (default: now)' });
  if (o.groups)
    out = out.option('group-key', {
      type: 'string',
      requiresArg: true,
      describe: 'List the group profiles of this group key (e.g. company_id) instead of users',
    });
  return outputOptions(out, { out: true });
}

export async function runListing(store: Store, a: ListingArgs, extra: Partial<ListOptions> = {}): Promise<void> {
  const { listGroups, listUsers, parseTimeArg, profileCatalog, readIds, splitColumns, writeUsers } = await import('../../users/index.js');
  const { startProgress } = await import('../progress.js');
  const warn = (m: string) => process.stderr.write(`warning: ${m}\n`);
  const where = requireText(a.where, '--where');
  requireText(a.columns, '--columns');
  requireText(a.sort, '--sort');
  const { format, target, writeOptions } = resolveOutput(a);
  const limit = wholeNumber(a.limit, '--limit', 1) ?? (format === 'table' && !a.count ? DEFAULT_PAGE_SIZE : undefined);
  const page = wholeNumber(a.page, '--page', 1);
  let ids: string[] | undefined;
  if (a.ids !== undefined) ids = (await readIds(a.ids === '' ? '-' : a.ids, undefined, store)).ids;
  const options: ListOptions = {
    all: a.all,
    where,
    cohorts: a.cohort,
    ids,
    columns: a.columns === undefined ? undefined : splitColumns(a.columns),
    sort: a.sort,
    desc: a.desc,
    limit,
    page,
    asOfMs: a.asOf === undefined ? undefined : parseTimeArg(a.asOf, store.timezone, '--as-of', { endOfDay: true }),
    ...extra,
  };
  if (a.groupKey !== undefined && (a.all || ids)) throw new UsageError('--group-key lists group profiles: --all and --ids are about users');
  const listing = a.groupKey !== undefined ? listGroups(store, a.groupKey, options) : listUsers(store, options);
  for (const w of listing.warnings) warn(w);
  if (where !== undefined && a.groupKey === undefined) {
    const { parseSelector, selectorHints } = await import('../../selector/index.js');
    for (const h of selectorHints(parseSelector(where), profileCatalog(store))) process.stderr.write(`note: ${h}\n`);
  }
  if (a.cohort?.length && a.groupKey === undefined) {
    const { cohortHints } = await import('../../cohort/index.js');
    for (const h of cohortHints(store, a.cohort, options.asOfMs ?? Date.now())) process.stderr.write(`note: ${h}\n`);
  }
  if (a.count) {
    target.stream.write(`${listing.total}\n`);
    await target.close();
    return;
  }
  if (listing.users.length === 0 && listing.total > 0 && format !== 'table') {
    warn(
      `page ${page ?? 1} is past the end: ${listing.total} ${listing.page.noun}, ${Math.ceil(listing.total / (limit ?? listing.total))} page(s) of ${limit}`,
    );
  }
  const big = format !== 'table' && listing.users.length >= 50_000;
  const bar = big ? startProgress('export', listing.users.length, 'users') : null;
  try {
    await writeUsers(format, listing.rows(), listing.columns, target.stream, listing.page, {
      ...writeOptions,
      idColumn: listing.idColumn,
      onProgress: bar ? (n) => bar.update(n) : undefined,
    });
  } finally {
    bar?.stop();
  }
  await target.close();
  if (target.isFile) {
    process.stderr.write(
      `wrote ${listing.users.length.toLocaleString('en-US')} of ${listing.total.toLocaleString('en-US')} ${listing.page.noun} to ${a.out}\n`,
    );
  }
}

export const usersCommand = defineCommand<ListingArgs>({
  command: 'users',
  describe: 'List, filter, count and export users ("User Profiles", or --all for "All Users"), or group profiles (--group-key)',
  examples: [
    ['quarry users', 'the first page of profiles, newest first, as a table'],
    [
      "quarry users --where 'properties[\"$city\"] == \"Berlin\"' --sort '$name' --columns '$name,$email'",
      'filtered, sorted, chosen columns (quote $ names in the shell)',
    ],
    ['quarry users --all --cohort "Power users" --count', 'how many members the cohort has, profile or not'],
    ['quarry users --columns "*" --out profiles.csv', 'export every profile property as CSV (quarry import people --infer-types reads it back, types and all)'],
    ['quarry users --ids vip.txt --format json', 'just these distinct_ids, in the engage export shape'],
    ['quarry users --group-key company_id', 'the group profiles of company_id'],
  ],
  builder: (y) => listingOptions(y, { all: false, groups: true }) as never,
  handler: async (a) => {
    const { resolveStore } = await import('../resolve-store.js');
    const { store } = await resolveStore(a.store);
    // A store on S3: profiles, distinct_ids and the fixed event columns (activity per user), in parallel.
    await store.remote?.prefetch({ days: store.days(), eventProperties: [], users: true, profiles: true });
    await runListing(store, a);
  },
});
