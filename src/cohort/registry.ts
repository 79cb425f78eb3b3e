/**
 * Saved cohorts: create, freeze, rename, delete, import and export. Every change is
 * one store transaction (the manifest's `cohorts` list), so it lands whole or not at all.
 */
import { UserError } from '../errors.js';
import { type CohortDefinition, Store, type Transaction } from '../store/index.js';
import { type Criterion, isGroup, type StoredDefinition } from './definition.js';
import { CohortEngine, storedDefinition } from './engine.js';
import { parseDefinition } from './parse-definition.js';

export interface NewCohort {
  name: string;
  description?: string;
  criteria?: Criterion;
  members?: string[];
  source?: string;
  frozenFrom?: StoredDefinition['frozenFrom'];
  /** Keep this id (imports); otherwise the next free one. */
  id?: number;
}

export function checkCohortName(name: unknown): string {
  if (typeof name !== 'string' || name.trim() === '') throw new UserError('a cohort needs a name (non-empty text)');
  if (name !== name.trim()) throw new UserError(`cohort name ${JSON.stringify(name)} starts or ends with spaces`);
  if (/[\u0000-\u001f]/.test(name)) throw new UserError(`cohort name ${JSON.stringify(name)} holds a control character`);
  return name;
}

const idOf = (c: CohortDefinition) => storedDefinition(c)?.id ?? 0;

/** Cohort names (or ids) a criteria tree refers to. */
export function references(c: Criterion | undefined): (string | number)[] {
  if (c === undefined) return [];
  if (isGroup(c)) return c.children.flatMap(references);
  return c.type === 'cohort' ? [c.cohort] : [];
}

function resolveRef(list: CohortDefinition[], ref: string | number): CohortDefinition | undefined {
  return typeof ref === 'number' ? list.find((c) => idOf(c) === ref) : list.find((c) => c.name === ref);
}

/** A cycle among `list`'s references, as names (first = last), or null. */
export function findCycle(list: CohortDefinition[]): string[] | null {
  const state = new Map<string, 1 | 2>();
  const path: string[] = [];
  const visit = (c: CohortDefinition): string[] | null => {
    const s = state.get(c.name);
    if (s === 2) return null;
    if (s === 1) return [...path.slice(path.indexOf(c.name)), c.name];
    state.set(c.name, 1);
    path.push(c.name);
    for (const ref of references(storedDefinition(c)?.criteria)) {
      const next = resolveRef(list, ref);
      if (next) {
        const cyc = visit(next);
        if (cyc) return cyc;
      }
    }
    path.pop();
    state.set(c.name, 2);
    return null;
  };
  for (const c of list) {
    const cyc = visit(c);
    if (cyc) return cyc;
  }
  return null;
}

function checkGraph(list: CohortDefinition[], changed: string): void {
  const c = list.find((x) => x.name === changed);
  for (const ref of references(c && storedDefinition(c)?.criteria)) {
    if (resolveRef(list, ref) === undefined) {
      const known = list
        .filter((x) => x.name !== changed)
        .map((x) => JSON.stringify(x.name))
        .join(', ');
      throw new UserError(
        `cohort ${JSON.stringify(changed)} refers to ${typeof ref === 'number' ? `cohort id ${ref}` : `cohort ${JSON.stringify(ref)}`}, which does not exist; known cohorts: ${known || '(none)'}`,
      );
    }
  }
  const cycle = findCycle(list);
  if (cycle) throw new UserError(`cohorts would refer to each other in a cycle: ${cycle.map((x) => JSON.stringify(x)).join(' -> ')}`);
}

function record(c: NewCohort, id: number, createdAt: string): CohortDefinition {
  const def: StoredDefinition = { id };
  if (c.criteria) def.criteria = c.criteria;
  if (c.frozenFrom) def.frozenFrom = c.frozenFrom;
  if (c.source) def.source = c.source;
  const out: CohortDefinition = { name: c.name, createdAt, definition: def };
  if (c.description) out.description = c.description;
  if (c.members) out.members = [...new Set(c.members)];
  return out;
}

interface PutOptions {
  replace: boolean;
  /** What to do about an existing name, for the error message. */
  existsHint: string;
  /** Check the reference graph now (an import checks once, after adding everything). */
  checkNow: boolean;
  /** Require exactly one of criteria and members. */
  strictShape: boolean;
}

