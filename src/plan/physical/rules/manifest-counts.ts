/**
 * `groupBy(["name"], count())` and `reduce(count())` over events with no selector
 * expressions, filters or cohorts are answered from the manifest, which keeps the
 * event-name counts of every partition (exec/operators/manifest-counts.ts).
 */
import { reducerFacts } from '../../../reducer-facts/index.js';
import type { AggregateNode, ScanNode } from '../nodes.js';

export function answeredByManifest(scan: ScanNode, node: AggregateNode): boolean {
  const source = scan.source;
  if (!node.fromScan || source.kind !== 'events' || scan.filters.length || source.cohorts.length) return false;
  if (node.kind !== 'groupBy' && node.kind !== 'reduce') return false;
  if (
    !node.reducers.every(
      (r) => r.kind === 'builtin' && reducerFacts(r.name)?.manifestCounts === true && r.accessor === undefined && !r.options?.account_for_sampling,
    )
  )
    return false;
  if (node.kind === 'groupBy' && !(node.keys.length === 1 && node.keys[0]!.kind === 'path' && node.keys[0]!.path === 'name')) return false;
  // Only whole-name selection: entries with an event name and no selector.
  return !source.eventSelectors.some((e) => e.event === undefined || (e.selector !== undefined && String(e.selector).trim() !== ''));
}
