/** Validation helpers shared by the definition parsers: every failure names its place in the JSON. */
import { SelectorError, UserError } from '../errors.js';
import { parseSelector } from '../selector/index.js';

export class DefinitionError extends UserError {
  override name = 'DefinitionError';
}

export function fail(path: string, what: string): never {
  throw new DefinitionError(`cohort definition: ${path ? `${path}: ` : ''}${what}`);
}

export function checkCount(v: unknown, path: string): number {
  if (typeof v !== 'number' || !Number.isInteger(v) || v < 0) fail(path, `expected a whole number >= 0, got ${JSON.stringify(v)}`);
  return v;
}

export function checkDay(v: unknown, path: string): string {
  if (
    typeof v !== 'string' ||
    !/^\d{4}-\d\d-\d\d$/.test(v) ||
    Number.isNaN(Date.parse(`${v}T00:00:00Z`)) ||
    new Date(`${v}T00:00:00Z`).toISOString().slice(0, 10) !== v
  ) {
    fail(path, `expected a date "YYYY-MM-DD", got ${JSON.stringify(v)}`);
  }
  return v;
}

/** The selector must parse now, not when the cohort is first used (SelectorError carries the caret). */
export function checkSelector(v: unknown, path: string): string {
  if (typeof v !== 'string' || v.trim() === '') fail(path, 'expected a selector expression (text)');
  try {
    parseSelector(v);
  } catch (e) {
    if (e instanceof SelectorError && path !== '') throw new SelectorError(`${path}: ${e.message}`, e.expression, e.line, e.column);
    throw e;
  }
  return v;
}
