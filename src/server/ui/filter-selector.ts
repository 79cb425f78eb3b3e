/**
 * The filter builder's words -> the selector it becomes (shown under each filter, and
 * what the server evaluates). Pure, no Node imports: web/ and the server share it.
 * Operators are the hosted page's, offered by the property's kind.
 */
import type { PropertyKind } from './api-types.js';

export type PropertyOp =
  | 'equals'
  | 'does not equal'
  | 'contains'
  | 'does not contain'
  | 'is set'
  | 'is not set'
  | 'greater than'
  | 'less than'
  | 'between'
  | 'is true'
  | 'is false'
  | 'in the last N days';

export interface PropertyFilter {
  property: string;
  op: PropertyOp;
  value?: string;
  value2?: string;
}

const COMMON: PropertyOp[] = ['is set', 'is not set'];

export const OPS_BY_KIND: Record<PropertyKind, PropertyOp[]> = {
  string: ['equals', 'does not equal', 'contains', 'does not contain', ...COMMON],
  number: ['equals', 'does not equal', 'greater than', 'less than', 'between', ...COMMON],
  boolean: ['is true', 'is false', ...COMMON],
  datetime: ['in the last N days', 'greater than', 'less than', 'between', 'equals', ...COMMON],
  list: ['contains', 'does not contain', ...COMMON],
  mixed: ['equals', 'does not equal', 'contains', 'does not contain', ...COMMON],
};

/** Operators for a text property whose values all look like numbers (CSV imports store text). */
export const NUMERIC_TEXT_OPS: PropertyOp[] = ['equals', 'does not equal', 'greater than', 'less than', 'between', 'contains', ...COMMON];

export const NUMERIC_TEXT_HINT =
  'this property holds numbers stored as text (a CSV import stores every value as a string): comparisons use number(...); re-import with --infer-types to store numbers';

export const needsValue = (op: PropertyOp) => !['is set', 'is not set', 'is true', 'is false'].includes(op);

export class FilterValueError extends Error {
  override name = 'FilterValueError';
}

function ref(property: string): string {
  return `properties[${JSON.stringify(property)}]`;
}

function num(text: string | undefined, what: string): string {
  const t = (text ?? '').trim();
  if (t === '' || !Number.isFinite(Number(t))) throw new FilterValueError(`${what} needs a number, got ${JSON.stringify(text ?? '')}`);
  return String(Number(t));
}

function literal(kind: PropertyKind, text: string | undefined): string {
  const t = text ?? '';
  if (kind === 'number') return num(t, 'the value');
  return JSON.stringify(t);
}

/** The selector for one property filter. Throws FilterValueError for an unusable value. */
export function selectorFor(f: PropertyFilter, kind: PropertyKind, numericText = false): string {
  const p = ref(f.property);
  const asNumber = numericText && ['greater than', 'less than', 'between'].includes(f.op);
  const left = asNumber ? `number(${p})` : kind === 'datetime' && f.op !== 'equals' ? `datetime(${p})` : p;
  const bound = (t: string | undefined) =>
    kind === 'datetime' ? `datetime(${JSON.stringify((t ?? '').trim())})` : asNumber || kind === 'number' ? num(t, 'the value') : literal(kind, t);
  switch (f.op) {
    case 'equals':
      return `${p} == ${literal(kind, f.value)}`;
    case 'does not equal':
      return `${p} != ${literal(kind, f.value)}`;
    case 'contains':
      return `${JSON.stringify(f.value ?? '')} in ${p}`;
    case 'does not contain':
      return `not ${JSON.stringify(f.value ?? '')} in ${p}`;
    case 'is set':
      return `defined(${p})`;
    case 'is not set':
      return `not defined(${p})`;
    case 'greater than':
      return `${left} > ${bound(f.value)}`;
    case 'less than':
      return `${left} < ${bound(f.value)}`;
    case 'between':
      return `${left} >= ${bound(f.value)} and ${left} <= ${bound(f.value2)}`;
    case 'is true':
      return `${p} == true`;
    case 'is false':
      return `${p} == false`;
    case 'in the last N days':
      return `datetime(${p}) >= datetime(NOW - 86400 * ${num(f.value, 'in the last N days')})`;
  }
}
