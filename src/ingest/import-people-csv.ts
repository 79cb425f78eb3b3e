/**
 * `quarry import people --csv`: a CSV of profiles (spec users-and-cohorts §6) into the
 * user profile table (or a group profile table), in one atomic commit.
 *
 * Each good row is a `$set` of its non-empty cells, so imported values overwrite and
 * other properties stay. Bad rows (wrong column count, empty identifier) are skipped
 * and listed with their line numbers; with `strict`, any bad row (a phone without
 * `+` included) aborts the import with nothing written.
 */
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { InternalError, UsageError, UserError } from '../errors.js';
import type { Store } from '../store/index.js';
import { PROGRESS_EVERY } from './each-record.js';
import { checkMode, type PeopleOptions, type SetContext, setProfile } from './import-people.js';
import type { ProfileTarget } from './profile-session.js';
import { ProfileSession } from './profile-session.js';
import { readCsvRows } from './read-csv-rows.js';
import { ImportReport } from './report.js';
import { type ColumnPlan, planColumns, rowToProfile } from './sources/people-csv.js';
import { phoneProblem } from './sources/reserved.js';

export const DEFAULT_MAX_ROWS = 1_000_000;

export interface CsvOptions extends PeopleOptions {
  /** The identifier column (a header name, or a name from `columns`). Default: `$distinct_id`/`distinct_id` (`$group_id`/`group_id` for groups). */
  idColumn?: string;
  /** The first row names the properties (default true). */
  header?: boolean;
  /**
   * The property of each column, in order; '' or '-' leaves a column out. Required with
   * `header: false`; with a header row it replaces the header's names (the header row
   * is then skipped, and must have as many cells).
   */
  columns?: string[];
  /** Read numbers, booleans, dates, JSON lists and objects as such (default: every value is a string). */
  inferTypes?: boolean;
  /** More data rows than this is an error, raised before anything is written. */
  maxRows?: number;
  /** Field delimiter (default: detected, `,` `;` or tab). */
  delimiter?: string;
}

/** Profiles shown by `--dry-run`. */
export const DRY_RUN_SAMPLE = 5;

export const RANDOM_ID = 'no identifier column and no $email: random distinct_id generated';
export const POSSIBLE_DUPLICATE = 'possible duplicate profile (same $email as another distinct_id)';

