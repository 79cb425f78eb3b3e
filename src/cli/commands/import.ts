import { UsageError } from '../../errors.js';
import type { ImportReport } from '../../ingest/report.js';
import { requireText } from '../arg-checks.js';
import { defineCommand } from '../define-command.js';
import { boundImportHeapGrowth, IMPORT_EVENTS_HEAP_GROWING_PERCENT } from '../import-heap.js';
import { startProgress } from '../progress.js';

// The importers load only when an import runs.
const ingest = () => import('../../ingest/index.js');
const stores = () => import('../resolve-store.js');

/** yargs hands a lone "-" (standard input) over as an empty string. */
const fileArg = (f: unknown): string => (f === '' || f === undefined || f === true ? '-' : String(f));

/** Print the summary (always) and pick the exit code: skipped rows fail the run. */
function finish(report: ImportReport, what: string, json: boolean | undefined): void {
  if (json) process.stdout.write(`${JSON.stringify(report.toJSON())}\n`);
  else {
    process.stdout.write(`${report.display(what)}\n`);
    if (report.dryRun) {
      process.stdout.write(
        `dry run: nothing was written. ${report.created} ${what} would be created, ${report.updated} updated${report.dryRun.sample.length ? '; the first ones:' : ''}\n`,
      );
      for (const p of report.dryRun.sample) process.stdout.write(`  ${p.id}  ${JSON.stringify(p.properties)}\n`);
    }
  }
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
  describe: 'Import raw event exports (JSON lines, JSON arrays, Data Pipelines JSON, .gz of each; - for standard input)',
  examples: [
    ['quarry import events export-2016-03.json', 'import one raw export file'],
    ['quarry import events --timezone-shifted old/*.json.gz', 'exports of pre-2023 projects, whose times are in project time'],
    ['zcat export.json.gz | quarry import events -', 'from standard input'],
  ],
  builder: (y) =>
    y
      .positional('files', { type: 'string', array: true, describe: 'Files to import (- for standard input)' })
      .options(common)
      .option('timezone-shifted', { type: 'boolean', describe: 'Times in the files are already shifted into the project timezone' }) as never,
  handler: async (a) => {
    boundImportHeapGrowth(process.env, IMPORT_EVENTS_HEAP_GROWING_PERCENT);
    const { fileInputs, importEvents } = await ingest();
    const files = a.files.map(fileArg);
    if (files.filter((f) => f === '-').length > 1) throw new UsageError('standard input (-) can be read once');
    const store = await (await stores()).resolveWritableStore(a.store);
    const bar = startProgress('import', 1, 'MB');
    try {
      const inputs = fileInputs(files, (bytes, total) => bar.update(Math.round(bytes / 1e5) / 10, Math.round(total / 1e5) / 10));
      for (const [i, f] of files.entries()) if (f === '-') inputs[i]!.label = 'stdin';
      const report = await importEvents(store, inputs, { strict: a.strict, timezoneShifted: a.timezoneShifted, command: `import events ${files.join(' ')}` });
      bar.stop();
      finish(report, 'events', a.json);
    } finally {
      bar.stop();
    }
  },
});

