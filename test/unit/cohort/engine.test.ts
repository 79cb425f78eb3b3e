import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CohortEngine, type Criterion, createCohort, knownUsers, windowRange } from '../../../src/cohort/index.js';
import { cohortMembers } from '../../../src/exec/index.js';
import type { Store } from '../../../src/store/index.js';
import { addEvents, AS_OF, cleanup, ev, idsOf, makeStore } from './fixture.js';

let store: Store;
beforeAll(async () => {
  store = await makeStore();
});
afterAll(cleanup);

const run = (c: Criterion, asOf = AS_OF, s = store) => idsOf(s, new CohortEngine(s, asOf).evaluate(c));
const did = (
  event: string | null,
  op: '>=' | '<=' | '==' | '>' | '<' | '!=',
  value: number,
  extra: Partial<Extract<Criterion, { type: 'behavior' }>> = {},
): Criterion => ({ type: 'behavior', event, count: { op, value }, ...extra });

describe('known users', () => {
  it('profiles: a b c e; everyone: a b c d e', () => {
    const k = knownUsers(store);
    expect(idsOf(store, k.profile)).toEqual(['a', 'b', 'c', 'e']);
    expect(idsOf(store, k.all)).toEqual(['a', 'b', 'c', 'd', 'e']);
  });
});

describe('property criteria', () => {
  it('match profiles through the selector', () => {
    expect(run({ type: 'property', where: 'properties["plan"] == "pro"' })).toEqual(['a', 'c']);
    expect(run({ type: 'property', where: 'user["age"] >= 35' })).toEqual(['b']);
    expect(run({ type: 'property', where: '"x" in properties["tags"]' })).toEqual(['e']);
  });
  it('judge users without a profile as an empty profile', () => {
    expect(run({ type: 'property', where: 'not defined(properties["age"])' })).toEqual(['c', 'd', 'e']);
    expect(run({ type: 'property', where: 'defined(properties["$name"])' })).toEqual(['a', 'b', 'c', 'e']);
  });
});

describe('behaviour criteria', () => {
  it('did at least / at most / exactly N', () => {
    expect(run(did('Purchase', '>=', 1))).toEqual(['a', 'b', 'd']);
    expect(run(did('Purchase', '>=', 3))).toEqual(['a']);
    expect(run(did('Purchase', '<=', 1))).toEqual(['b', 'c', 'e']);
    expect(run(did('Purchase', '==', 2))).toEqual(['d']);
  });
  it('did not (== 0) covers users with no events at all', () => {
    expect(run(did('Purchase', '==', 0))).toEqual(['c', 'e']);
    expect(run(did(null, '==', 0))).toEqual(['e']);
  });
  it('any event (null)', () => {
    expect(run(did(null, '>=', 2))).toEqual(['a', 'b', 'd']);
  });
  it('within the last D days, as of a time', () => {
    // last 2 days as of 03-31: 03-30 and 03-31
    expect(run(did('Purchase', '>=', 1, { window: { last: 2, unit: 'day' } }))).toEqual(['a', 'b', 'd']);
    expect(run(did('Purchase', '>=', 2, { window: { last: 2, unit: 'day' } }))).toEqual(['d']);
    expect(run(did('Purchase', '>=', 3, { window: { last: 1, unit: 'week' } }))).toEqual(['a']);
    // as of the end of 03-29: only a's two purchases, nothing of 03-30
    expect(run(did('Purchase', '>=', 1, { window: { last: 30, unit: 'day' } }), Date.UTC(2024, 2, 29, 23, 59, 59))).toEqual(['a']);
    // as of midday 03-30: d's 08:00 and 09:00 purchases, not b's 12:00 one
    expect(run(did('Purchase', '>=', 1, { window: { last: 1, unit: 'day' } }), Date.UTC(2024, 2, 30, 10))).toEqual(['d']);
  });
  it('between two dates', () => {
    expect(run(did('Login', '>=', 1, { window: { from: '2024-02-01', to: '2024-03-01' } }))).toEqual(['a', 'c']);
    expect(run(did('Purchase', '>=', 1, { window: { from: '2024-03-28', to: '2024-03-28' } }))).toEqual(['a']);
  });
  it('with an event selector', () => {
    expect(run(did('Purchase', '>=', 1, { where: 'properties["amount"] >= 100' }))).toEqual(['d']);
    expect(run(did('Purchase', '>=', 2, { where: 'properties["amount"] > 10' }))).toEqual(['a', 'd']);
    expect(run(did(null, '>=', 1, { where: 'event["$time"] < datetime("2024-03-02")' }))).toEqual(['a', 'c']);
  });
  it('on N distinct days', () => {
    expect(run(did('Purchase', '>=', 2, { distinctDays: true }))).toEqual(['a']);
    expect(run(did('Purchase', '==', 1, { distinctDays: true }))).toEqual(['b', 'd']);
  });
  it('windows are whole project-timezone days, ending at "as of"', () => {
    expect(windowRange({ last: 2, unit: 'day' }, AS_OF, 'UTC')).toEqual({
      fromDay: '2024-03-30',
      toDay: '2024-03-31',
      minMs: Date.UTC(2024, 2, 30),
      maxMs: AS_OF,
    });
    expect(windowRange({ last: 1, unit: 'month' }, AS_OF, 'UTC').fromDay).toBe('2024-03-02');
    const berlin = windowRange({ from: '2024-03-01', to: '2024-03-01' }, AS_OF, 'Europe/Berlin');
    expect([berlin.minMs, berlin.maxMs]).toEqual([Date.UTC(2024, 1, 29, 23), Date.UTC(2024, 2, 1, 23) - 1]);
  });
});

