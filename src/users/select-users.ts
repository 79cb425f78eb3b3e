/**
 * Which users a listing shows: "User Profiles" (anyone with a profile) or, with
 * `all`, "All Users" (anyone with an event or a profile), narrowed by a selector over
 * profile properties, by cohorts (a user must be in every one named) and by a list of
 * ids. The answer is the selected user numbers, ascending.
 */
import { CohortEngine, knownUsers } from '../cohort/index.js';
import type { Store } from '../store/index.js';

export interface UserFilter {
  /** "All Users" instead of "User Profiles". */
  all?: boolean;
  /** Selector over profile properties (a user without a profile is judged as an empty one). */
  where?: string;
  /** Cohort names: members of all of them. */
  cohorts?: string[];
  /** Only these distinct_ids. */
  ids?: string[];
  /** Cohort membership as of this UTC ms (default: now). */
  asOfMs?: number;
}

/** The selection as a byte per user number. */
export function userMask(store: Store, f: UserFilter = {}): Uint8Array {
  const known = knownUsers(store);
  const mask = (f.all ? known.all : known.profile).slice();
  const n = mask.length;
  const and = (m: Uint8Array) => {
    for (let i = 0; i < n; i++) mask[i]! &= m[i]!;
  };
  const engine = new CohortEngine(store, f.asOfMs ?? Date.now());
  if (f.where !== undefined && f.where.trim() !== '') and(engine.property(f.where));
  for (const c of f.cohorts ?? []) and(engine.members(c));
  if (f.ids !== undefined) {
    const m = new Uint8Array(n);
    for (const id of f.ids) {
      const u = store.users.lookup(id);
      if (u !== undefined) m[u] = 1;
    }
    and(m);
  }
  return mask;
}

export function selectUsers(store: Store, f: UserFilter = {}): Int32Array {
  return maskToUsers(userMask(store, f));
}

export function maskToUsers(mask: Uint8Array): Int32Array {
  let k = 0;
  for (let i = 0; i < mask.length; i++) k += mask[i]!;
  const out = new Int32Array(k);
  k = 0;
  for (let i = 0; i < mask.length; i++) if (mask[i]) out[k++] = i;
  return out;
}
