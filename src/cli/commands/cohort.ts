import fs from 'node:fs';
import path from 'node:path';
import { UsageError, UserError } from '../../errors.js';
import type { Criterion } from '../../cohort/index.js';
import type { CohortDefinition, Store } from '../../store/index.js';
import { defineCommand, storeOption } from '../define-command.js';
import { writeOutText } from '../out-file.js';
import { outputOptions, resolveOutput, type OutputArgs } from '../output-options.js';
import { type ListingArgs, listingOptions, runListing } from './users.js';

/** Modules load when a subcommand runs (commands load lazily). */
const load = async () => ({
  ...(await import('../../cohort/index.js')),
  ...(await import('../../users/index.js')),
  ...(await import('../resolve-store.js')),
});

const storeOpt = { type: 'string', describe: 'Store directory (default: $QUARRY_STORE, else ./.quarry)' } as const;

function readJsonFile(file: string, what: string): unknown {
  let text: string;
  try {
    text = fs.readFileSync(file === '-' ? 0 : file, 'utf8');
  } catch (e) {
    throw new UserError(`cannot read ${what} ${file}: ${(e as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (e as Error).message}`);
  }
  try {
    return JSON.parse(text);
  } catch (e) {
    throw new UserError(`${what} ${file} is not valid JSON: ${(e as Error).message}`);
  }
}

async function asOfMs(store: Store, v: string | undefined): Promise<number> {
  if (v === undefined) return Date.now();
  const { parseTimeArg } = await import('../../users/index.js');
  return parseTimeArg(v, store.timezone, '--as-of', { endOfDay: true });
}

interface CreateArgs {
  name: string;
  store?: string;
  any?: boolean;
  definition?: string;
  fromCsv?: string;
  description?: string;
  replace?: boolean;
  asOf?: string;
}

