import fs from 'node:fs';
import path from 'node:path';
import type { Writable } from 'node:stream';
import { UsageError } from '../../errors.js';
import { defineCommand, storeOption } from '../define-command.js';
import { checkOutFolder, openOut } from '../out-file.js';

const FORMATS = ['jsonl', 'csv', 'arrow', 'parquet'] as const;
type ExportFormat = (typeof FORMATS)[number];

interface ExportArgs {
  store?: string;
  format?: ExportFormat;
  out?: string;
  from?: string;
  to?: string;
  event?: string[];
  where?: string;
  limit?: number;
  timeInMs?: boolean;
  cohort?: string[];
}

/** --format, else from the --out extension, else jsonl. */
function pickFormat(a: ExportArgs): ExportFormat {
  if (a.format) return a.format;
  const ext = a.out?.toLowerCase().match(/\.(jsonl|ndjson|json|csv|arrow|feather|ipc|parquet)$/)?.[1];
  if (ext === 'csv') return 'csv';
  if (ext === 'arrow' || ext === 'feather' || ext === 'ipc') return 'arrow';
  if (ext === 'parquet') return 'parquet';
  return 'jsonl';
}

async function write(
  a: ExportArgs,
  what: 'events' | 'users',
  total: number,
  w: {
    jsonl: (out: Writable) => Promise<number>;
    table: () => import('../../export/index.js').FlatTable;
  },
): Promise<void> {
  const format = pickFormat(a);
  if ((format === 'arrow' || format === 'parquet') && a.out === undefined) throw new UsageError(`--format ${format} writes a file: give --out FILE`);
  // --out is checked before any work, and written through a temporary file renamed into
  // place at the end, so a failed export leaves no half-written file (cli/out-file.ts).
  const target = format === 'arrow' || format === 'parquet' ? null : openOut(a.out);
  if (target === null) checkOutFolder(a.out!, '--out');
  const [{ writeFlatArrow, writeFlatCsv, writeFlatParquet }, { startProgress }] = await Promise.all([
    import('../../export/index.js'),
    import('../progress.js'),
  ]);
  const bar = startProgress('export', total, what);
  const onRows = (n: number) => bar.update(n);
  let n: number;
  try {
    if (target === null) {
      const temp = path.join(path.dirname(path.resolve(a.out!)), `.${path.basename(a.out!)}.${process.pid}.tmp`);
      try {
        n = format === 'arrow' ? await writeFlatArrow(w.table(), temp, onRows) : await writeFlatParquet(w.table(), temp, onRows);
        fs.renameSync(temp, a.out!);
      } finally {
        fs.rmSync(temp, { force: true });
      }
    } else {
      try {
        n = format === 'csv' ? await writeFlatCsv(w.table(), target.stream, onRows) : await w.jsonl(target.stream);
      } catch (e) {
        await target.abort();
        throw e;
      }
      await target.close();
    }
  } finally {
    bar.stop();
  }
  if (a.out !== undefined) process.stderr.write(`wrote ${n.toLocaleString('en-US')} ${what} to ${a.out} (${format})\n`);
}

const formatOptions = <T>(y: import('yargs').Argv<T>) =>
  storeOption(y)
    .option('format', { choices: FORMATS, describe: 'jsonl (hosted export shape), csv, arrow (IPC file) or parquet (default: from --out, else jsonl)' })
    .option('out', { type: 'string', describe: 'Write to this file instead of standard output' });

