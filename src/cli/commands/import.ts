import { UserError } from '../../errors.js';
import type { ImportReport } from '../../ingest/report.js';
import { defineCommand } from '../define-command.js';
import { startProgress } from '../progress.js';

// The importers load only when an import runs.
const ingest = () => import('../../ingest/index.js');
const stores = () => import('../resolve-store.js');

/** Print the one-line summary (always) and pick the exit code: skipped rows fail the run. */
function finish(report: ImportReport, what: string, json: boolean | undefined): void {
  if (json) process.stdout.write(`${JSON.stringify(report.toJSON())}\n`);
  else process.stdout.write(`${report.summary(what)}\n`);
  for (const n of report.notes) process.stderr.write(`note: ${n}\n`);
  if (report.skipped > 0) process.exitCode = 1;
}

const common = {
  store: { type: 'string', describe: 'Store directory (default: $QUARRY_STORE, else ./.quarry)' },
  strict: { type: 'boolean', describe: 'Abort with nothing written if any record is bad' },
  json: { type: 'boolean', describe: 'Print the report as JSON' },
} as const;

const events = defineCommand<{ files: string[]; store?: string; strict?: boolean; json?: boolean; timezoneShifted?: boolean }>({
  command: 'events <files..>',
  describe: 'Import raw event exports (JSON lines, JSON arrays, Data Pipelines JSON, .gz of each)',
  examples: [
    ['quarry import events export-2016-03.json', 'import one raw export file'],
    ['quarry import events --timezone-shifted old/*.json.gz', 'exports of pre-2023 projects, whose times are in project time'],
  ],
  builder: (y) =>
    y
      .positional('files', { type: 'string', array: true, describe: 'Files to import' })
      .options(common)
      .option('timezone-shifted', { type: 'boolean', describe: 'Times in the files are already shifted into the project timezone' }) as never,
  handler: async (a) => {
    const { fileInputs, importEvents } = await ingest();
    const store = await (await stores()).resolveWritableStore(a.store);
    const bar = startProgress('import', 1, 'MB');
    try {
      const inputs = fileInputs(a.files, (bytes, total) => bar.update(Math.round(bytes / 1e5) / 10, Math.round(total / 1e5) / 10));
      const report = await importEvents(store, inputs, { strict: a.strict, timezoneShifted: a.timezoneShifted, command: `import events ${a.files.join(' ')}` });
      bar.stop();
      finish(report, 'events', a.json);
    } finally {
      bar.stop();
    }
  },
});

const people = defineCommand<{
  file: string; store?: string; strict?: boolean; json?: boolean; mode: 'create' | 'update' | 'upsert'; idColumn?: string;
  header: boolean; columns?: string; inferTypes?: boolean; maxRows: number; groupKey?: string;
}>({
  command: 'people <file>',
  describe: 'Import profiles: an engage export (JSON array or JSON lines) or a CSV file',
  examples: [
    ['quarry import people profiles.json', 'an engage export ({"$distinct_id", "$properties"} records)'],
    ['quarry import people users.csv --id-column user_id --infer-types', 'a CSV with a header row; numbers and booleans typed'],
    ['quarry import people list.csv --no-header --columns \'$distinct_id,$email,-,plan\' --mode update', 'header-less CSV, third column skipped, only existing profiles'],
    ['quarry import people companies.csv --group-key company_id', 'group profiles keyed by $group_id'],
  ],
  builder: (y) =>
    y
      .positional('file', { type: 'string', describe: 'File to import (.csv for CSV; anything else is read as JSON)' })
      .options(common)
      .option('mode', { choices: ['create', 'update', 'upsert'] as const, default: 'upsert' as const, describe: 'create: skip existing ids; update: skip unknown ids' })
      .option('id-column', { type: 'string', describe: 'CSV column holding the distinct_id (or $group_id)' })
      .option('header', { type: 'boolean', default: true, describe: 'The CSV has a header row (--no-header: give --columns)' })
      .option('columns', { type: 'string', describe: 'With --no-header: the property of each column, comma-separated ("-" skips one)' })
      .option('infer-types', { type: 'boolean', describe: 'Type CSV values (numbers, booleans, JSON lists); default: all strings' })
      .option('max-rows', { type: 'number', default: 1_000_000, describe: 'Refuse CSV files with more rows' })
      .option('group-key', { type: 'string', describe: 'Import group profiles of this group key' }) as never,
  handler: async (a) => {
    const { importPeople, importPeopleCsv, readRecords } = await ingest();
    const store = await (await stores()).resolveWritableStore(a.store);
    let report: ImportReport;
    if (/\.csv(\.gz)?$/i.test(a.file)) {
      if (!a.header && !a.columns) throw new UserError('--no-header needs --columns to say what each column holds');
      report = await importPeopleCsv(store, a.file, {
        mode: a.mode, idColumn: a.idColumn, header: a.header, columns: a.columns?.split(','), inferTypes: a.inferTypes,
        maxRows: a.maxRows, strict: a.strict, groupKey: a.groupKey,
      });
    } else {
      report = await importPeople(store, [{ label: a.file, records: readRecords(a.file) }], { mode: a.mode, strict: a.strict, groupKey: a.groupKey });
    }
    finish(report, a.groupKey ? 'group profiles' : 'profiles', a.json);
  },
});

const updates = defineCommand<{ files: string[]; store?: string; strict?: boolean; json?: boolean; groupKey?: string }>({
  command: 'updates <files..>',
  describe: 'Apply profile update records ($set, $set_once, $add, $append, $union, $remove, $unset, $delete) in file order',
  examples: [['quarry import updates engage-batch.json', 'apply the updates a client sent to /engage']],
  builder: (y) =>
    y
      .positional('files', { type: 'string', array: true })
      .options(common)
      .option('group-key', { type: 'string', describe: 'Updates are for group profiles of this key' }) as never,
  handler: async (a) => {
    const { importUpdates, readRecords } = await ingest();
    const store = await (await stores()).resolveWritableStore(a.store);
    const inputs = a.files.map((f) => ({ label: f, records: readRecords(f) }));
    const report = await importUpdates(store, inputs, { strict: a.strict, groupKey: a.groupKey });
    finish(report, 'updates', a.json);
  },
});

export const importCommand = defineCommand({
  command: 'import',
  describe: 'Import events, profiles or profile updates into the store (atomically)',
  examples: [
    ['quarry import events export.json.gz', 'raw event export'],
    ['quarry import people users.csv', 'profiles from a CSV'],
  ],
  subcommands: [events, people, updates],
});
