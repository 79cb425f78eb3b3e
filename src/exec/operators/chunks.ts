/**
 * Split a selection into sandbox-sized chunks. For groupByUser a chunk never splits
 * one user's rows: over batches merged by user (batches/merge-users.ts) a custom
 * reducer is then called once per user, deterministically (jql.md §3).
 */
export function chunkSelection(sel: Int32Array, size: number, users: Int32Array | null): Int32Array[] {
  if (sel.length <= size) return [sel];
  const out: Int32Array[] = [];
  let start = 0;
  while (start < sel.length) {
    let end = Math.min(start + size, sel.length);
    if (users !== null && end < sel.length) {
      const u = users[sel[end - 1]!]!;
      let e = end;
      while (e < sel.length && users[sel[e]!] === u) e++;
      end = e;
    }
    out.push(sel.subarray(start, end));
    start = end;
  }
  return out;
}