const eventsCommand = defineCommand<ExportArgs>({
  command: 'events',
  describe: 'Export events: JSON lines in the hosted raw-export shape (quarry import events reads them back), or a flat table',
  examples: [
    ['quarry export events --from 2024-01-01 --to 2024-01-31 > jan.jsonl', 'January in the hosted export shape'],
    ['quarry export events --from 2024-01-01 --to 2024-12-31 --event Purchase --out buys.parquet', 'one event as Parquet (DuckDB, pyarrow, polars)'],
    ['quarry export events --from 2024-03-01 --to 2024-03-01 --where \'properties["$browser"] == "Chrome"\' --format csv', 'a selector, as CSV'],
  ],
  builder: (y) =>
    formatOptions(y)
      .option('from', { type: 'string', demandOption: true, describe: 'First day, YYYY-MM-DD (project timezone)' })
      .option('to', { type: 'string', demandOption: true, describe: 'Last day, YYYY-MM-DD (inclusive)' })
      .option('event', { type: 'string', array: true, describe: 'Only events of this name (repeat for more)' })
      .option('where', { type: 'string', describe: 'Selector over event properties, e.g. \'properties["plan"] == "pro"\'' })
      .option('limit', { type: 'number', describe: 'At most this many events' })
      .option('time-in-ms', { type: 'boolean', describe: 'jsonl: "time" in milliseconds instead of seconds' }) as never,
  handler: async (a) => {
    const [{ resolveStore }, ex, { writeJsonl }] = await Promise.all([
      import('../resolve-store.js'),
      import('../../export/index.js'),
      import('../../output/index.js'),
    ]);
    const { from, to } = (() => {
      try {
        return ex.checkDayRange(a.from, a.to, (f) => (f === 'from_date' ? '--from' : '--to'));
      } catch (e) {
        throw new UsageError((e as Error).message);
      }
    })();
    if (a.limit !== undefined && (!Number.isInteger(a.limit) || a.limit < 1)) throw new UsageError(`--limit needs a whole number >= 1, got ${a.limit}`);
    const { store } = await resolveStore(a.store);
    // A store on S3: fetch the days exported, every property, in parallel (no-op on disk).
    await store.remote?.prefetch({ days: store.days(from, to), eventProperties: null, users: true, profiles: false });
    const o = { from, to, events: a.event?.map(String), where: a.where, limit: a.limit, timeInMs: a.timeInMs };
    const table = ex.eventTable(store, o);
    await write(a, 'events', table.total, {
      jsonl: async (out) => (await writeJsonl(ex.exportEvents(store, o), out)).items,
      table: () => table,
    });
  },
});

const peopleCommand = defineCommand<ExportArgs>({
  command: 'people',
  describe: 'Export user profiles: JSON lines in the engage export shape (quarry import people reads them back), or a flat table',
  examples: [
    ['quarry export people > people.jsonl', 'every profile, {"$distinct_id", "$properties"} a line'],
    ['quarry export people --cohort "Power users" --out power.parquet', "a cohort's profiles as Parquet"],
    ['quarry export people --where \'properties["plan"] == "pro"\' --format csv', 'a selector, as CSV'],
  ],
  builder: (y) =>
    formatOptions(y)
      .option('where', { type: 'string', describe: 'Selector over profile properties' })
      .option('cohort', { type: 'string', array: true, describe: 'Only members of this saved cohort (repeat: of all of them)' }) as never,
  handler: async (a) => {
    const [{ resolveStore }, ex, { writeJsonl }] = await Promise.all([
      import('../resolve-store.js'),
      import('../../export/index.js'),
      import('../../output/index.js'),
    ]);
    await import('../../cohort/index.js');
    const { store } = await resolveStore(a.store);
    await store.remote?.prefetch({ days: [], eventProperties: [], users: true, profiles: true });
    const people = ex.exportPeople(store, { where: a.where, cohorts: a.cohort?.map(String) });
    await write(a, 'users', people.users.length, {
      jsonl: async (out) => (await writeJsonl(people.records(), out)).items,
      table: () => ex.peopleTable(store, people.users),
    });
  },
});

export const exportCommand = defineCommand<ExportArgs>({
  command: 'export',
  describe: 'Export events or profiles (JSON lines in the hosted shapes, CSV, Arrow or Parquet)',
  examples: [
    ['quarry export events --from 2024-01-01 --to 2024-01-31 --out jan.jsonl', 'events in the hosted raw-export shape'],
    ['quarry export people --out people.parquet', 'profiles as a Parquet table'],
  ],
  subcommands: [eventsCommand, peopleCommand],
});