/** Add or replace one cohort in the transaction's manifest, keeping its id when it has one. */
function put(tx: Transaction, c: NewCohort, o: PutOptions): CohortDefinition {
  checkCohortName(c.name);
  if (o.strictShape && (c.criteria === undefined) === (c.members === undefined))
    throw new UserError(`cohort ${JSON.stringify(c.name)} needs either criteria or a member list`);
  const list = tx.manifest.cohorts;
  const at = list.findIndex((x) => x.name === c.name);
  if (at >= 0 && !o.replace) throw new UserError(`a cohort named ${JSON.stringify(c.name)} already exists; ${o.existsHint}`);
  const taken = new Set(list.filter((_, i) => i !== at).map(idOf));
  let id = c.id ?? (at >= 0 ? idOf(list[at]!) : 0);
  if (!id || taken.has(id)) id = Math.max(0, ...list.map(idOf)) + 1;
  const rec = record(c, id, new Date().toISOString());
  if (at >= 0) list[at] = rec;
  else list.push(rec);
  if (o.checkNow) checkGraph(list, c.name);
  return rec;
}

export async function createCohort(store: Store, c: NewCohort, o: { replace?: boolean } = {}): Promise<CohortDefinition> {
  return store.write(`cohort create ${c.name}`, (tx) =>
    put(tx, c, { replace: o.replace ?? false, existsHint: 'pick another name, or delete it first (quarry cohort delete)', checkNow: true, strictShape: true }),
  );
}

function must(tx: Transaction, name: string): CohortDefinition {
  const c = tx.manifest.cohorts.find((x) => x.name === name);
  if (c === undefined) {
    const known = tx.manifest.cohorts.map((x) => JSON.stringify(x.name)).join(', ');
    throw new UserError(`unknown cohort ${JSON.stringify(name)}; known cohorts: ${known || '(none; create one with quarry cohort create)'}`);
  }
  return c;
}

/** Freeze a cohort's current members into a static cohort (in place, or as `as`). */
export async function freezeCohort(
  store: Store,
  name: string,
  o: { as?: string; asOfMs?: number } = {},
): Promise<{ cohort: CohortDefinition; members: number }> {
  return store.write(`cohort freeze ${name}`, (tx) => {
    const src = must(tx, name);
    const snap = Store.open(tx.dir);
    const asOf = o.asOfMs ?? Date.now();
    const mask = new CohortEngine(snap, asOf).members(name);
    const ids: string[] = [];
    for (let u = 0; u < mask.length; u++) if (mask[u]) ids.push(snap.users.ids[u]!);
    const frozenFrom = { cohort: name, criteria: storedDefinition(src)?.criteria, asOf: new Date(asOf).toISOString() };
    const target = o.as ?? name;
    if (o.as !== undefined && tx.manifest.cohorts.some((x) => x.name === o.as)) throw new UserError(`a cohort named ${JSON.stringify(o.as)} already exists`);
    const rec = put(
      tx,
      { name: target, description: src.description, members: ids, frozenFrom, source: 'freeze', id: o.as === undefined ? idOf(src) : undefined },
      {
        replace: o.as === undefined,
        existsHint: 'pick another name, or delete it first (quarry cohort delete)',
        checkNow: true,
        strictShape: true,
      },
    );
    return { cohort: rec, members: ids.length };
  });
}

function renameRefs(c: Criterion, from: string, to: string): Criterion {
  if (isGroup(c)) return { operator: c.operator, children: c.children.map((x) => renameRefs(x, from, to)) };
  return c.type === 'cohort' && c.cohort === from ? { ...c, cohort: to } : c;
}

/** Rename; criteria of other cohorts that name it follow. */
export async function renameCohort(store: Store, from: string, to: string): Promise<number> {
  checkCohortName(to);
  return store.write(`cohort rename ${from}`, (tx) => {
    const c = must(tx, from);
    if (from === to) return 0;
    if (tx.manifest.cohorts.some((x) => x.name === to)) throw new UserError(`a cohort named ${JSON.stringify(to)} already exists`);
    c.name = to;
    let updated = 0;
    for (const other of tx.manifest.cohorts) {
      const d = storedDefinition(other);
      if (d?.criteria && references(d.criteria).includes(from)) {
        d.criteria = renameRefs(d.criteria, from, to);
        updated++;
      }
      if (d?.frozenFrom?.cohort === from) d.frozenFrom.cohort = to;
    }
    return updated;
  });
}

/** Cohorts whose criteria refer to `name` (by name or id). */
export function dependents(list: CohortDefinition[], name: string): string[] {
  const target = list.find((x) => x.name === name);
  const id = target ? idOf(target) : -1;
  return list.filter((c) => c.name !== name && references(storedDefinition(c)?.criteria).some((r) => r === name || r === id)).map((c) => c.name);
}

