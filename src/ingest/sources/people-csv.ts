/**
 * CSV rows -> profiles (spec users-and-cohorts §6): which column is the identifier,
 * which property each other column sets, and how a cell becomes a value.
 */
import { UsageError, UserError } from '../../errors.js';
import { propertyBag } from '../../store/index.js';
import { nestedTooDeep } from '../json-depth.js';
import { reservedPropertyFor } from './reserved.js';

export interface ColumnPlan {
  /** Number of cells every row must have. */
  width: number;
  /** Property set by each column; null for a column left out. */
  properties: (string | null)[];
  /** Column holding the identifier, or -1 (then `$email`, then a random id). */
  idIndex: number;
  /** Column holding `$email`, or -1. */
  emailIndex: number;
  /** Things the user should know about the mapping (reserved names, left-out columns). */
  notes: string[];
}

export interface PlanOptions {
  /** Names come from a header row (true) or from a column map given by the user (false). */
  header: boolean;
  idColumn?: string;
  group: boolean;
}

/** Column names that mean "the identifier" and so are not stored as a property. */
const USER_ID_NAMES = ['$distinct_id', 'distinct_id'];
const GROUP_ID_NAMES = ['$group_id', 'group_id', '$distinct_id', 'distinct_id'];

/** Map column names (header cells or the user's column map) to properties. '' or '-' leaves a column out. */
export function planColumns(names: string[], o: PlanOptions): ColumnPlan {
  const source = o.header ? 'header' : 'column map';
  const notes: string[] = [];
  const properties = names.map((raw, i) => {
    const name = raw.trim();
    if (name === '' || name === '-') {
      if (o.header) notes.push(`column ${i + 1} has no name in the header: left out`);
      return null;
    }
    const reserved = name.startsWith('$') ? undefined : reservedPropertyFor(name);
    if (reserved !== undefined) {
      notes.push(`column "${name}" imported as the reserved property "${reserved}"`);
      return reserved;
    }
    return name;
  });
  const seen = new Map<string, number>();
  for (const [i, p] of properties.entries()) {
    if (p === null) continue;
    const j = seen.get(p);
    if (j !== undefined) {
      const message = `columns ${j + 1} and ${i + 1} of the ${source} both set "${p}": rename or leave out one of them`;
      // A header is data (exit 1); a column map is the user's option (usage error).
      throw o.header ? new UserError(message) : new UsageError(message);
    }
    seen.set(p, i);
  }
  const idNames = o.group ? GROUP_ID_NAMES : USER_ID_NAMES;
  let idIndex = -1;
  if (o.idColumn !== undefined) {
    const want = o.idColumn.trim();
    idIndex = names.findIndex((n, i) => n.trim() === want || properties[i] === want);
    if (idIndex < 0) {
      const listed = names.map((n) => JSON.stringify(n.trim())).join(', ');
      throw new UsageError(`the identifier column "${want}" is not in the ${source} (${listed})`);
    }
  } else {
    for (const n of idNames) {
      idIndex = properties.indexOf(n);
      if (idIndex >= 0) break;
    }
  }
  // The identifier is the profile's key, not a property; but an email used as the
  // identifier stays `$email` too (listings show it and duplicates are found by it).
  if (idIndex >= 0 && properties[idIndex] !== '$email') properties[idIndex] = null;
  return { width: names.length, properties, idIndex, emailIndex: properties.indexOf('$email'), notes };
}

export type CsvProfile =
  | { ok: true; id: string | undefined; email: string | undefined; properties: Record<string, unknown> }
  | { ok: false; reason: string; detail: string };

export const WRONG_COLUMN_COUNT = 'wrong number of columns';
export const EMPTY_IDENTIFIER = 'empty identifier';

/** One row's cells -> its identifier (undefined: none given) and properties. */
export function rowToProfile(cells: string[], plan: ColumnPlan, inferTypes: boolean): CsvProfile {
  if (cells.length !== plan.width) return { ok: false, reason: WRONG_COLUMN_COUNT, detail: ` (${cells.length}, expected ${plan.width})` };
  let id: string | undefined;
  if (plan.idIndex >= 0) {
    id = cells[plan.idIndex]!.trim();
    if (id === '') return { ok: false, reason: EMPTY_IDENTIFIER, detail: ` (column ${plan.idIndex + 1})` };
  }
  const properties = propertyBag(); // a column headed "__proto__" is a property too
  for (let i = 0; i < cells.length; i++) {
    const p = plan.properties[i];
    const v = cells[i]!;
    // An empty cell means "no value here", not "set to empty": it never erases a property.
    if (p === null || p === undefined || v.trim() === '') continue;
    properties[p] = inferTypes && p !== '$phone' ? inferValue(v) : v;
  }
  const email = plan.emailIndex >= 0 ? cells[plan.emailIndex]!.trim() || undefined : undefined;
  return { ok: true, id, email, properties };
}

const NUMBER = /^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?$/;
const ISO_DATE = /^(\d{4}-\d\d-\d\d)(?:[T ](\d\d:\d\d(?::\d\d)?)(\.\d+)?)?(Z|[+-]\d\d:?\d\d)?$/;

/**
 * `--infer-types`: a cell -> number, boolean, list or object when it plainly is one;
 * anything else stays the string it was. Numbers with leading zeros ("007", zip
 * codes) stay strings. Dates stay strings, as profile dates are (spec B5), but are
 * normalized to `YYYY-MM-DDTHH:MM:SS` (UTC when the cell has a zone).
 */
export function inferValue(cell: string): unknown {
  const v = cell.trim();
  if (/^true$/i.test(v)) return true;
  if (/^false$/i.test(v)) return false;
  if (NUMBER.test(v)) {
    const n = Number(v);
    if (Number.isFinite(n)) return n;
  }
  const d = ISO_DATE.exec(v);
  if (d) {
    const [, day, clock, , zone] = d;
    const text = `${day}T${clock ?? '00:00:00'}${clock && clock.length === 5 ? ':00' : ''}`;
    const t = Date.parse(`${text}${zone ?? 'Z'}`);
    if (!Number.isFinite(t)) return cell;
    return zone ? new Date(t).toISOString().slice(0, 19) : text;
  }
  if ((v.startsWith('[') && v.endsWith(']')) || (v.startsWith('{') && v.endsWith('}'))) {
    try {
      const parsed: unknown = JSON.parse(v);
      // Nested deeper than imported JSON may be: kept as the text it is.
      return nestedTooDeep(parsed) ? cell : parsed;
    } catch {
      return cell;
    }
  }
  return cell;
}