const people = defineCommand<{
  file: string;
  store?: string;
  strict?: boolean;
  json?: boolean;
  mode: 'create' | 'update' | 'upsert';
  idColumn?: string;
  header: boolean;
  columns?: string;
  inferTypes?: boolean;
  maxRows: number;
  groupKey?: string;
  delimiter?: string;
  dryRun?: boolean;
}>({
  command: 'people <file>',
  describe: 'Import profiles: an engage export (JSON array or JSON lines) or a CSV file (- for standard input)',
  examples: [
    ['quarry import people profiles.json', 'an engage export ({"$distinct_id", "$properties"} records)'],
    ['quarry import people users.csv --id-column user_id --infer-types', 'a CSV with a header row; numbers and booleans typed'],
    [
      "quarry import people list.csv --no-header --columns '$distinct_id,$email,-,plan' --mode update",
      'header-less CSV (as the hosted upload takes), third column skipped, only existing profiles',
    ],
    ["quarry import people export.csv --delimiter ';' --dry-run", 'semicolons; show what would be created and updated, write nothing'],
    ['quarry import people companies.csv --group-key company_id', 'group profiles keyed by $group_id'],
  ],
  builder: (y) =>
    y
      .positional('file', {
        type: 'string',
        describe: 'File to import (.csv for CSV, anything else is read as JSON; - for standard input, CSV or JSON by its content)',
      })
      .options(common)
      .option('mode', {
        choices: ['create', 'update', 'upsert'] as const,
        default: 'upsert' as const,
        describe: 'create: skip existing ids; update: skip unknown ids',
      })
      .option('id-column', { type: 'string', requiresArg: true, describe: 'CSV column holding the distinct_id (or $group_id)' })
      .option('header', { type: 'boolean', default: true, describe: 'The CSV has a header row (--no-header: give --columns)' })
      .option('columns', { type: 'string', requiresArg: true, describe: 'With --no-header: the property of each column, comma-separated ("-" skips one)' })
      .option('delimiter', { type: 'string', requiresArg: true, describe: 'CSV field delimiter (default: detected: comma, semicolon or tab; "\\t" for tab)' })
      .option('dry-run', { type: 'boolean', describe: 'Check the file and print what would be created and updated; write nothing' })
      .option('infer-types', { type: 'boolean', describe: 'Type CSV values (numbers, booleans, JSON lists); default: all strings' })
      .option('max-rows', { type: 'number', default: 1_000_000, describe: 'Refuse CSV files with more rows' })
      .option('group-key', { type: 'string', requiresArg: true, describe: 'Import group profiles of this group key' }) as never,
  handler: async (a) => {
    boundImportHeapGrowth();
    const { importPeople, importPeopleCsv, readRecords } = await ingest();
    const file = fileArg(a.file);
    const delimiter = parseDelimiter(requireText(a.delimiter, '--delimiter'));
    const store = await (await stores()).resolveWritableStore(a.store);
    let csv = /\.(csv|tsv|txt)(\.gz)?$/i.test(file);
    if (file === '-') {
      const { looksLikeJson, peekStdin } = await import('../../ingest/peek-stdin.js');
      csv = !looksLikeJson(await peekStdin());
    }
    let report: ImportReport;
    if (csv || delimiter !== undefined || !a.header) {
      if (!a.header && !a.columns)
        throw new UsageError("--no-header needs --columns to say what each column holds, e.g. --columns '$distinct_id,$email,$name'");
      report = await importPeopleCsv(store, file, {
        mode: a.mode,
        idColumn: a.idColumn,
        header: a.header,
        columns: a.columns?.split(','),
        inferTypes: a.inferTypes,
        maxRows: a.maxRows,
        strict: a.strict,
        groupKey: a.groupKey,
        delimiter,
        dryRun: a.dryRun,
      });
    } else {
      report = await importPeople(store, [{ label: file === '-' ? 'stdin' : file, records: readRecords(file) }], {
        mode: a.mode,
        strict: a.strict,
        groupKey: a.groupKey,
        dryRun: a.dryRun,
      });
    }
    finish(report, a.groupKey ? 'group profiles' : 'profiles', a.json);
  },
});

/** `--delimiter`: one character; `\t` and `tab` mean a tab. */
function parseDelimiter(v: string | undefined): string | undefined {
  if (v === undefined) return undefined;
  if (v === '\\t' || v.toLowerCase() === 'tab' || v === '\t') return '\t';
  if ([...v].length !== 1) throw new UsageError(`--delimiter is one character (e.g. ';' or '\\t' for tab), got ${JSON.stringify(v)}`);
  if (v === '"' || v === '\n' || v === '\r') throw new UsageError(`--delimiter cannot be ${JSON.stringify(v)}`);
  return v;
}

const updates = defineCommand<{ files: string[]; store?: string; strict?: boolean; json?: boolean; groupKey?: string }>({
  command: 'updates <files..>',
  describe: 'Apply profile update records ($set, $set_once, $add, $append, $union, $remove, $unset, $delete) in file order (- for standard input)',
  examples: [['quarry import updates engage-batch.json', 'apply the updates a client sent to /engage']],
  builder: (y) =>
    y
      .positional('files', { type: 'string', array: true })
      .options(common)
      .option('group-key', { type: 'string', requiresArg: true, describe: 'Updates are for group profiles of this key' }) as never,
  handler: async (a) => {
    boundImportHeapGrowth();
    const { importUpdates, readRecords } = await ingest();
    const files = a.files.map(fileArg);
    if (files.filter((f) => f === '-').length > 1) throw new UsageError('standard input (-) can be read once');
    const store = await (await stores()).resolveWritableStore(a.store);
    const inputs = files.map((f) => ({ label: f === '-' ? 'stdin' : f, records: readRecords(f) }));
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
