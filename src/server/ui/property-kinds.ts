/**
 * The kind of each profile property, for the filter builder's operators: from the
 * column's storage kind, and for text columns from a sample of their distinct values
 * (ISO dates -> datetime; all numbers -> numericText, which gets the number() hint).
 */
import type { Column, Store } from '../../store/index.js';
import { jsonValueAt } from '../../store/index.js';
import type { PropertyInfo, PropertyKind } from './api-types.js';

const SAMPLE = 200;
const ISO_DATE = /^\d{4}-\d\d-\d\d([T ]\d\d:\d\d(:\d\d(\.\d+)?)?(Z|[+-]\d\d:?\d\d)?)?$/;
const NUMBER_TEXT = /^\s*-?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?\s*$/;

function sampleTexts(values: string[]): string[] {
  if (values.length <= SAMPLE) return values;
  const step = values.length / SAMPLE;
  return Array.from({ length: SAMPLE }, (_, i) => values[Math.floor(i * step)]!);
}

function kindOf(col: Column): { kind: PropertyKind; numericText?: boolean } {
  switch (col.kind) {
    case 'number':
      return { kind: 'number' };
    case 'boolean':
      return { kind: 'boolean' };
    case 'string': {
      const s = sampleTexts(col.dictionary).filter((t) => t !== '');
      if (s.length > 0 && s.every((t) => ISO_DATE.test(t))) return { kind: 'datetime' };
      if (s.length > 0 && s.every((t) => NUMBER_TEXT.test(t))) return { kind: 'string', numericText: true };
      return { kind: 'string' };
    }
    case 'json': {
      for (let i = 0; i < Math.min(col.length, SAMPLE); i++) {
        const v = jsonValueAt(col, i);
        if (Array.isArray(v)) return { kind: 'list' };
      }
      return { kind: 'mixed' };
    }
  }
}

export function propertyKinds(store: Store): PropertyInfo[] {
  const table = store.profiles();
  if (table === null) return [];
  return table
    .keys()
    .map((name) => ({ name, count: table.meta.columns[name]?.count ?? 0, ...kindOf(table.column(name)!) }))
    .sort((a, b) => a.name.localeCompare(b.name));
}
