/**
 * The leading `.filter()` calls run inside the scan, over its columnar batches (before
 * any item is built): they move from the stage list into the scan node.
 */
import type { Loc, Stage } from '../../nodes.js';
import type { FnCall } from '../nodes.js';

export function fuseFilters(stages: Stage[], mode: (fn: number) => FnCall['mode']): { filters: Array<FnCall & { loc?: Loc }>; rest: Stage[] } {
  let i = 0;
  const filters: Array<FnCall & { loc?: Loc }> = [];
  while (i < stages.length && stages[i]!.kind === 'filter') {
    const st = stages[i++] as { fn: number; loc?: Loc };
    filters.push({ fn: st.fn, mode: mode(st.fn), loc: st.loc });
  }
  return { filters, rest: stages.slice(i) };
}