const create = defineCommand<CreateArgs>({
  command: 'create <name>',
  describe: 'Save a cohort: property, behaviour and cohort criteria (AND, or --any for OR), a JSON definition, or a CSV of ids',
  examples: [
    ['quarry cohort create Buyers --did Purchase --at-least 3 --within 30d', 'bought 3+ times in the last 30 days'],
    [
      'quarry cohort create March --did Purchase --from 2024-03-01 --to 2024-03-31 --store demo',
      'bought in March 2024 (the demo data: make a writable copy with quarry demo --store demo)',
    ],
    [
      'quarry cohort create "Berlin pros" --where \'properties["$city"] == "Berlin"\' --where \'properties["plan"] == "pro"\'',
      'two property criteria, both must hold',
    ],
    ['quarry cohort create Lapsed --did Login --from 2024-01-01 --to 2024-01-31 --not-did Login --within 30d', 'active in January, not in the last 30 days'],
    ['quarry cohort create Regulars --did "Page View" --at-least 5 --distinct-days --within 4w', 'on 5 distinct days in the last 4 weeks'],
    ['quarry cohort create Either --in-cohort Buyers --in-cohort "Berlin pros" --any', 'members of either cohort'],
    ['quarry cohort create Imported --definition hosted.json', "a JSON definition (the hosted product's stored shape is accepted)"],
    ['quarry cohort create "Android Users" --from-csv ids.csv', 'a static cohort from a list of ids'],
  ],
  builder: (y) =>
    y
      .positional('name', { type: 'string', describe: 'Cohort name' })
      .option('where', { type: 'string', describe: 'Property criterion: selector over profile properties (repeatable)' })
      .option('did', { type: 'string', describe: 'Behaviour criterion: did this event (repeatable; modifiers follow it)' })
      .option('not-did', { type: 'string', describe: 'Behaviour criterion: did not do this event' })
      .option('event-where', { type: 'string', describe: 'Modifier: only events matching this selector over event properties' })
      .option('at-least', { type: 'string', describe: 'Modifier: at least N times (default 1)' })
      .option('at-most', { type: 'string', describe: 'Modifier: at most N times' })
      .option('exactly', { type: 'string', describe: 'Modifier: exactly N times' })
      .option('distinct-days', { type: 'boolean', describe: 'Modifier: count distinct days instead of events ("on N distinct days")' })
      .option('within', { type: 'string', describe: 'Modifier: in the last N days/weeks/months (30d, 4w, 3m), up to now or --as-of' })
      .option('from', { type: 'string', describe: 'Modifier: from this day (YYYY-MM-DD, with --to)' })
      .option('to', { type: 'string', describe: 'Modifier: to this day, inclusive' })
      .option('in-cohort', { type: 'string', describe: 'Membership criterion: in this cohort' })
      .option('not-in-cohort', { type: 'string', describe: 'Membership criterion: not in this cohort' })
      .option('any', { type: 'boolean', describe: 'Any criterion suffices (OR); default: all must hold (AND)' })
      .option('definition', { type: 'string', describe: 'Read the definition from this JSON file (- for stdin)' })
      .option('from-csv', {
        type: 'string',
        describe: 'Static cohort: the distinct_ids in this CSV (rows whose Cohort column names another cohort are left out)',
      })
      .option('description', { type: 'string', describe: 'A note shown by cohort list/show' })
      .option('replace', { type: 'boolean', describe: 'Overwrite an existing cohort of that name' })
      .option('as-of', { type: 'string', describe: 'Count members as of this date or time (the report only)' })
      .option('store', storeOpt) as never,
  handler: async (a) => {
    const { CohortEngine, countMembers, createCohort, criteriaFromArgs, criteriaHints, describeCriteria, parseDefinition, readIds, resolveWritableStore } =
      await load();
    const store = await resolveWritableStore(a.store);
    const argv = process.argv.slice(2);
    const fromArgs = criteriaFromArgs(argv, a.any ?? false);
    const sources = [fromArgs !== null, a.definition !== undefined, a.fromCsv !== undefined].filter(Boolean).length;
    if (sources === 0)
      throw new UsageError(
        'say who is in the cohort: --where, --did, --not-did, --in-cohort, --not-in-cohort, --definition FILE or --from-csv FILE (see --help)',
      );
    if (sources > 1) throw new UsageError('give criteria, --definition or --from-csv, not several of them');
    const name = String(a.name);
    if (a.fromCsv !== undefined) {
      const file = a.fromCsv === '' ? '-' : a.fromCsv;
      const list = await readIds(file, name, store);
      if (list.unknownEmails) process.stderr.write(`warning: ${list.unknownEmails} email(s) in ${file} belong to no profile and were left out\n`);
      if (list.hasCohortColumn && list.ids.length === 0) {
        throw new UserError(
          `no row of ${a.fromCsv} has Cohort = ${JSON.stringify(name)}; its Cohort values are: ${list.cohortValues.map((v) => JSON.stringify(v)).join(', ')}`,
        );
      }
      if (list.ids.length === 0) throw new UserError(`${a.fromCsv} holds no distinct_ids`);
      await createCohort(
        store,
        { name, description: a.description, members: list.ids, source: file === '-' ? 'csv:stdin' : `csv:${path.basename(file)}` },
        { replace: a.replace },
      );
      const unknown = list.ids.filter((id) => store.users.lookup(id) === undefined).length;
      process.stdout.write(
        `created static cohort ${JSON.stringify(name)}: ${list.ids.length} ids${unknown ? ` (${unknown} not in the store yet; they count once they appear)` : ''}${list.otherCohort ? `, ${list.otherCohort} rows of other cohorts left out` : ''}\n`,
      );
      return;
    }
    const criteria: Criterion = fromArgs ?? parseDefinition(readJsonFile(a.definition === '' ? '-' : a.definition!, 'definition'));
    await createCohort(store, { name, description: a.description, criteria }, { replace: a.replace });
    const fresh = store.reopen();
    const at = await asOfMs(fresh, a.asOf);
    const n = countMembers(new CohortEngine(fresh, at).members(name));
    process.stdout.write(
      `created cohort ${JSON.stringify(name)}: ${n} members ${a.asOf === undefined ? 'now' : `as of ${a.asOf}`}\n${describeCriteria(criteria, '  ')}\n`,
    );
    for (const h of criteriaHints(fresh, criteria, at)) process.stderr.write(`note: ${h}\n`);
  },
});

const freeze = defineCommand<{ name: string; as?: string; asOf?: string; store?: string }>({
  command: 'freeze <name>',
  describe: "Turn a cohort's current members into a static list (in place, or as a new cohort with --as)",
  examples: [
    ['quarry cohort freeze Buyers --as "Buyers 2024-03"', "keep today's buyers as a fixed list"],
    ['quarry cohort freeze Buyers --as-of 2024-03-31', 'freeze in place, membership as of that day'],
  ],
  builder: (y) =>
    y
      .positional('name', { type: 'string' })
      .option('as', { type: 'string', describe: 'Name of the new static cohort' })
      .option('as-of', { type: 'string', describe: 'Membership as of this date or time' })
      .option('store', storeOpt) as never,
  handler: async (a) => {
    const { freezeCohort, resolveWritableStore } = await load();
    const store = await resolveWritableStore(a.store);
    const r = await freezeCohort(store, String(a.name), { as: a.as, asOfMs: await asOfMs(store, a.asOf) });
    process.stdout.write(`static cohort ${JSON.stringify(r.cohort.name)}: ${r.members} members\n`);
  },
});

