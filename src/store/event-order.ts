/**
 * The row order of a partition: (user number, time, ingest order).
 *
 * A comparator sort of a million row numbers was ~10% of an import's CPU. User numbers
 * are small dense integers, so a counting sort by user (stable: ingest order kept) puts
 * each user's rows together, and each user's run is then ordered by time; exports come
 * time-ordered, so a run is usually sorted already and the check is one pass. The
 * order is exactly the comparator's (ties on time keep ingest order in both).
 */
export function eventOrder(users: ArrayLike<number>, times: ArrayLike<number>): Int32Array {
  const n = users.length;
  const out = new Int32Array(n);
  if (n === 0) return out;
  let min = users[0]!;
  let max = min;
  for (let i = 1; i < n; i++) {
    const u = users[i]!;
    if (u < min) min = u;
    else if (u > max) max = u;
  }
  const range = max - min + 1;
  if (range > 4 * n + 4096) return comparatorOrder(users, times);
  const start = new Int32Array(range + 1);
  for (let i = 0; i < n; i++) start[users[i]! - min + 1]!++;
  for (let k = 1; k <= range; k++) start[k]! += start[k - 1]!;
  const at = start.slice(0, range);
  for (let i = 0; i < n; i++) out[at[users[i]! - min]!++] = i;
  for (let k = 0; k < range; k++) sortRunByTime(out, start[k]!, start[k + 1]!, times);
  return out;
}

function sortRunByTime(order: Int32Array, from: number, to: number, times: ArrayLike<number>): void {
  let sorted = true;
  for (let a = from + 1; a < to; a++) {
    if (times[order[a]!]! < times[order[a - 1]!]!) {
      sorted = false;
      break;
    }
  }
  if (sorted) return;
  if (to - from <= 32) {
    // Insertion sort, stable: a row moves only past rows with a later time.
    for (let a = from + 1; a < to; a++) {
      const i = order[a]!;
      const t = times[i]!;
      let b = a - 1;
      while (b >= from && times[order[b]!]! > t) {
        order[b + 1] = order[b]!;
        b--;
      }
      order[b + 1] = i;
    }
    return;
  }
  order.subarray(from, to).sort((a, b) => times[a]! - times[b]! || a - b);
}

function comparatorOrder(users: ArrayLike<number>, times: ArrayLike<number>): Int32Array {
  const out = new Int32Array(users.length);
  for (let i = 0; i < out.length; i++) out[i] = i;
  return out.sort((a, b) => users[a]! - users[b]! || times[a]! - times[b]! || a - b);
}
