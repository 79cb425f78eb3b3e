/**
 * A file of distinct_ids (`--ids FILE`, `cohort create --from-csv`): one id a line,
 * or a CSV whose header names an id column (`$distinct_id` / `distinct_id`; else the
 * first column). A `Cohort` column (any case) keeps only the rows whose value is the
 * cohort being made, as the hosted product's "Cohort = Android Users" upload does.
 */
import { UserError } from '../errors.js';
import { readCsvRows } from '../ingest/index.js';

const ID_HEADERS = ['$distinct_id', 'distinct_id', '$user_id', 'user_id', 'id'];

export interface IdList {
  ids: string[];
  /** Rows skipped because their Cohort cell named another cohort. */
  otherCohort: number;
  /** Distinct Cohort values seen, when the file has that column. */
  cohortValues: string[];
  hasCohortColumn: boolean;
}

export async function readIds(file: string, cohortName?: string): Promise<IdList> {
  const out: IdList = { ids: [], otherCohort: 0, cohortValues: [], hasCohortColumn: false };
  const values = new Set<string>();
  let idCol = -1;
  let cohortCol = -1;
  let first = true;
  const seen = new Set<string>();
  try {
    for await (const row of readCsvRows(file)) {
      const cells = row.cells.map((c) => c.trim());
      if (first) {
        first = false;
        const lower = cells.map((c) => c.toLowerCase());
        const at = ID_HEADERS.map((h) => lower.indexOf(h)).find((i) => i >= 0);
        cohortCol = lower.indexOf('cohort');
        if (at !== undefined || cohortCol >= 0) {
          idCol = at ?? 0;
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
        out.ids.push(id);
      }
    }
  } catch (e) {
    if (e instanceof UserError) throw e;
    throw new UserError(`cannot read ids from ${file}: ${(e as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (e as Error).message}`);
  }
  out.cohortValues = [...values];
  return out;
}
