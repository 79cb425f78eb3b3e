/**
 * The profiles an engage request asks for (spec mixpanel-formats B2): `where` over
 * profile properties, `distinct_id`/`distinct_ids`, `filter_by_cohort` (`{"id"}`, a
 * saved cohort's name, or `{"raw_cohort": ...}` in the hosted stored or `and_batch`
 * shape) with `include_all_users` (default true: members without a profile too), or
 * group profiles with `data_group_id` (the group key, e.g. "company_id"). Rows come in
 * a stable order: user number (first-seen order), or group table order.
 */
import { CohortEngine, knownUsers, parseDefinition } from '../../cohort/index.js';
import { evaluateRow, parseSelector } from '../../selector/index.js';
import type { Store } from '../../store/index.js';
import { maskToUsers } from '../../users/index.js';
import { badRequest } from '../http-errors.js';
import { boolParam, jsonParam, type Params } from '../request-params.js';

export interface ProfileSelection {
  /** User numbers (users) or table rows (groups), in page order. */
  keys: Int32Array;
  /** Group key when these are group profiles. */
  groupKey?: string;
  /** Properties to output (undefined: all). */
  properties?: string[];
}

export function selectProfiles(store: Store, p: Params, nowMs = Date.now()): ProfileSelection {
  if (p.behaviors !== undefined)
    throw badRequest('"behaviors" is not supported by quarry serve; use a saved cohort (quarry cohort create) and filter_by_cohort');
  const out = jsonParam(p, 'output_properties');
  if (out !== undefined && !(Array.isArray(out) && out.every((x) => typeof x === 'string')))
    throw badRequest('parameter "output_properties" must be a JSON array of property names');
  const properties = out as string[] | undefined;
  const ids = requestedIds(p);
  const where = p.where?.trim() ? p.where : undefined;
  if (p.data_group_id !== undefined && p.data_group_id !== '') return { ...selectGroups(store, p.data_group_id, where, ids, nowMs), properties };

  const known = knownUsers(store);
  const cohortRef = cohortParam(p);
  const allUsers = cohortRef !== undefined && (boolParam(p, 'include_all_users') ?? true);
  const mask = (allUsers ? known.all : known.profile).slice();
  const and = (m: Uint8Array) => {
    for (let i = 0; i < mask.length; i++) mask[i]! &= m[i]!;
  };
  const engine = new CohortEngine(store, nowMs);
  if (where !== undefined) and(engine.property(where));
  if (cohortRef !== undefined) and(typeof cohortRef === 'object' ? engine.evaluate(parseDefinition(cohortRef)) : engine.members(cohortRef));
  if (ids !== undefined) {
    const m = new Uint8Array(mask.length);
    for (const id of ids) {
      const u = store.users.lookup(id);
      if (u !== undefined) m[u] = 1;
    }
    and(m);
  }
  return { keys: maskToUsers(mask), properties };
}

function requestedIds(p: Params): string[] | undefined {
  if (p.distinct_ids !== undefined && p.distinct_ids !== '') {
    const v = jsonParam(p, 'distinct_ids');
    if (!Array.isArray(v)) throw badRequest('parameter "distinct_ids" must be a JSON array of ids');
    return v.map(String);
  }
  if (p.distinct_id !== undefined && p.distinct_id !== '') return [p.distinct_id];
  return undefined;
}

/** `{"id": 3}` -> 3, `"Power users"` or `{"name": ...}` -> the name, `{"raw_cohort": ...}` -> the definition. */
function cohortParam(p: Params): number | string | Record<string, unknown> | undefined {
  const text = p.filter_by_cohort;
  if (text === undefined || text.trim() === '') return undefined;
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch {
    return text; // a bare cohort name
  }
  if (typeof v === 'string' || typeof v === 'number') return v;
  if (typeof v === 'object' && v !== null && !Array.isArray(v)) {
    const o = v as Record<string, unknown>;
    if ('raw_cohort' in o) return o;
    if (typeof o.id === 'number' || (typeof o.id === 'string' && /^\d+$/.test(o.id))) return Number(o.id);
    if (typeof o.name === 'string') return o.name;
  }
  throw badRequest('parameter "filter_by_cohort" must be {"id": N}, a saved cohort\'s name, or {"raw_cohort": {...}}');
}

function selectGroups(store: Store, groupKey: string, where: string | undefined, ids: string[] | undefined, nowMs: number): ProfileSelection {
  const known = Object.keys(store.manifest.groups);
  const table = store.groupProfiles(groupKey);
  if (table === null) {
    throw badRequest(
      `no group profiles for data_group_id ${JSON.stringify(groupKey)}: quarry names group profiles by their group key; known keys: ${known.map((k) => JSON.stringify(k)).join(', ') || '(none)'}`,
    );
  }
  const ast = where === undefined ? undefined : parseSelector(where);
  const env = { timezone: store.timezone, nowSeconds: Math.floor(nowMs / 1000) };
  const wanted = ids === undefined ? undefined : new Set(ids);
  const gids = table.groupIds;
  const rows: number[] = [];
  for (let r = 0; r < table.length; r++) {
    if (wanted !== undefined && !wanted.has(gids[r]!)) continue;
    if (ast !== undefined && evaluateRow(ast, 'user', env, { user: {}, properties: table.propertiesAt(r) }) !== true) continue;
    rows.push(r);
  }
  return { keys: Int32Array.from(rows), groupKey };
}
