/**
 * Profile update records as clients send them to `/engage` and `/groups` (spec
 * mixpanel-formats B3, B4): who the record is addressed to, checked before any
 * operation runs. The operations themselves are in `../apply-update.ts`.
 */
import { hasOperation } from '../apply-update.js';
import { nestedTooDeep } from '../json-depth.js';
import { idText } from './people-engage.js';

export type UpdateTarget = { groupKey: undefined; id: string } | { groupKey: string; id: string };

export type NormalizedUpdate = { ok: true; target: UpdateTarget; update: Record<string, unknown> } | { ok: false; reason: string };

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * The records inside one input value. Clients batch updates (mixpanel_api sends 50,
 * mixpanel-utils 2000 per request), so a value may be an array of records; the
 * `data=` form parameter may also hold base64 JSON, which is decoded here.
 */
export function unbatch(value: unknown): unknown[] {
  if (Array.isArray(value)) return value;
  if (typeof value === 'string') {
    try {
      const decoded: unknown = JSON.parse(Buffer.from(value, 'base64').toString('utf8'));
      if (nestedTooDeep(decoded)) return [value]; // reported as a bad record below
      if (Array.isArray(decoded)) return decoded;
      if (isObject(decoded)) return [decoded];
    } catch {
      /* not base64 JSON: reported as a bad record below */
    }
  }
  return [value];
}

/**
 * Check one update record. A record is a group update when it carries `$group_key`
 * or `$group_id`, or when `defaultGroupKey` is given (then `$distinct_id` may stand
 * for `$group_id`, as in engage exports of groups).
 */
export function normalizeUpdateRecord(rec: unknown, defaultGroupKey?: string): NormalizedUpdate {
  if (!isObject(rec)) return { ok: false, reason: 'not an update object' };
  const group = rec.$group_key !== undefined || rec.$group_id !== undefined || defaultGroupKey !== undefined;
  let target: UpdateTarget;
  if (group) {
    const key = rec.$group_key ?? defaultGroupKey;
    if (typeof key !== 'string' || key === '') return { ok: false, reason: 'group update without a "$group_key"' };
    const id = idText(rec.$group_id ?? rec.$distinct_id);
    if (id === undefined) return { ok: false, reason: 'group update without a "$group_id"' };
    target = { groupKey: key, id };
  } else {
    const id = idText(rec.$distinct_id);
    if (id === undefined) return { ok: false, reason: 'no "$distinct_id"' };
    target = { groupKey: undefined, id };
  }
  if (!hasOperation(rec)) return { ok: false, reason: 'no update operation ($set, $set_once, $add, $append, $union, $remove, $unset, $delete)' };
  // applyUpdate tells groups from users by these keys; make them explicit for default-key records.
  const update = target.groupKey !== undefined && rec.$group_key === undefined ? { ...rec, $group_key: target.groupKey } : rec;
  return { ok: true, target, update };
}
