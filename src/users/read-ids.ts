/**
 * A file of distinct_ids (`--ids FILE`, `cohort create --from-csv`; `-` for standard
 * input): one id a line, or a CSV (comma, semicolon or tab) whose first row is a
 * header when it names a known column: an id column (`$distinct_id`, `distinct_id`,
 * `$user_id`, `user_id`, `id`), an email column (`$email`, `email`), or `Cohort`. A
 * header cell is never taken for an id. With an email column and no id column, each
 * email stands for the profiles whose `$email` it is (compared case-insensitively),
 * and emails no profile has are counted. A `Cohort` column (any case) keeps only the
 * rows whose value is the cohort being made, as the hosted product's "Cohort =
 * Android Users" upload does.
 */
import { UserError } from '../errors.js';
import { readCsvRows } from '../ingest/index.js';
import { type Store, valueAt } from '../store/index.js';

const ID_HEADERS = ['$distinct_id', 'distinct_id', '$user_id', 'user_id', 'id'];
const EMAIL_HEADERS = ['$email', 'email', 'e-mail'];

export interface IdList {
  ids: string[];
  /** Rows skipped because their Cohort cell named another cohort. */
  otherCohort: number;
  /** Distinct Cohort values seen, when the file has that column. */
  cohortValues: string[];
  hasCohortColumn: boolean;
  /** Emails (email column, no id column) that no profile has. */
  unknownEmails: number;
  /** Which column the ids came from, as the header names it (undefined: no header). */
  column?: string;
}

export async function readIds(file: string, cohortName?: string, store?: Store): Promise<IdList> {
  const out: IdList = { ids: [], otherCohort: 0, cohortValues: [], hasCohortColumn: false, unknownEmails: 0 };
  const values = new Set<string>();
  let idCol = -1;
  let cohortCol = -1;
  let byEmail = false;
  let first = true;
  const seen = new Set<string>();
  const taken: string[] = [];
  try {
    for await (const row of readCsvRows(file)) {
      const cells = row.cells.map((c) => c.trim());
      if (first) {
        first = false;
        const lower = cells.map((c) => c.toLowerCase());
        const at = ID_HEADERS.map((h) => lower.indexOf(h)).find((i) => i >= 0);
        const emailAt = EMAIL_HEADERS.map((h) => lower.indexOf(h)).find((i) => i >= 0);
        cohortCol = lower.indexOf('cohort');
        if (at !== undefined || emailAt !== undefined || cohortCol >= 0) {
          idCol = at ?? emailAt ?? 0;
          byEmail = at === undefined && emailAt !== undefined;
          out.column = cells[idCol];
          out.hasCohortColumn = cohortCol >= 0;
          continue; // a header row
        }
        idCol = 0;
      }
      const id = cells[idCol] ?? '';
      if (id === '') continue;
      if (cohortCol >= 0) {
        const v = cells[cohortCol] ?? '';
        values.add(v);
        if (cohortName !== undefined && v !== cohortName) {
          out.otherCohort++;
          continue;
        }
      }
      if (!seen.has(id)) {
        seen.add(id);
        taken.push(id);
      }
    }
  } catch (e) {
    if (e instanceof UserError) throw e;
    throw new UserError(`cannot read ids from ${file}: ${(e as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (e as Error).message}`);
  }
  out.cohortValues = [...values];
  if (!byEmail) out.ids = taken;
  else {
    const owners = store === undefined ? new Map<string, string[]>() : emailOwners(store);
    const ids = new Set<string>();
    for (const e of taken) {
      const who = owners.get(e.toLowerCase());
      if (who === undefined) out.unknownEmails++;
      else for (const id of who) ids.add(id);
    }
    out.ids = [...ids];
  }
  return out;
}

/** lower-cased `$email` -> the distinct_ids of the profiles that have it. */
function emailOwners(store: Store): Map<string, string[]> {
  const owners = new Map<string, string[]>();
  const table = store.profiles();
  const col = table?.column('$email');
  if (table === null || col === undefined) return owners;
  const ids = store.users.ids;
  for (let r = 0; r < table.length; r++) {
    const e = valueAt(col, r);
    if (typeof e !== 'string' || e.trim() === '') continue;
    const k = e.trim().toLowerCase();
    const list = owners.get(k);
    const id = ids[table.user[r]!]!;
    if (list === undefined) owners.set(k, [id]);
    else list.push(id);
  }
  return owners;
}
