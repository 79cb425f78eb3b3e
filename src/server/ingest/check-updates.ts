/**
 * Profile and group updates of /engage and /groups, checked before they are
 * acknowledged. A missing `$time` becomes the time of receipt, so replaying the log
 * later gives the profile the same update time.
 */
import { normalizeUpdateRecord } from '../../ingest/index.js';
import { tokenAccepted } from '../auth.js';

export interface CheckedUpdates {
  accepted: unknown[];
  errors: string[];
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

export function checkUpdates(records: unknown[], o: { token?: string; nowMs: number; groups: boolean }): CheckedUpdates {
  const out: CheckedUpdates = { accepted: [], errors: [] };
  records.forEach((rec, i) => {
    if (!isObject(rec)) return out.errors.push(`record ${i}: not an update object`);
    if (o.token !== undefined && !tokenAccepted(o.token, rec.$token)) return out.errors.push(`record ${i}: missing or invalid $token`);
    if (o.groups && (rec.$group_key === undefined || rec.$group_id === undefined))
      return out.errors.push(`record ${i}: a group update needs "$group_key" and "$group_id"`);
    const n = normalizeUpdateRecord(rec);
    if (!n.ok) return out.errors.push(`record ${i}: ${n.reason}`);
    const update: Record<string, unknown> = { ...rec };
    delete update.$token;
    if (update.$time === undefined) update.$time = o.nowMs;
    out.accepted.push(update);
  });
  return out;
}
