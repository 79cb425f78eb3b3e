/**
 * User shards of an unbucketed store as ranges of user numbers, not residues: a day is
 * in (user, time) order, so a range is one run of rows of each column and a shard reads
 * only that run (store/event-user-range.ts), where "k modulo n" needs every row of every
 * column in every shard. The bounds split the rows of a few sampled days evenly, so the
 * shards get about equal work however events spread over user numbers.
 */
import type { Store } from '../../store/index.js';

/** Days whose user columns set the bounds: enough to even out a skewed day, cheap to read. */
const SAMPLE_DAYS = 3;

/** n ranges [lo, hi) covering every user number and -1 (no user) in the first. */
export function userRanges(store: Store, n: number): Array<[number, number]> {
  const days = store.days().filter((d) => store.partitionMeta(d)!.buckets === undefined && store.partitionMeta(d)!.rows > 0);
  const picked = days.length <= SAMPLE_DAYS ? days : Array.from({ length: SAMPLE_DAYS }, (_, i) => days[Math.floor(((i + 0.5) * days.length) / SAMPLE_DAYS)]!);
  // An unbucketed day opens as one partition, which reads its user column alone.
  const sample = picked.map((d) => store.openPartition(d).user);
  return rangesOf(sample, store.manifest.users.count, n);
}

/** Bounds at the row quantiles of the sampled user columns; by user count when there is no sample. */
export function rangesOf(sample: Int32Array[], userCount: number, n: number): Array<[number, number]> {
  const total = sample.reduce((s, a) => s + a.length, 0);
  const bounds: number[] = [];
  if (total === 0) {
    for (let k = 1; k < n; k++) bounds.push(Math.floor((userCount * k) / n));
  } else {
    const all = new Int32Array(total);
    let at = 0;
    for (const a of sample) {
      all.set(a, at);
      at += a.length;
    }
    all.sort();
    for (let k = 1; k < n; k++) bounds.push(Math.max(0, all[Math.floor((total * k) / n)]!));
  }
  const out: Array<[number, number]> = [];
  let lo = -1;
  for (let k = 0; k < n; k++) {
    // Ascending, never below the previous bound; the last range is open-ended.
    const hi = k === n - 1 ? 2 ** 31 - 1 : Math.max(lo, bounds[k]!);
    out.push([lo, hi]);
    lo = hi;
  }
  return out;
}