describe('AND / OR nesting and cohort membership', () => {
  it('nests', () => {
    const c: Criterion = {
      operator: 'or',
      children: [
        { operator: 'and', children: [{ type: 'property', where: 'properties["plan"] == "pro"' }, did('Purchase', '>=', 1)] },
        { operator: 'and', children: [did('Purchase', '>=', 2), { type: 'property', where: 'not defined(properties["plan"])' }] },
      ],
    };
    expect(run(c)).toEqual(['a', 'd']);
  });

  it('in / not in other cohorts, static and dynamic; cycles are errors naming the cycle', async () => {
    await createCohort(store, { name: 'Buyers', criteria: did('Purchase', '>=', 1) });
    await createCohort(store.reopen(), { name: 'Fixed', members: ['c', 'zz-unknown'] });
    const s = store.reopen();
    expect(run({ type: 'cohort', cohort: 'Buyers', operator: 'in' }, AS_OF, s)).toEqual(['a', 'b', 'd']);
    expect(run({ type: 'cohort', cohort: 'Buyers', operator: 'not in' }, AS_OF, s)).toEqual(['c', 'e']);
    expect(run({ type: 'cohort', cohort: 'Fixed', operator: 'in' }, AS_OF, s)).toEqual(['c']);
    expect(run({ type: 'cohort', cohort: 1, operator: 'in' }, AS_OF, s)).toEqual(['a', 'b', 'd']);
    expect(() => run({ type: 'cohort', cohort: 'Nope', operator: 'in' }, AS_OF, s)).toThrow('unknown cohort "Nope"; known cohorts: "Buyers", "Fixed"');
    // A cycle written straight into a manifest (the registry refuses to make one).
    const tx = s.begin('test');
    tx.manifest.cohorts.push({ name: 'P', createdAt: '', definition: { id: 10, criteria: { type: 'cohort', cohort: 'Q', operator: 'in' } } });
    tx.manifest.cohorts.push({
      name: 'Q',
      createdAt: '',
      definition: {
        id: 11,
        criteria: {
          operator: 'and',
          children: [
            { type: 'cohort', cohort: 'Buyers', operator: 'in' },
            { type: 'cohort', cohort: 'P', operator: 'not in' },
          ],
        },
      },
    });
    tx.commit();
    const s2 = s.reopen();
    expect(() => new CohortEngine(s2, AS_OF).members('P')).toThrow('cohorts refer to each other in a cycle: "P" -> "Q" -> "P"');
  });
});

describe('dynamic vs static after new events', () => {
  it('a dynamic cohort changes when events are imported; a static one does not', async () => {
    let s = await makeStore();
    await createCohort(s, { name: 'Loggers', criteria: did('Login', '>=', 1) });
    await createCohort(s.reopen(), { name: 'Frozen', members: ['a', 'b', 'c'] });
    s = s.reopen();
    const before = { dyn: idsOf(s, new CohortEngine(s, AS_OF).members('Loggers')), stat: idsOf(s, new CohortEngine(s, AS_OF).members('Frozen')) };
    expect(before).toEqual({ dyn: ['a', 'b', 'c'], stat: ['a', 'b', 'c'] });
    s = await addEvents(s, [ev('Login', 'd', '2024-03-31'), ev('Login', 'new', '2024-03-31')]);
    expect(idsOf(s, new CohortEngine(s, AS_OF).members('Loggers'))).toEqual(['a', 'b', 'c', 'd', 'new']);
    expect(idsOf(s, new CohortEngine(s, AS_OF).members('Frozen'))).toEqual(['a', 'b', 'c']);
  });
});

describe('the JQL hook', () => {
  it('importing src/cohort registers the evaluator behind People/Events({cohort})', async () => {
    const s = await makeStore();
    await createCohort(s, { name: 'Buyers', criteria: did('Purchase', '>=', 2) });
    const fresh = s.reopen();
    expect(idsOf(fresh, cohortMembers(fresh, ['Buyers'], AS_OF))).toEqual(['a', 'd']);
  });
});
