// The filter builder's rows and the criteria tree they make (the same tree a saved
// cohort holds, so "Create Cohort" saves exactly what the table shows). Each row
// also says, as text, the selector or criterion it becomes.
import type { Criterion, MetaResponse, PropertyInfo } from '../../../src/server/ui/api-types';
import { type PropertyOp, selectorFor } from '../../../src/server/ui/filter-selector';

export type BehaviorOp = 'at least' | 'at most' | 'exactly' | 'did not do';

export type FilterRow =
  | { id: number; type: 'property'; property: string; op: PropertyOp; value: string; value2: string }
  | { id: number; type: 'behavior'; event: string; op: BehaviorOp; count: string; days: string; distinctDays: boolean }
  | { id: number; type: 'cohort'; cohort: string; not: boolean }
  | { id: number; type: 'selector'; where: string };

export interface BuiltFilter {
  criterion: Criterion | null;
  /** What the row becomes, shown under it. */
  text: string;
  error?: string;
}

const OP_OF: Record<Exclude<BehaviorOp, 'did not do'>, '>=' | '<=' | '=='> = { 'at least': '>=', 'at most': '<=', exactly: '==' };

export function propertyInfo(meta: MetaResponse, name: string): PropertyInfo {
  return meta.properties.find((p) => p.name === name) ?? { name, kind: 'string', count: 0 };
}

export function buildRow(row: FilterRow, meta: MetaResponse): BuiltFilter {
  try {
    switch (row.type) {
      case 'property': {
        if (!row.property) return { criterion: null, text: 'choose a property' };
        const info = propertyInfo(meta, row.property);
        const where = selectorFor({ property: row.property, op: row.op, value: row.value, value2: row.value2 }, info.kind, info.numericText);
        return { criterion: { type: 'property', where }, text: where };
      }
      case 'selector':
        return row.where.trim() === '' ? { criterion: null, text: 'type a selector' } : { criterion: { type: 'property', where: row.where }, text: row.where };
      case 'cohort':
        if (!row.cohort) return { criterion: null, text: 'choose a cohort' };
        return { criterion: { type: 'cohort', cohort: row.cohort, operator: row.not ? 'not in' : 'in' }, text: `${row.not ? 'not in' : 'in'} cohort ${JSON.stringify(row.cohort)}` };
      case 'behavior': {
        if (!row.event) return { criterion: null, text: 'choose an event' };
        const n = row.op === 'did not do' ? 0 : Number(row.count);
        if (!Number.isInteger(n) || n < 0) throw new Error(`the count must be a whole number, got ${JSON.stringify(row.count)}`);
        const days = row.days.trim() === '' ? undefined : Number(row.days);
        if (days !== undefined && (!Number.isInteger(days) || days < 1)) throw new Error(`the number of days must be a whole number >= 1, got ${JSON.stringify(row.days)}`);
        const c: Criterion = {
          type: 'behavior',
          event: row.event,
          count: row.op === 'did not do' ? { op: '==', value: 0 } : { op: OP_OF[row.op], value: n },
          ...(days !== undefined ? { window: { last: days, unit: 'day' as const } } : {}),
          ...(row.distinctDays ? { distinctDays: true } : {}),
        };
        const unit = row.distinctDays ? 'distinct day' : 'time';
        const what = row.op === 'did not do' ? `did not do ${JSON.stringify(row.event)}` : `did ${JSON.stringify(row.event)} ${row.op} ${n} ${unit}${n === 1 ? '' : 's'}`;
        return { criterion: c, text: `${what}${days !== undefined ? ` in the last ${days} day${days === 1 ? '' : 's'}` : ''}` };
      }
    }
  } catch (e) {
    return { criterion: null, text: '', error: (e as Error).message };
  }
}

export function buildCriteria(rows: FilterRow[], combine: 'and' | 'or', meta: MetaResponse): Criterion | null {
  const parts = rows.map((r) => buildRow(r, meta).criterion).filter((c): c is Criterion => c !== null);
  if (parts.length === 0) return null;
  if (parts.length === 1) return parts[0]!;
  return { operator: combine, children: parts };
}
