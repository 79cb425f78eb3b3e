/**
 * The filter builder's selectors on profiles imported from a CSV (every value a
 * string): numbers stored as text are flagged and compared with number(...), dates are
 * compared as datetimes. Expected members are worked out by hand from the CSV.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { CohortEngine, countMembers } from '../../../../src/cohort/index.js';
import { importPeopleCsv } from '../../../../src/ingest/index.js';
import { FilterValueError, NUMERIC_TEXT_OPS, selectorFor } from '../../../../src/server/ui/filter-selector.js';
import { propertyKinds } from '../../../../src/server/ui/property-kinds.js';
import type { Store } from '../../../../src/store/index.js';
import { cleanTemp, tempStore, writeTemp } from '../../../helpers/index.js';

const CSV = ['$distinct_id,age,joined,plan', 'a,30,2024-01-05,pro', 'b,40,2024-03-01,free', 'c,9,2023-12-31,pro', 'd,,2024-02-10,'].join('\n');

async function store(): Promise<Store> {
  const s = tempStore();
  await importPeopleCsv(s, writeTemp('p.csv', CSV), { now: Date.UTC(2024, 3, 1) });
  return s.reopen();
}

function members(s: Store, where: string): string[] {
  const m = new CohortEngine(s, Date.UTC(2024, 2, 15)).property(where);
  return s.users.ids.filter((_, u) => m[u] === 1).sort();
}

afterAll(cleanTemp);

describe('filter selectors', () => {
  it('numbers stored as text: flagged, and compared as numbers (9 < 30 < 40, not as text)', async () => {
    const s = await store();
    const age = propertyKinds(s).find((p) => p.name === 'age')!;
    expect(age).toMatchObject({ kind: 'string', numericText: true });
    expect(NUMERIC_TEXT_OPS).toContain('greater than');
    const gt = selectorFor({ property: 'age', op: 'greater than', value: '20' }, age.kind, age.numericText);
    expect(gt).toBe('number(properties["age"]) > 20');
    expect(members(s, gt)).toEqual(['a', 'b']);
    const between = selectorFor({ property: 'age', op: 'between', value: '5', value2: '30' }, age.kind, true);
    expect(members(s, between)).toEqual(['a', 'c']);
    // equals stays a text comparison: the stored value is "30".
    expect(members(s, selectorFor({ property: 'age', op: 'equals', value: '30' }, age.kind, true))).toEqual(['a']);
  });

  it('dates: before, after, between, in the last N days', async () => {
    const s = await store();
    const joined = propertyKinds(s).find((p) => p.name === 'joined')!;
    expect(joined.kind).toBe('datetime');
    expect(members(s, selectorFor({ property: 'joined', op: 'less than', value: '2024-01-01' }, 'datetime'))).toEqual(['c']);
    expect(members(s, selectorFor({ property: 'joined', op: 'between', value: '2024-01-01', value2: '2024-02-28' }, 'datetime'))).toEqual(['a', 'd']);
    // As of 2024-03-15: the last 40 days start on 2024-02-04.
    expect(members(s, selectorFor({ property: 'joined', op: 'in the last N days', value: '40' }, 'datetime'))).toEqual(['b', 'd']);
    expect(countMembers(new CohortEngine(s, Date.UTC(2024, 2, 15)).property(selectorFor({ property: 'plan', op: 'is not set' }, 'string')))).toBe(1);
  });

  it('a value that is not a number is an error that says so', () => {
    expect(() => selectorFor({ property: 'age', op: 'greater than', value: 'ten' }, 'number')).toThrow(FilterValueError);
    expect(() => selectorFor({ property: 'age', op: 'greater than', value: 'ten' }, 'number')).toThrow(/needs a number, got "ten"/);
  });
});
