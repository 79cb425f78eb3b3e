/**
 * Cohort membership, natively over the columnar store: a byte per user number
 * (1 = member). One engine evaluates any number of cohorts as of one instant,
 * memoizing each cohort and each behaviour count, so `cohort list` and nested
 * references cost one evaluation per distinct criterion.
 *
 * - Property criteria run the vectorized selector over the profile table; users
 *   without a profile are judged as an empty profile (so `not defined(...)` matches them).
 * - Behaviour criteria compare per-user counts (behavior-counts.ts).
 * - `not in`, and counts that admit zero, are relative to the users the store knows:
 *   everyone with a profile or at least one event.
 * - References to other cohorts are followed by name or id; a cycle is an error
 *   naming it (`A -> B -> A`).
 */
import { UserError } from '../errors.js';
import type { CohortDefinition, Store } from '../store/index.js';
import { compileVector, evaluateRow, parseSelector } from '../selector/index.js';
import { behaviorCounts, compareCount } from './behavior-counts.js';
import { type BehaviorCriterion, type Criterion, isGroup, type StoredDefinition } from './definition.js';

const universes = new WeakMap<Store, { profile: Uint8Array; all: Uint8Array }>();

/** Users with a profile, and users with a profile or an event (per store snapshot, cached). */
export function knownUsers(store: Store): { profile: Uint8Array; all: Uint8Array } {
  let u = universes.get(store);
  if (u === undefined) {
    const n = store.users.size;
    const profile = new Uint8Array(n);
    const table = store.profiles();
    if (table !== null) for (const x of table.user) profile[x] = 1;
    const all = profile.slice();
    for (const day of store.days()) {
      const users = store.openPartition(day).user;
      let last = -2;
      for (let i = 0; i < users.length; i++) {
        const x = users[i]!;
        if (x !== last) {
          if (x >= 0) all[x] = 1;
          last = x;
        }
      }
    }
    universes.set(store, (u = { profile, all }));
  }
  return u;
}

export class CohortCycleError extends UserError {
  override name = 'CohortCycleError';
}

export function storedDefinition(c: CohortDefinition): StoredDefinition | undefined {
  const d = c.definition as StoredDefinition | undefined;
  return d !== null && typeof d === 'object' ? d : undefined;
}

export function findCohort(store: Store, ref: string | number): CohortDefinition | undefined {
  const list = store.manifest.cohorts;
  if (typeof ref === 'number') return list.find((c) => storedDefinition(c)?.id === ref);
  return list.find((c) => c.name === ref);
}

export function unknownCohortError(store: Store, ref: string | number): UserError {
  const known = store.manifest.cohorts.map((c) => JSON.stringify(c.name)).join(', ');
  const what = typeof ref === 'number' ? `no cohort has id ${ref}` : `unknown cohort ${JSON.stringify(ref)}`;
  return new UserError(`${what}; known cohorts: ${known || '(none; create one with quarry cohort create)'}`);
}

export class CohortEngine {
  readonly n: number;
  readonly asOfMs: number;
  private readonly memo = new Map<string, Uint8Array>();
  private readonly counts = new Map<string, Int32Array>();
  private readonly stack: string[] = [];

  constructor(
    readonly store: Store,
    asOfMs: number = Date.now(),
  ) {
    this.n = store.users.size;
    this.asOfMs = asOfMs;
  }

  get env() {
    return { timezone: this.store.timezone, nowSeconds: Math.floor(this.asOfMs / 1000) };
  }

  /** Members of a saved cohort (by name or id). */
  members(ref: string | number): Uint8Array {
    const c = findCohort(this.store, ref);
    if (c === undefined) throw unknownCohortError(this.store, ref);
    const hit = this.memo.get(c.name);
    if (hit !== undefined) return hit;
    if (this.stack.includes(c.name)) {
      const cycle = [...this.stack.slice(this.stack.indexOf(c.name)), c.name];
      throw new CohortCycleError(
        `cohorts refer to each other in a cycle: ${cycle.map((x) => JSON.stringify(x)).join(' -> ')}; change one of them (quarry cohort show NAME)`,
      );
    }
    this.stack.push(c.name);
    try {
      let out: Uint8Array;
      if (c.members !== undefined) {
        out = new Uint8Array(this.n);
        for (const id of c.members) {
          const u = this.store.users.lookup(id);
          if (u !== undefined) out[u] = 1;
        }
      } else {
        const d = storedDefinition(c);
        if (d?.criteria === undefined) throw new UserError(`cohort ${JSON.stringify(c.name)} has neither criteria nor members; delete it and create it again`);
        out = this.evaluate(d.criteria);
      }
      this.memo.set(c.name, out);
      return out;
    } finally {
      this.stack.pop();
    }
  }

  /** Users matching `criteria` (only users the store knows). */
  evaluate(criteria: Criterion): Uint8Array {
    const raw = this.criterion(criteria);
    const all = knownUsers(this.store).all;
    const out = new Uint8Array(this.n);
    for (let i = 0; i < this.n; i++) out[i] = raw[i]! & all[i]!;
    return out;
  }

  private criterion(c: Criterion): Uint8Array {
    if (isGroup(c)) {
      const parts = c.children.map((x) => this.criterion(x));
      const out = parts[0]!.slice();
      for (const p of parts.slice(1)) {
        if (c.operator === 'and') for (let i = 0; i < this.n; i++) out[i]! &= p[i]!;
        else for (let i = 0; i < this.n; i++) out[i]! |= p[i]!;
      }
      return out;
    }
    switch (c.type) {
      case 'property':
        return this.property(c.where);
      case 'behavior':
        return this.behavior(c);
      case 'cohort': {
        const m = this.members(c.cohort);
        if (c.operator === 'in') return m;
        const all = knownUsers(this.store).all;
        const out = new Uint8Array(this.n);
        for (let i = 0; i < this.n; i++) out[i] = all[i]! & (m[i]! ^ 1);
        return out;
      }
    }
  }

  /** Users whose profile matches the selector (a missing profile is an empty one). */
  property(where: string): Uint8Array {
    const ast = parseSelector(where);
    const out = new Uint8Array(this.n);
    const table = this.store.profiles();
    if (table !== null) {
      const fn = compileVector(ast, 'user', this.env);
      const m = fn({ length: table.length, column: (source, key) => (source === 'user' ? table.column(key) : undefined) });
      const users = table.user;
      for (let r = 0; r < m.length; r++) if (m[r]) out[users[r]!] = 1;
    }
    if (evaluateRow(ast, 'user', this.env, { user: {}, properties: {} }) === true) {
      const { profile, all } = knownUsers(this.store);
      for (let i = 0; i < this.n; i++) if (!profile[i] && all[i]) out[i] = 1;
    }
    return out;
  }

  private behavior(b: BehaviorCriterion): Uint8Array {
    const key = JSON.stringify([b.event, b.where ?? null, b.window ?? null, b.distinctDays ?? false]);
    let counts = this.counts.get(key);
    if (counts === undefined) this.counts.set(key, (counts = behaviorCounts(this.store, b, this.asOfMs)));
    const out = new Uint8Array(this.n);
    const { op, value } = b.count;
    for (let i = 0; i < this.n; i++) out[i] = compareCount(op, counts[i]!, value) ? 1 : 0;
    return out;
  }
}

/** Number of members in a mask. */
export function countMembers(mask: Uint8Array): number {
  let k = 0;
  for (let i = 0; i < mask.length; i++) k += mask[i]!;
  return k;
}