export async function importPeopleCsv(store: Store, file: string, o: CsvOptions = {}): Promise<ImportReport> {
  const mode = checkMode(o.mode);
  const header = o.header ?? true;
  const maxRows = o.maxRows ?? DEFAULT_MAX_ROWS;
  if (!header && (o.columns === undefined || o.columns.length === 0)) {
    throw new UsageError('a CSV without a header row needs a column map: the property of each column, in order ("-" to leave one out)');
  }
  const group = o.groupKey !== undefined;
  const label = file === '-' ? 'standard input' : path.basename(file);
  const report = new ImportReport();
  if (o.dryRun) report.dryRun = { sample: [] };
  return ProfileSession.run(
    store,
    o.command ?? 'import people (csv)',
    async (s) => {
      const target = s.target(o.groupKey);
      const ctx: SetContext = { mode, now: o.now ?? Date.now(), timezone: s.timezone, report };
      const mapped = o.columns !== undefined && o.columns.length > 0;
      let plan: ColumnPlan | undefined = mapped ? usePlan(planColumns(o.columns!, { header: false, idColumn: o.idColumn, group }), report) : undefined;
      let headerPending = header;
      const emails = new Map<string, string>(); // id -> place, for rows with an email
      let randomIds = 0;
      const onDelimiter = (d: string, detected: boolean) => {
        if (detected && d !== ',')
          report.notes.push(`${label}: fields are separated by ${d === '\t' ? 'tabs' : JSON.stringify(d)} (detected; --delimiter to choose)`);
      };
      for await (const row of readCsvRows(file, { label, delimiter: o.delimiter, onDelimiter })) {
        if (headerPending) {
          headerPending = false;
          if (plan === undefined) {
            const p = planColumns(row.cells, { header, idColumn: o.idColumn, group });
            refuseDataAsHeader(row.cells, p, s.knownIds(o.groupKey), { file, label, group });
            plan = usePlan(p, report);
          } else if (row.cells.length !== plan.width) {
            throw new UsageError(`the column map names ${plan.width} columns but the header of ${label} has ${row.cells.length}`);
          }
          continue;
        }
        if (plan === undefined) throw new InternalError('no column plan'); // a header or a column map always gives one
        if (report.read >= maxRows) {
          throw new UserError(
            `${label} has more than ${maxRows.toLocaleString('en-US')} rows (row at line ${row.line}); nothing was imported. Split the file, or raise the limit (--max-rows).`,
          );
        }
        report.read++;
        const place = `${label}:${row.line}`;
        const r = rowToProfile(row.cells, plan, o.inferTypes ?? false);
        if (!r.ok) report.skip(r.reason, place + r.detail);
        else if (!skipForPhone(r.properties, place, o.strict ?? false, report)) {
          let id = r.id ?? r.email;
          if (id === undefined) {
            id = randomUUID();
            randomIds++;
            report.warn(RANDOM_ID, `${place} = ${id}`);
          }
          const existed = target.get(id) !== undefined;
          if (setProfile(target, id, r.properties, place, ctx)) {
            report.imported++;
            if (existed) report.updated++;
            else report.created++;
            if (report.dryRun && report.dryRun.sample.length < DRY_RUN_SAMPLE) report.dryRun.sample.push({ id, properties: r.properties });
            if (r.email !== undefined) emails.set(id, place);
          }
        }
        if (report.read % PROGRESS_EVERY === 0) o.onProgress?.({ records: report.read });
      }
      o.onProgress?.({ records: report.read });
      if (headerPending) report.notes.push(`${label} is empty: no header, no rows`);
      if (randomIds > 0)
        report.notes.push(`${randomIds} random distinct_id(s) generated for rows without an identifier or email (the first five are listed in the warnings)`);
      if (o.strict && report.skipped > 0) {
        throw new UserError(`import aborted (--strict): ${report.summary('profiles')}. Nothing was written.`);
      }
      reportDuplicateEmails(target, emails, report);
      return report;
    },
    { dryRun: o.dryRun },
  );
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const NUMBER_LIKE = /^[+-]?\d+([.,]\d+)?$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * The hosted upload takes files *without* a header row, so a header that is really
 * the first profile is a common mistake: with no identifier column and no `$email`
 * every row would get a random id and the first profile would become property names.
 * When the header has neither and a cell looks like data (an email, a number, a UUID,
 * an id already in the store), refuse and show the command that reads the file
 * without a header.
 */
function refuseDataAsHeader(cells: string[], plan: ColumnPlan, isKnownId: (id: string) => boolean, o: { file: string; label: string; group: boolean }): void {
  if (plan.idIndex >= 0 || plan.emailIndex >= 0) return;
  const why: string[] = [];
  for (const raw of cells) {
    const c = raw.trim();
    if (c === '') continue;
    if (EMAIL.test(c)) why.push(`${JSON.stringify(c)} is an email address`);
    else if (NUMBER_LIKE.test(c)) why.push(`${JSON.stringify(c)} is a number`);
    else if (UUID.test(c)) why.push(`${JSON.stringify(c)} is a UUID`);
    else if (isKnownId(c)) why.push(`${JSON.stringify(c)} is a ${o.group ? 'group id' : 'distinct_id'} already in the store`);
  }
  if (why.length === 0) return;
  const idName = o.group ? '$group_id' : '$distinct_id';
  const guess = cells.map((raw, i) => {
    const c = raw.trim();
    if (EMAIL.test(c)) return '$email';
    if (i === 0) return idName;
    return `prop${i + 1}`;
  });
  if (!guess.includes(idName) && !guess.slice(1).includes('$email')) guess[0] = idName;
  const file = o.file === '-' ? '-' : o.file;
  // Bad input data (exit 1), like any other refused file; the message says what to type.
  throw new UserError(
    `${o.label}: the first row looks like data, not a header (${why.slice(0, 3).join('; ')}), and no column is named ${idName} or $email; nothing was imported.\n` +
      `If the file has no header row (as the hosted upload expects), say what each of its ${cells.length} columns holds, "-" to leave one out:\n` +
      `  quarry import people ${file} --no-header --columns '${guess.join(',')}'` +
      `\nIf it is a header, name the identifier column: --id-column NAME.`,
  );
}

function usePlan(plan: ColumnPlan, report: ImportReport): ColumnPlan {
  report.notes.push(...plan.notes);
  if (plan.idIndex < 0) {
    report.notes.push(
      plan.emailIndex >= 0
        ? 'no identifier column: $email is used as the distinct_id'
        : 'no identifier column and no $email column: every profile gets a random distinct_id',
    );
  }
  return plan;
}

/** A phone without `+` is a row warning; under --strict it is a bad row (spec §5, §6). True when the row is skipped. */
function skipForPhone(properties: Record<string, unknown>, place: string, strict: boolean, report: ImportReport): boolean {
  const problem = phoneProblem(properties);
  if (problem === undefined) return false;
  if (strict) report.skip(problem, place);
  else report.warn(problem, place);
  return strict;
}

/**
 * Profiles are matched on distinct_id alone, so the same email under two ids makes two
 * profiles. Warn for each imported row whose email another profile (imported now or
 * before) also has; emails compare case-insensitively.
 */
function reportDuplicateEmails(target: ProfileTarget, imported: Map<string, string>, report: ImportReport): void {
  if (imported.size === 0) return;
  const owners = new Map<string, string[]>();
  for (const [id, p] of target.entries()) {
    const e = p.properties.$email;
    if (typeof e !== 'string' || e.trim() === '') continue;
    const k = e.trim().toLowerCase();
    const list = owners.get(k);
    if (list === undefined) owners.set(k, [id]);
    else list.push(id);
  }
  for (const [id, place] of imported) {
    const p = target.get(id);
    const e = p?.properties.$email;
    if (typeof e !== 'string') continue;
    const others = (owners.get(e.trim().toLowerCase()) ?? []).filter((x) => x !== id);
    if (others.length > 0) report.warn(POSSIBLE_DUPLICATE, `${place} (${e}; also ${others.slice(0, 3).join(', ')}${others.length > 3 ? ', ...' : ''})`);
  }
}
