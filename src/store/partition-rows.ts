/** A partition read back into staging form (used when new events land on its day). */
import type { SparseBuilder } from './column-codec.js';
import { valueAt } from './column.js';
import { EventRows } from './event-rows.js';
import type { PartitionLike } from './partition-like.js';

export function partitionRows(p: PartitionLike): EventRows {
  const out = new EventRows();
  const n = p.length;
  const name = p.name;
  const user = p.user;
  const time = p.time;
  const samp = p.samplingFactor;
  for (let i = 0; i < n; i++) {
    out.names.push(name.dictionary[name.indices[i]!]!);
    out.users.push(user[i]!);
    out.times.push(time[i]!);
    out.sampling.push(samp ? samp[i]! : 1);
  }
  out.hasSampling = samp !== null;
  const ins = p.column('$insert_id');
  for (let i = 0; i < n; i++) out.insertIds.push(ins === undefined ? undefined : valueAt(ins, i));
  for (const key of p.keys()) {
    const col = p.column(key)!;
    const sparse: SparseBuilder = { rows: [], values: [] };
    for (let i = 0; i < n; i++) {
      const v = valueAt(col, i);
      if (v !== undefined) {
        sparse.rows.push(i);
        sparse.values.push(v);
      }
    }
    out.props.set(key, sparse);
  }
  out.length = n;
  return out;
}
