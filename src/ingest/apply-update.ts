/**
 * One profile update (`api.mixpanel.com/engage` or `/groups` record) applied to one
 * profile, with the hosted semantics (spec mixpanel-formats B3/B4). Pure: the input
 * profile is never modified, so callers can keep the old state for create/update
 * mode checks and tests can compare before and after.
 *
 * Several operations in one record run in the fixed order of UPDATE_OPERATIONS (the
 * order of the hosted docs' table): `$set` before `$set_once`, so a record holding
 * both sets the `$set` keys first; `$delete` last, so it wins over everything else.
 */
import { copyProperties, type Profile, propertyBag } from '../store/index.js';
import { inTimeRange, TIME_RANGE_TEXT } from '../time/index.js';
import { parseEventTime } from './sources/events-export.js';

export const UPDATE_OPERATIONS = ['$set', '$set_once', '$add', '$append', '$union', '$remove', '$unset', '$delete'] as const;
export type UpdateOperation = (typeof UPDATE_OPERATIONS)[number];

/** Keys that modify how a record applies (or address it) rather than change properties. */
export const UPDATE_MODIFIERS = new Set([
  '$token',
  '$distinct_id',
  '$group_key',
  '$group_id',
  '$ip',
  '$time',
  '$ignore_time',
  '$ignore_alias',
  '$latitude',
  '$longitude',
  '$device_id',
  '$user_id',
]);

/** Operations that only exist for user profiles (B4: groups have no counters or appends). */
const USER_ONLY = new Set<string>(['$add', '$append']);

const OPS = new Set<string>(UPDATE_OPERATIONS);

export interface UpdateResult {
  /** The new profile; undefined when it does not exist (never created, or deleted). */
  profile: Profile | undefined;
  /** One message per ignored part of the update; the rest of the update still applies. */
  warnings: string[];
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Value equality for list membership: JSON text, so 1 and "1" differ and lists compare by content. */
const same = (a: unknown, b: unknown) => a === b || JSON.stringify(a) === JSON.stringify(b);

/** True when the record has at least one operation (otherwise it does nothing at all). */
export function hasOperation(update: Record<string, unknown>): boolean {
  for (const k of Object.keys(update)) if (OPS.has(k)) return true;
  return false;
}

/**
 * Apply `update` to `profile`. `now` (UTC ms) is the update's time unless the record
 * carries `$time` (seconds or ms, as the SDKs send it).
 *
 * - `time` becomes the latest update time; `lastSeen` too, unless `$ignore_time` is
 *   true (a profile created by such an update still gets `lastSeen` = its time).
 * - `$set`, `$set_once`, `$add`, `$append` and `$union` create a missing profile;
 *   `$remove`, `$unset` and `$delete` on a missing profile do nothing.
 * - A record addressed to a group (`$group_key`/`$group_id`) may not `$add`/`$append`.
 * @example applyUpdate(undefined, { $add: { n: 2 } }, 0).profile?.properties // { n: 2 }
 */
export function applyUpdate(profile: Profile | undefined, update: Record<string, unknown>, now: number): UpdateResult {
  const warnings: string[] = [];
  const group = '$group_key' in update || '$group_id' in update;
  for (const k of Object.keys(update)) {
    if (!OPS.has(k) && !UPDATE_MODIFIERS.has(k)) warnings.push(`unknown key "${k}" ignored`);
  }
  let t = now;
  if (update.$time !== undefined && update.$time !== null) {
    const parsed = parseEventTime(update.$time);
    if (parsed === undefined) warnings.push('unreadable "$time" ignored (the import time is used)');
    else if (!inTimeRange(parsed)) warnings.push(`"$time" out of range ignored (must be ${TIME_RANGE_TEXT}; the import time is used)`);
    else t = parsed;
  }

  // Null-prototype bags: "__proto__", "constructor" and "prototype" are property names here.
  let props: Record<string, unknown> | undefined = profile ? copyProperties(profile.properties) : undefined;
  const create = () => (props ??= propertyBag());

  for (const op of UPDATE_OPERATIONS) {
    if (!(op in update) || op === '$delete') continue;
    if (group && USER_ONLY.has(op)) {
      warnings.push(`${op} is not allowed on group profiles (ignored)`);
      continue;
    }
    const value = update[op];
    if (op === '$unset') {
      const names = typeof value === 'string' ? [value] : value;
      if (!Array.isArray(names) || !names.every((n) => typeof n === 'string')) {
        warnings.push('$unset needs a list of property names (ignored)');
      } else if (props) for (const n of names as string[]) delete props[n];
      continue;
    }
    if (!isObject(value)) {
      warnings.push(`${op} needs an object of properties (ignored)`);
      continue;
    }
    switch (op) {
      case '$set': {
        const p = create();
        for (const k of Object.keys(value)) p[k] = value[k];
        break;
      }
      case '$set_once': {
        const p = create();
        for (const k of Object.keys(value)) if (!Object.hasOwn(p, k)) p[k] = value[k];
        break;
      }
      case '$add': {
        const p = create();
        for (const k of Object.keys(value)) {
          const by = value[k];
          const cur = p[k] ?? 0;
          if (typeof by !== 'number' || !Number.isFinite(by)) warnings.push(`$add: the amount for "${k}" is not a number (ignored)`);
          else if (typeof cur !== 'number') warnings.push(`$add: "${k}" holds a non-number (ignored)`);
          else p[k] = cur + by;
        }
        break;
      }
      case '$append': {
        const p = create();
        for (const k of Object.keys(value)) {
          const cur = p[k];
          if (cur === undefined || cur === null) p[k] = [value[k]];
          else if (Array.isArray(cur)) p[k] = [...cur, value[k]];
          else warnings.push(`$append: "${k}" is not a list (ignored)`);
        }
        break;
      }
      case '$union': {
        const p = create();
        for (const k of Object.keys(value)) {
          const add = value[k];
          const cur = p[k] ?? [];
          if (!Array.isArray(add)) warnings.push(`$union: the value for "${k}" is not a list (ignored)`);
          else if (!Array.isArray(cur)) warnings.push(`$union: "${k}" is not a list (ignored)`);
          else {
            const out = [...cur];
            for (const v of add) if (!out.some((x) => same(x, v))) out.push(v);
            p[k] = out;
          }
        }
        break;
      }
      case '$remove':
        if (props) {
          for (const k of Object.keys(value)) {
            const cur = props[k];
            // Every copy goes: a list used as a set should not keep a stray duplicate.
            if (Array.isArray(cur)) props[k] = cur.filter((x) => !same(x, value[k]));
          }
        }
        break;
    }
  }
  if ('$delete' in update || props === undefined) return { profile: undefined, warnings };
  const ignoreTime = update.$ignore_time === true || update.$ignore_time === 'true';
  const next: Profile = profile
    ? { time: Math.max(profile.time, t), lastSeen: ignoreTime ? profile.lastSeen : Math.max(profile.lastSeen, t), properties: props }
    : { time: t, lastSeen: t, properties: props };
  return { profile: next, warnings };
}
