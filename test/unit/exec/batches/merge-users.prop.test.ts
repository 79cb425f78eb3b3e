/**
 * mergeByUser on random days against a plain reference: every user's selected rows,
 * day by day in selection order, whole users per batch (cut where the next user would
 * pass the target; a user past the bound alone, in pieces of `bound`), items without a
 * user dropped, days out of user order included. Names and a property (strings, numbers
 * or absent, by day) decode to the rows' own values, through the dictionaries the
 * merged batches share.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { EventBatch } from '../../../../src/exec/batches/event-batch.js';
import { mergeByUser } from '../../../../src/exec/batches/merge-users.js';
import type { PartitionLike } from '../../../../src/exec/batches/merged-partition.js';
import { type Column, type StringColumn, valueAt } from '../../../../src/store/index.js';

interface Day {
  users: number[];
  names: string[];
  plan: Array<string | undefined>;
  /** How the day stores `plan`: strings, numbers (p: 1, q: 2), or not at all. */
  planKind: 'string' | 'number' | 'missing';
  keep: boolean[];
}

const PLAN_NUMBER: Record<string, number> = { p: 1, q: 2 };

function numberColumn(values: Array<number | undefined>): Column {
  const present = new Uint8Array(((values.length + 63) >> 6) << 3);
  values.forEach((v, i) => {
    if (v !== undefined) present[i >> 3]! |= 1 << (i & 7);
  });
  return { kind: 'number', length: values.length, present, nulls: null, values: Float64Array.from(values, (v) => v ?? 0) };
}

/** The plan value a day holds for a row, as the merged column should give it back. */
function planOf(d: Day, r: number): string | number | undefined {
  const v = d.plan[r];
  if (d.planKind === 'missing' || v === undefined) return undefined;
  return d.planKind === 'number' ? PLAN_NUMBER[v] : v;
}

function stringColumn(values: Array<string | undefined>): StringColumn {
  const dictionary = [...new Set(values.filter((v): v is string => v !== undefined))].reverse();
  const present = new Uint8Array(((values.length + 63) >> 6) << 3);
  values.forEach((v, i) => {
    if (v !== undefined) present[i >> 3]! |= 1 << (i & 7);
  });
  return {
    kind: 'string',
    length: values.length,
    present: values.every((v) => v !== undefined) ? null : present,
    nulls: null,
    indices: Int32Array.from(values.map((v) => (v === undefined ? 0 : dictionary.indexOf(v)))),
    dictionary,
  };
}

function partition(d: Day): PartitionLike {
  const plan =
    d.planKind === 'string'
      ? stringColumn(d.plan)
      : d.planKind === 'number'
        ? numberColumn(d.plan.map((v) => (v === undefined ? undefined : PLAN_NUMBER[v])))
        : undefined;
  return {
    length: d.users.length,
    meta: { rows: d.users.length },
    name: stringColumn(d.names),
    user: Int32Array.from(d.users),
    time: new Float64Array(d.users.length),
    samplingFactor: null,
    keys: () => (plan === undefined ? [] : ['plan']),
    column: (k: string) => (k === 'plan' ? plan : undefined),
  };
}

const dayArb = fc
  .record({
    rows: fc.array(
      fc.record({
        user: fc.integer({ min: -1, max: 12 }),
        name: fc.constantFrom('a', 'b', 'c', 'd'),
        plan: fc.option(fc.constantFrom('p', 'q'), { nil: undefined }),
        keep: fc.boolean(),
      }),
      { maxLength: 30 },
    ),
    planKind: fc.constantFrom('string' as const, 'string' as const, 'number' as const, 'missing' as const),
    // A day is stored in user order, NO_USER (-1) first; one that is not (a reader's
    // 'unsorted' day) must merge the same, each user's rows in their stored order.
    sorted: fc.boolean(),
  })
  .map(({ rows, planKind, sorted }): Day => {
    if (sorted) rows.sort((x, y) => x.user - y.user);
    return { users: rows.map((r) => r.user), names: rows.map((r) => r.name), plan: rows.map((r) => r.plan), planKind, keep: rows.map((r) => r.keep) };
  });

type Row = [user: number, name: string, plan: string | number | undefined];

/** The old merge's rule, on plain arrays. */
function reference(days: Day[], target: number, bound: number): Row[][] {
  const byUser = new Map<number, Row[]>();
  for (const d of days)
    d.users.forEach((u, r) => {
      if (!d.keep[r] || u < 0) return;
      if (!byUser.has(u)) byUser.set(u, []);
      byUser.get(u)!.push([u, d.names[r]!, planOf(d, r)]);
    });
  const out: Row[][] = [];
  let cur: Row[] = [];
  for (const u of [...byUser.keys()].sort((a, b) => a - b)) {
    const rows = byUser.get(u)!;
    if (rows.length > bound) {
      if (cur.length) out.push(cur);
      cur = [];
      for (let s = 0; s < rows.length; s += bound) out.push(rows.slice(s, s + bound));
      continue;
    }
    if (cur.length > 0 && cur.length + rows.length > target) {
      out.push(cur);
      cur = [];
    }
    cur.push(...rows);
  }
  if (cur.length) out.push(cur);
  return out;
}

function merged(days: Day[], target: number, bound: number): Row[][] {
  const users = { ids: [] } as never;
  const batches = days.map((d) => {
    const b = new EventBatch(partition(d), () => users, 'UTC');
    b.sel = Int32Array.from(d.keep.flatMap((k, r) => (k ? [r] : [])));
    return b;
  });
  return [...mergeByUser(batches, { target, bound, timezone: 'UTC', usersRef: () => users })].map((b) => {
    const part = (b as EventBatch).part;
    const plan = part.column('plan');
    return Array.from(
      b.sel,
      (r): Row => [
        part.user[r]!,
        part.name.dictionary[part.name.indices[r]!]!,
        plan === undefined ? undefined : (valueAt(plan, r) as string | number | undefined),
      ],
    );
  });
}

describe('mergeByUser (property)', () => {
  it('equals the reference on random days, targets and bounds', () => {
    fc.assert(
      fc.property(fc.array(dayArb, { maxLength: 6 }), fc.integer({ min: 1, max: 20 }), fc.integer({ min: 1, max: 8 }), (days, target, bound) => {
        expect(merged(days, target, bound)).toEqual(reference(days, target, bound));
      }),
      { numRuns: 400 },
    );
  });
});
