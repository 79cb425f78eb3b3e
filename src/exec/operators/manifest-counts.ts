/**
 * An aggregation the plan marked as answered by the manifest (plan/physical/rules/
 * manifest-counts.ts): `groupBy(["name"], count())` or `reduce(count())` over whole
 * event names. The manifest keeps the event-name counts of every partition: no data
 * file is read.
 */
import type { AggregateNode, ScanNode } from '../../plan/index.js';
import type { ExecContext } from '../context.js';
import { compareKeys } from '../accessors/index.js';

export function countsFromManifest(ctx: ExecContext, scan: ScanNode, node: AggregateNode): unknown[] {
  const source = scan.source;
  if (source.kind !== 'events') throw new Error('internal: manifest counts need an events scan');
  const names = source.eventSelectors.length ? new Set(source.eventSelectors.map((e) => e.event!)) : null;
  const counts = new Map<string, number>();
  for (const day of ctx.store.days(source.fromDate, source.toDate)) {
    const meta = ctx.store.partitionMeta(day)!;
    ctx.stats.partitionsPruned++;
    for (const [name, n] of Object.entries(meta.names)) {
      if (names && !names.has(name)) continue;
      counts.set(name, (counts.get(name) ?? 0) + n);
    }
  }
  const value = (n: number) => (node.list ? node.reducers.map(() => n) : n);
  if (node.kind === 'reduce') return [value([...counts.values()].reduce((a, b) => a + b, 0))];
  return [...counts.entries()].sort((a, b) => compareKeys([a[0]], [b[0]])).map(([name, n]) => ({ key: [name], value: value(n) }));
}