function kindOf(c: CohortDefinition): string {
  return c.members !== undefined ? 'static' : 'dynamic';
}

const list = defineCommand<{ store?: string; asOf?: string } & OutputArgs>({
  command: 'list',
  describe: 'List cohorts with their current member counts',
  examples: [
    ['quarry cohort list', 'name, kind, members, created'],
    ['quarry cohort list --as-of 2024-03-31 --json', 'counts as of a day, as JSON'],
  ],
  builder: (y) =>
    outputOptions(storeOption(y).option('as-of', { type: 'string', requiresArg: true, describe: 'Member counts as of this date or time' })) as never,
  handler: async (a) => {
    const { CohortEngine, cohortHints, countMembers, resolveStore, storedDefinition } = await load();
    const { writeOutput } = await import('../../output/index.js');
    const { format, target, writeOptions } = resolveOutput(a);
    const { store } = await resolveStore(a.store);
    const at = await asOfMs(store, a.asOf);
    const engine = new CohortEngine(store, at);
    const rows = store.manifest.cohorts.map((c) => {
      let members: number | string;
      try {
        members = countMembers(engine.members(c.name));
      } catch (e) {
        if (!(e instanceof UserError)) throw e;
        members = `error: ${e.message}`;
      }
      return {
        name: c.name,
        id: storedDefinition(c)?.id ?? null,
        kind: kindOf(c),
        members,
        created: c.createdAt.slice(0, 19).replace('T', ' '),
        description: c.description ?? '',
      };
    });
    // Why a cohort is empty, where its criteria say (a window before or after the data).
    const empty = rows.filter((r) => r.members === 0).map((r) => r.name);
    if (empty.length > 0) for (const h of cohortHints(store, empty, at)) process.stderr.write(`note: ${h}\n`);
    if (format === 'table' && rows.length === 0) process.stdout.write('no cohorts yet; create one with quarry cohort create NAME ...\n');
    else await writeOutput(format, rows, target.stream, { ...writeOptions, maxRows: 100_000, maxCellWidth: 60 });
    await target.close();
  },
});

const show = defineCommand<{ name: string; store?: string; asOf?: string } & OutputArgs>({
  command: 'show <name>',
  describe: "A cohort's definition and current member count",
  examples: [
    ['quarry cohort show Buyers', 'criteria in words'],
    ['quarry cohort show Buyers --json', 'the stored definition'],
  ],
  builder: (y) =>
    outputOptions(
      storeOption(y).positional('name', { type: 'string' }).option('as-of', { type: 'string', requiresArg: true, describe: 'Members as of this date or time' }),
      { formats: ['json', 'table'] },
    ) as never,
  handler: async (a) => {
    const { CohortEngine, cohortHints, countMembers, describeCriteria, exportCohorts, resolveStore } = await load();
    const { format } = resolveOutput(a, { formats: ['json', 'table'] });
    const { store } = await resolveStore(a.store);
    const name = String(a.name);
    const [c] = exportCohorts(store, [name]).cohorts;
    const at = await asOfMs(store, a.asOf);
    const n = countMembers(new CohortEngine(store, at).members(name));
    for (const h of cohortHints(store, [name], at)) process.stderr.write(`note: ${h}\n`);
    if (format === 'json') {
      process.stdout.write(`${JSON.stringify({ ...c, memberCount: n }, null, 2)}\n`);
      return;
    }
    const lines = [`cohort ${JSON.stringify(c!.name)} (#${c!.id}, ${c!.members ? 'static' : 'dynamic'}), created ${c!.createdAt}`];
    if (c!.description) lines.push(`  ${c!.description}`);
    if (c!.criteria) lines.push(describeCriteria(c!.criteria, '  '));
    if (c!.members) lines.push(`  a fixed list of ${c!.members.length} distinct_ids${c!.source ? ` (from ${c!.source})` : ''}`);
    if (c!.frozenFrom) lines.push(`  frozen from ${JSON.stringify(c!.frozenFrom.cohort)} as of ${c!.frozenFrom.asOf}`);
    lines.push(`members ${a.asOf === undefined ? 'now' : `as of ${a.asOf}`}: ${n}`);
    process.stdout.write(`${lines.join('\n')}\n`);
  },
});

