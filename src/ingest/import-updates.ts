/**
 * `quarry import updates`: profile update records (spec mixpanel-formats B3/B4, the
 * bodies clients send to `/engage` and `/groups`) applied in input order, in one
 * atomic commit. A file may mix user and group updates; batches (arrays of records,
 * or base64 JSON as in a `data=` form field) are unpacked.
 */
import { UserError } from '../errors.js';
import type { Store, Transaction } from '../store/index.js';
import { applyUpdate } from './apply-update.js';
import { eachRecord, PROGRESS_EVERY, type RecordInput } from './each-record.js';
import { settleLastSeen } from './last-seen.js';
import { ProfileSession } from './profile-session.js';
import { ImportReport } from './report.js';
import { normalizeUpdateRecord, unbatch } from './sources/profile-updates.js';
import { phoneProblem } from './sources/reserved.js';

export interface UpdatesOptions {
  /** Any skipped record aborts the import with nothing written. */
  strict?: boolean;
  /** Group key for records that carry `$group_id` (or only `$distinct_id`) but no `$group_key`. */
  groupKey?: string;
  onProgress?: (p: { records: number }) => void;
  /** UTC ms of updates without `$time` (default: now). */
  now?: number;
  command?: string;
  /** Last changes to the manifest in the same commit (the server's ingestion-log cursor). */
  beforeCommit?: (tx: Transaction) => void;
}

const flatten = (v: unknown): unknown[] => (Array.isArray(v) ? v.flatMap(unbatch) : unbatch(v));

export async function importUpdates(store: Store, inputs: RecordInput[], o: UpdatesOptions = {}): Promise<ImportReport> {
  const report = new ImportReport();
  const now = o.now ?? Date.now();
  return ProfileSession.run(
    store,
    o.command ?? 'import updates',
    async (s) => {
      for await (const { value, place } of eachRecord(inputs, report, flatten)) {
        const rec = normalizeUpdateRecord(value, o.groupKey);
        if (!rec.ok) report.skip(rec.reason, place);
        else {
          const target = s.target(rec.target.groupKey);
          const before = target.get(rec.target.id);
          const { profile, warnings } = applyUpdate(before, rec.update, now);
          const set = rec.update.$set;
          const w = settleLastSeen(before, profile, set, s.timezone);
          if (w !== undefined) warnings.push(w);
          const phone = typeof set === 'object' && set !== null ? phoneProblem(set as Record<string, unknown>) : undefined;
          if (phone !== undefined) warnings.push(phone);
          for (const m of warnings) report.warn(m, place);
          if (profile !== undefined || before !== undefined) target.set(rec.target.id, profile);
          report.imported++;
        }
        if (report.read % PROGRESS_EVERY === 0) o.onProgress?.({ records: report.read });
      }
      o.onProgress?.({ records: report.read });
      if (o.strict && report.skipped > 0) {
        throw new UserError(`import aborted (--strict): ${report.summary('updates')}. Nothing was written.`);
      }
      return report;
    },
    { beforeCommit: o.beforeCommit },
  );
}
