/**
 * Keys and reducer inputs given as translated bare-field functions (`e => e.name`,
 * `e => e.properties.$city`) become the column path itself, so they reach the columnar
 * fast paths (dictionary codes, number kernels) instead of per-item evaluation.
 */
import type { Accessor, FnInfo } from '../../nodes.js';

export type SourceKind = 'events' | 'people' | 'join' | 'rows';

export function columnAccessor(acc: Accessor, sourceKind: SourceKind, native: (fnId: number) => FnInfo['native']): Accessor {
  if (acc.kind === 'fn') {
    const ex = native(acc.fnId);
    if (ex && ex.k === 'param' && isColumnPath(sourceKind, ex.path)) return { kind: 'path', path: ex.path.join('.') };
    return acc;
  }
  if ('inner' in acc) return { ...acc, inner: columnAccessor(acc.inner, sourceKind, native) } as Accessor;
  return acc;
}

/** A parameter path that is exactly one column of the source (no JS members after it). */
function isColumnPath(kind: SourceKind, p: string[]): boolean {
  if (p.some((s) => s.includes('.') || s === '')) return false;
  const ev = (q: string[]) =>
    (q.length === 1 && ['name', 'distinct_id', 'time', 'sampling_factor'].includes(q[0]!)) || (q.length === 2 && q[0] === 'properties');
  const pe = (q: string[]) => (q.length === 1 && ['distinct_id', 'time', 'last_seen'].includes(q[0]!)) || (q.length === 2 && q[0] === 'properties');
  switch (kind) {
    case 'events':
      return ev(p);
    case 'people':
      return pe(p);
    case 'join':
      return (p.length === 1 && p[0] === 'distinct_id') || (p[0] === 'event' && ev(p.slice(1))) || (p[0] === 'user' && pe(p.slice(1)));
    case 'rows':
      return false;
  }
}
