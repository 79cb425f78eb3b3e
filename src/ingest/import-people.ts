/**
 * `quarry import people`: engage export records (spec mixpanel-formats B1; a JSON
 * array, JSON lines, or a .gz of either) into the user profile table, or a group
 * profile table with `groupKey`, in one atomic commit.
 *
 * Each record is a `$set` of its `$properties` (as mixpanel-utils' import_people
 * does): imported values overwrite, other properties stay. The record's `$last_seen`
 * (project-time text) becomes the profile's last-seen and update time, so importing
 * an export reproduces its times whatever the day of the import; without one, the
 * import time is used.
 */
import { UsageError, UserError } from '../errors.js';
import type { Store } from '../store/index.js';
import { applyUpdate } from './apply-update.js';
import { eachRecord, PROGRESS_EVERY, type RecordInput } from './each-record.js';
import { settleLastSeen } from './last-seen.js';
import { ProfileSession, type ProfileTarget } from './profile-session.js';
import { ImportReport } from './report.js';
import { normalizeEngageRecord, parseProfileTime } from './sources/people-engage.js';
import { phoneProblem } from './sources/reserved.js';

export type ProfileMode = 'create' | 'update' | 'upsert';
export const PROFILE_MODES: readonly ProfileMode[] = ['create', 'update', 'upsert'];

export interface PeopleOptions {
  /** create: skip (with a warning) ids that have a profile; update: skip ids that have none; upsert (default): both. */
  mode?: ProfileMode;
  /** Import group profiles of this group key (e.g. "company_id") instead of user profiles. */
  groupKey?: string;
  /** Any skipped record aborts the import with nothing written. */
  strict?: boolean;
  onProgress?: (p: { records: number }) => void;
  /** UTC ms used as the update time of records without `$last_seen` (default: now). */
  now?: number;
  /** Shown to other writers while the lock is held. */
  command?: string;
  /** Check and count everything, write nothing; the report holds a sample of the profiles. */
  dryRun?: boolean;
}

export const CREATE_EXISTS = 'profile already exists (create mode: skipped)';
export const UPDATE_MISSING = 'no such profile (update mode: skipped)';

export function checkMode(mode: string | undefined): ProfileMode {
  const m = mode ?? 'upsert';
  if (!(PROFILE_MODES as readonly string[]).includes(m)) throw new UsageError(`unknown mode "${m}": use create, update or upsert`);
  return m as ProfileMode;
}

export interface SetContext {
  mode: ProfileMode;
  now: number;
  timezone: string;
  report: { warn(reason: string, place: string): void };
}

/**
 * `$set` one imported profile's properties under `id`, honouring the mode. Returns
 * false when the mode skipped it. Shared by the engage and CSV importers.
 */
export function setProfile(target: ProfileTarget, id: string, properties: Record<string, unknown>, place: string, c: SetContext): boolean {
  const before = target.get(id);
  if (c.mode === 'create' && before !== undefined) {
    c.report.warn(CREATE_EXISTS, place);
    return false;
  }
  if (c.mode === 'update' && before === undefined) {
    c.report.warn(UPDATE_MISSING, place);
    return false;
  }
  const seen = parseProfileTime(properties.$last_seen, c.timezone);
  const { profile, warnings } = applyUpdate(before, { $set: properties }, seen ?? c.now);
  const w = settleLastSeen(before, profile, properties, c.timezone);
  for (const m of w === undefined ? warnings : [...warnings, w]) c.report.warn(m, place);
  target.set(id, profile);
  return true;
}

export async function importPeople(store: Store, inputs: RecordInput[], o: PeopleOptions = {}): Promise<ImportReport> {
  const mode = checkMode(o.mode);
  const report = new ImportReport();
  if (o.dryRun) report.dryRun = { sample: [] };
  return ProfileSession.run(
    store,
    o.command ?? 'import people',
    async (s) => {
      const target = s.target(o.groupKey);
      const ctx: SetContext = { mode, now: o.now ?? Date.now(), timezone: s.timezone, report };
      for await (const { value, place } of eachRecord(inputs, report)) {
        const rec = normalizeEngageRecord(value, o.groupKey !== undefined);
        if (!rec.ok) report.skip(rec.reason, place);
        else {
          const phone = phoneProblem(rec.properties);
          if (phone) report.warn(phone, place);
          const existed = target.get(rec.id) !== undefined;
          if (setProfile(target, rec.id, rec.properties, place, ctx)) {
            report.imported++;
            if (existed) report.updated++;
            else report.created++;
            if (report.dryRun && report.dryRun.sample.length < 5) report.dryRun.sample.push({ id: rec.id, properties: rec.properties });
          }
        }
        if (report.read % PROGRESS_EVERY === 0) o.onProgress?.({ records: report.read });
      }
      o.onProgress?.({ records: report.read });
      if (o.strict && report.skipped > 0) {
        throw new UserError(`import aborted (--strict): ${report.summary('profiles')}. Nothing was written.`);
      }
      return report;
    },
    { dryRun: o.dryRun },
  );
}
