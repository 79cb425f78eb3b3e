/** writeEventPartition / EventPartition directly: dedup, order, meta, sampling, toRows. */
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { EventPartition, EventRows, valueAt, writeEventPartition } from '../../../src/store/index.js';
import { cleanTemp, tempDir } from '../../helpers/index.js';

afterAll(cleanTemp);

function write(rows: EventRows) {
  const dir = tempDir();
  const result = writeEventPartition(path.join(dir, 'p'), 'p', rows);
  return { result, part: new EventPartition(dir, '2016-03-01', result.meta) };
}
const dump = (p: EventPartition) =>
  Array.from({ length: p.length }, (_, i) => ({
    name: valueAt(p.name, i),
    user: p.user[i],
    time: p.time[i],
    ins: valueAt(p.column('$insert_id'), i),
    props: Object.fromEntries(p.keys().flatMap((k) => (valueAt(p.column(k), i) === undefined ? [] : [[k, valueAt(p.column(k), i)]]))),
    sampling: p.samplingFactor?.[i],
  }));

describe('writeEventPartition', () => {
  it('dedups on (name, time, user, $insert_id) keeping the last row, then sorts by (user, time, input order)', () => {
    const r = new EventRows();
    r.push('a', 1, 20, 'x', { v: 1 });
    r.push('b', 0, 30, undefined, { v: 2 });
    r.push('a', 1, 20, 'x', { v: 3, w: true });
    r.push('c', 0, 10, 'x', {});
    r.push('d', 1, 20, undefined, { v: 5 });
    r.push('a', 1, 20, 'y', {});
    const { result, part } = write(r);
    expect(result.duplicates).toBe(1);
    expect(dump(part)).toEqual([
      { name: 'c', user: 0, time: 10, ins: 'x', props: {}, sampling: undefined },
      { name: 'b', user: 0, time: 30, ins: undefined, props: { v: 2 }, sampling: undefined },
      { name: 'a', user: 1, time: 20, ins: 'x', props: { v: 3, w: true }, sampling: undefined },
      { name: 'd', user: 1, time: 20, ins: undefined, props: { v: 5 }, sampling: undefined },
      { name: 'a', user: 1, time: 20, ins: 'y', props: {}, sampling: undefined },
    ]);
    expect(result.meta).toEqual({
      dir: 'p',
      rows: 5,
      minTime: 10,
      maxTime: 30,
      names: { c: 1, b: 1, a: 2, d: 1 },
      columns: { v: { kind: 'number', file: 'p0.arrow', count: 3 }, w: { kind: 'boolean', file: 'p1.arrow', count: 1 } },
      hasSampling: false,
    });
  });

  it('a key only on dropped duplicates gets no column', () => {
    const r = new EventRows();
    r.push('a', 0, 1, 'x', { gone: 1 });
    r.push('a', 0, 1, 'x', {});
    const { part } = write(r);
    expect(part.keys()).toEqual([]);
    expect(part.column('gone')).toBeUndefined();
  });

  it('sampling factors are stored only when some event has one other than 1', () => {
    const r = new EventRows();
    r.push('a', 0, 2, undefined, {}, 0.5);
    r.push('a', 0, 1, undefined, {});
    const { part, result } = write(r);
    expect(result.meta.hasSampling).toBe(true);
    expect(Array.from(part.samplingFactor!)).toEqual([1, 0.5]);
    const plain = new EventRows();
    plain.push('a', 0, 1, undefined, {});
    expect(write(plain).part.samplingFactor).toBeNull();
  });

  it('toRows reads a partition back; writing it again gives the same partition', () => {
    const r = new EventRows();
    for (let i = 0; i < 9; i++)
      r.push(`e${i % 3}`, ((i * 7) % 4) - 1, 100 - i, i % 2 ? `id${i}` : undefined, { n: i, s: i % 2 ? 's' : null, j: i === 4 ? [i] : undefined });
    const first = write(r).part;
    const again = write(first.toRows()).part;
    expect(dump(again)).toEqual(dump(first));
    expect(again.meta.columns).toEqual(first.meta.columns);
    expect(again.user.length).toBe(9);
  });
});
