/**
 * Cohort membership for JQL sources (`Events({cohort})`, `People({cohort})`,
 * `join(..., {cohort})`): a byte per user number. Static cohorts are frozen lists;
 * dynamic definitions are evaluated by the cohort engine (cohort/ sits below exec:
 * exec imports it directly, decision 0003).
 */
import { CohortEngine } from '../cohort/engine.js';
import { ScriptError } from '../errors.js';
import type { Store } from '../store/index.js';

export function cohortMembers(store: Store, names: string[], nowMs: number): Uint8Array {
  const known = store.manifest.cohorts;
  const out = new Uint8Array(store.users.size);
  for (const name of names) {
    const c = known.find((k) => k.name === name);
    if (c === undefined) {
      const list = known.map((k) => JSON.stringify(k.name)).join(', ');
      throw new ScriptError('InvalidQuery', `unknown cohort ${JSON.stringify(name)}; known cohorts: ${list || '(none; create one with quarry cohort create)'}`);
    }
    if (c.members) {
      for (const id of c.members) {
        const u = store.users.lookup(id);
        if (u !== undefined) out[u] = 1;
      }
    } else {
      const m = new CohortEngine(store, nowMs).members(name);
      for (let i = 0; i < m.length; i++) if (m[i]) out[i] = 1;
    }
  }
  return out;
}