export async function deleteCohort(store: Store, name: string, o: { force?: boolean } = {}): Promise<void> {
  await store.write(`cohort delete ${name}`, (tx) => {
    must(tx, name);
    const deps = dependents(tx.manifest.cohorts, name);
    if (deps.length > 0 && !o.force) {
      throw new UserError(
        `cohort ${JSON.stringify(name)} is used by ${deps.map((d) => JSON.stringify(d)).join(', ')}; change those first, or pass --force (they will then fail to evaluate)`,
      );
    }
    tx.manifest.cohorts = tx.manifest.cohorts.filter((x) => x.name !== name);
  });
}

export const EXPORT_FORMAT = 'quarry-cohorts';

export interface ExportedCohort {
  name: string;
  id: number;
  description?: string;
  createdAt: string;
  criteria?: Criterion;
  members?: string[];
  frozenFrom?: StoredDefinition['frozenFrom'];
  source?: string;
}

export function exportCohorts(store: Store, names: string[] = []): { format: string; version: 1; cohorts: ExportedCohort[] } {
  const list = store.manifest.cohorts;
  for (const n of names)
    if (!list.some((c) => c.name === n))
      throw new UserError(`unknown cohort ${JSON.stringify(n)}; known cohorts: ${list.map((c) => JSON.stringify(c.name)).join(', ') || '(none)'}`);
  const chosen = names.length ? list.filter((c) => names.includes(c.name)) : list;
  return {
    format: EXPORT_FORMAT,
    version: 1,
    cohorts: chosen.map((c) => {
      const d = storedDefinition(c);
      const out: ExportedCohort = { name: c.name, id: d?.id ?? 0, createdAt: c.createdAt };
      if (c.description) out.description = c.description;
      if (d?.criteria) out.criteria = d.criteria;
      if (c.members) out.members = c.members;
      if (d?.frozenFrom) out.frozenFrom = d.frozenFrom;
      if (d?.source) out.source = d.source;
      return out;
    }),
  };
}

/**
 * Cohorts from an export file: quarry's `{format, cohorts: [...]}`, a list of
 * `{name, criteria | definition | members}`, or one bare definition (any accepted
 * shape, the hosted one included) named by `name`.
 */
export function readCohortFile(json: unknown, name?: string): NewCohort[] {
  const obj = json as Record<string, unknown>;
  let items: unknown[];
  if (Array.isArray(json)) items = json;
  else if (obj !== null && typeof obj === 'object' && Array.isArray(obj.cohorts)) items = obj.cohorts;
  else {
    if (name === undefined) throw new UserError('this file holds one cohort definition without a name: pass --name NAME');
    return [{ name, criteria: parseDefinition(json) }];
  }
  return items.map((raw, i) => {
    const it = raw as Record<string, unknown>;
    if (it === null || typeof it !== 'object') throw new UserError(`cohorts[${i}]: expected an object`);
    const nm = checkCohortName(it.name);
    const out: NewCohort = { name: nm };
    if (typeof it.description === 'string') out.description = it.description;
    if (typeof it.id === 'number' && Number.isInteger(it.id) && it.id > 0) out.id = it.id;
    if (Array.isArray(it.members)) {
      if (!it.members.every((m) => typeof m === 'string')) throw new UserError(`cohorts[${i}] (${JSON.stringify(nm)}): members must be distinct_id strings`);
      out.members = it.members as string[];
      if (it.frozenFrom && typeof it.frozenFrom === 'object') out.frozenFrom = it.frozenFrom as StoredDefinition['frozenFrom'];
    } else {
      const def = it.criteria ?? it.definition;
      if (def === undefined) throw new UserError(`cohorts[${i}] (${JSON.stringify(nm)}): needs "criteria" (or "definition") or "members"`);
      out.criteria = parseDefinition(def, `cohorts[${i}]`);
    }
    if (typeof it.source === 'string') out.source = it.source;
    return out;
  });
}

/** Import cohorts in one transaction; existing names are an error unless `replace`. */
export async function importCohorts(store: Store, cohorts: NewCohort[], o: { replace?: boolean } = {}): Promise<CohortDefinition[]> {
  const names = new Set<string>();
  for (const c of cohorts) {
    if (names.has(c.name)) throw new UserError(`the file holds two cohorts named ${JSON.stringify(c.name)}`);
    names.add(c.name);
  }
  return store.write(`cohort import`, (tx) => {
    // Add everything first so references between imported cohorts resolve, then check.
    const out: CohortDefinition[] = [];
    for (const c of cohorts) {
      out.push(put(tx, c, { replace: o.replace ?? false, existsHint: 'pass --replace to overwrite it', checkNow: false, strictShape: false }));
    }
    for (const c of cohorts) checkGraph(tx.manifest.cohorts, c.name);
    return out;
  });
}
