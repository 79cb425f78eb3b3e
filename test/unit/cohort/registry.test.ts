import { afterAll, describe, expect, it } from 'vitest';
import {
  CohortEngine,
  createCohort,
  deleteCohort,
  exportCohorts,
  freezeCohort,
  importCohorts,
  readCohortFile,
  renameCohort,
  storedDefinition,
} from '../../../src/cohort/index.js';
import { AS_OF, cleanup, idsOf, makeStore } from './fixture.js';

afterAll(cleanup);

const buyers = { type: 'behavior' as const, event: 'Purchase', count: { op: '>=' as const, value: 1 } };

describe('cohort registry', () => {
  it('creates with increasing ids; a duplicate name is an error unless replace', async () => {
    const s = await makeStore();
    const a = await createCohort(s, { name: 'A', criteria: buyers, description: 'buyers' });
    const b = await createCohort(s, { name: 'B', members: ['a', 'a', 'b'] });
    expect([storedDefinition(a)?.id, storedDefinition(b)?.id]).toEqual([1, 2]);
    expect(b.members).toEqual(['a', 'b']);
    await expect(createCohort(s, { name: 'A', criteria: buyers })).rejects.toThrow('already exists');
    await createCohort(s, { name: 'A', members: ['c'] }, { replace: true });
    const fresh = s.reopen();
    expect(fresh.manifest.cohorts.map((c) => [c.name, storedDefinition(c)?.id, c.members ?? null])).toEqual([
      ['A', 1, ['c']],
      ['B', 2, ['a', 'b']],
    ]);
  });

  it('refuses references to unknown cohorts and cycles', async () => {
    const s = await makeStore();
    await expect(createCohort(s, { name: 'X', criteria: { type: 'cohort', cohort: 'Y', operator: 'in' } })).rejects.toThrow(
      'refers to cohort "Y", which does not exist',
    );
    await createCohort(s, { name: 'Y', criteria: buyers });
    await createCohort(s, { name: 'X', criteria: { type: 'cohort', cohort: 'Y', operator: 'in' } });
    await expect(createCohort(s, { name: 'Y', criteria: { type: 'cohort', cohort: 'X', operator: 'not in' } }, { replace: true })).rejects.toThrow(
      'cycle: "Y" -> "X" -> "Y"',
    );
    await expect(createCohort(s, { name: 'Z', criteria: { type: 'cohort', cohort: 'Z', operator: 'in' } })).rejects.toThrow('cycle: "Z" -> "Z"');
    expect(s.reopen().manifest.cohorts.map((c) => c.name)).toEqual(['Y', 'X']);
  });

  it('rename updates references; delete refuses while used (unless force)', async () => {
    const s = await makeStore();
    await createCohort(s, { name: 'Y', criteria: buyers });
    await createCohort(s, { name: 'X', criteria: { operator: 'or', children: [{ type: 'cohort', cohort: 'Y', operator: 'in' }, buyers] } });
    expect(await renameCohort(s, 'Y', 'Why')).toBe(1);
    const after = s.reopen();
    expect(JSON.stringify(storedDefinition(after.manifest.cohorts[1]!)?.criteria)).toContain('"cohort":"Why"');
    await expect(renameCohort(s, 'X', 'Why')).rejects.toThrow('already exists');
    await expect(renameCohort(s, 'Nope', 'Q')).rejects.toThrow('unknown cohort "Nope"');
    await expect(deleteCohort(s, 'Why')).rejects.toThrow('is used by "X"');
    await deleteCohort(s, 'Why', { force: true });
    expect(s.reopen().manifest.cohorts.map((c) => c.name)).toEqual(['X']);
  });

  it('freeze keeps the members of the moment, in place or as a new cohort', async () => {
    const s = await makeStore();
    await createCohort(s, { name: 'Buyers', criteria: buyers });
    const r = await freezeCohort(s, 'Buyers', { as: 'Buyers then', asOfMs: Date.UTC(2024, 2, 29, 23) });
    expect(r.members).toBe(1);
    const s2 = s.reopen();
    expect(idsOf(s2, new CohortEngine(s2, AS_OF).members('Buyers then'))).toEqual(['a']);
    expect(idsOf(s2, new CohortEngine(s2, AS_OF).members('Buyers'))).toEqual(['a', 'b', 'd']);
    await freezeCohort(s2, 'Buyers', { asOfMs: AS_OF });
    const s3 = s.reopen();
    const c = s3.manifest.cohorts.find((x) => x.name === 'Buyers')!;
    expect(c.members?.sort()).toEqual(['a', 'b', 'd']);
    expect(storedDefinition(c)).toMatchObject({ id: 1, source: 'freeze', frozenFrom: { cohort: 'Buyers', criteria: buyers } });
  });

  it('export then import gives back the same definitions (ids and references kept)', async () => {
    const s = await makeStore();
    await createCohort(s, { name: 'Y', criteria: buyers });
    await createCohort(s, { name: 'X', criteria: { type: 'cohort', cohort: 1, operator: 'not in' }, description: 'by id' });
    await createCohort(s, { name: 'S', members: ['a'] });
    const exported = exportCohorts(s.reopen());
    const t = await makeStore();
    await importCohorts(t, readCohortFile(JSON.parse(JSON.stringify(exported))));
    const strip = (e: typeof exported) => e.cohorts.map(({ createdAt: _c, ...rest }) => rest);
    expect(strip(exportCohorts(t.reopen()))).toEqual(strip(exported));
    expect(idsOf(t.reopen(), new CohortEngine(t.reopen(), AS_OF).members('X'))).toEqual(['c', 'e']);
    await expect(importCohorts(t, readCohortFile(exported))).rejects.toThrow('already exists; pass --replace');
    await importCohorts(t, readCohortFile(exported), { replace: true });
  });

  it('imports one bare hosted definition under a name', async () => {
    const s = await makeStore();
    const hosted = {
      selector: { operator: 'and', children: [{ property: 'behaviors', value: 'b', operator: '>=', operand: 2 }] },
      behaviors: { b: { count: { event_selector: { event: 'Purchase' } }, window: { unit: 'day', value: 30 } } },
    };
    expect(() => readCohortFile(hosted)).toThrow('pass --name');
    await importCohorts(s, readCohortFile({ raw_cohort: hosted }, 'Hosted'));
    const s2 = s.reopen();
    expect(idsOf(s2, new CohortEngine(s2, AS_OF).members('Hosted'))).toEqual(['a', 'd']);
  });
});