const members = defineCommand<ListingArgs & { name: string }>({
  command: 'members <name>',
  describe: "List or export a cohort's members (same options as quarry users; members without a profile included)",
  examples: [
    ['quarry cohort members Buyers', 'a page of members as a table'],
    ['quarry cohort members Buyers --columns "*" --out buyers.csv', 'export them'],
    ['quarry cohort members Buyers --count --as-of 2024-03-31', 'how many, as of a day'],
  ],
  builder: (y) => listingOptions(y.positional('name', { type: 'string' }), { all: true }) as never,
  handler: async (a) => {
    const { resolveStore } = await load();
    const { store } = await resolveStore(a.store);
    const name = String(a.name);
    await runListing(store, { ...a, all: a.all ?? true, cohort: [name, ...(a.cohort ?? [])] }, { noun: `members of ${JSON.stringify(name)}` });
  },
});

const rename = defineCommand<{ from: string; to: string; store?: string }>({
  command: 'rename <from> <to>',
  describe: 'Rename a cohort (cohorts that refer to it follow)',
  examples: [['quarry cohort rename Buyers "Repeat buyers"', 'rename']],
  builder: (y) => y.positional('from', { type: 'string' }).positional('to', { type: 'string' }).option('store', storeOpt) as never,
  handler: async (a) => {
    const { renameCohort, resolveWritableStore } = await load();
    const n = await renameCohort(await resolveWritableStore(a.store), String(a.from), String(a.to));
    process.stdout.write(`renamed ${JSON.stringify(a.from)} to ${JSON.stringify(a.to)}${n ? ` (${n} cohort(s) referring to it updated)` : ''}\n`);
  },
});

const del = defineCommand<{ name: string; force?: boolean; store?: string }>({
  command: 'delete <name>',
  describe: 'Delete a cohort',
  examples: [['quarry cohort delete Buyers', 'refused while another cohort uses it (--force to delete anyway)']],
  builder: (y) =>
    y
      .positional('name', { type: 'string' })
      .option('force', { type: 'boolean', describe: 'Delete even if other cohorts refer to it' })
      .option('store', storeOpt) as never,
  handler: async (a) => {
    const { deleteCohort, resolveWritableStore } = await load();
    await deleteCohort(await resolveWritableStore(a.store), String(a.name), { force: a.force });
    process.stdout.write(`deleted cohort ${JSON.stringify(a.name)}\n`);
  },
});

const exp = defineCommand<{ names?: string[]; out?: string; store?: string }>({
  command: 'export [names..]',
  describe: 'Write cohort definitions (all, or the ones named) as JSON',
  examples: [
    ['quarry cohort export --out cohorts.json', 'every cohort'],
    ['quarry cohort export Buyers', 'one, to standard output'],
  ],
  builder: (y) =>
    storeOption(y)
      .positional('names', { type: 'string', array: true })
      .option('out', { type: 'string', requiresArg: true, describe: 'Write to this file (checked before anything is read)' }) as never,
  handler: async (a) => {
    const { exportCohorts, resolveStore } = await load();
    const { store } = await resolveStore(a.store);
    const text = `${JSON.stringify(exportCohorts(store, (a.names ?? []).map(String)), null, 2)}\n`;
    writeOutText(a.out, text);
  },
});

const imp = defineCommand<{ file: string; replace?: boolean; name?: string; store?: string }>({
  command: 'import <file>',
  describe: 'Add cohort definitions from a JSON file (quarry cohort export, or one hosted-shape definition with --name)',
  examples: [
    ['quarry cohort import cohorts.json', 'what cohort export wrote'],
    ['quarry cohort import raw_cohort.json --name "Premium buyers"', "one definition in the hosted product's stored shape"],
  ],
  builder: (y) =>
    y
      .positional('file', { type: 'string', describe: 'JSON file (- for stdin)' })
      .option('replace', { type: 'boolean', describe: 'Overwrite cohorts that already exist' })
      .option('name', { type: 'string', describe: 'Name for a file holding one bare definition' })
      .option('store', storeOpt) as never,
  handler: async (a) => {
    const { importCohorts, readCohortFile, resolveWritableStore } = await load();
    const cohorts = readCohortFile(readJsonFile(a.file, 'cohort file'), a.name);
    const done = await importCohorts(await resolveWritableStore(a.store), cohorts, { replace: a.replace });
    process.stdout.write(`imported ${done.length} cohort(s): ${done.map((c) => JSON.stringify(c.name)).join(', ')}\n`);
  },
});

export const cohortCommand = defineCommand({
  command: 'cohort',
  describe: 'Saved groups of users: create, list, show, members, freeze, rename, delete, export, import',
  examples: [
    ['quarry cohort create Buyers --did Purchase --within 30d', 'a dynamic cohort'],
    ['quarry cohort list', 'cohorts with member counts'],
    ['quarry cohort members Buyers --out buyers.csv', 'export the members'],
  ],
  subcommands: [create, freeze, list, show, members, rename, del, exp, imp],
});
