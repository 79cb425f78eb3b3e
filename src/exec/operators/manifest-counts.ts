/**
 * `groupBy(["name"], count())` and `reduce(count())` over events with no selector
 * expressions, filters or cohorts are answered from the manifest, which keeps the
 * event-name counts of every partition: no data file is read.
 */
import type { Accessor, Source, Stage } from '../../plan/index.js';
import type { ExecContext } from '../context.js';
import { compareKeys } from '../keys/index.js';

const isCount = (r: Stage extends never ? never : { kind: string; name?: string; accessor?: Accessor; options?: Record<string, unknown> }) =>
  r.kind === 'builtin' && r.name === 'count' && r.accessor === undefined && !r.options?.account_for_sampling;

export function countsFromManifest(ctx: ExecContext, source: Source, filters: number[], stage: Stage, keys: Accessor[]): unknown[] | null {
  if (source.kind !== 'events' || filters.length || source.cohorts.length || ctx.shard) return null;
  if (stage.kind !== 'groupBy' && stage.kind !== 'reduce') return null;
  if (!stage.reducers.every(isCount)) return null;
  const byName = stage.kind === 'groupBy';
  if (byName && !(keys.length === 1 && keys[0]!.kind === 'path' && keys[0]!.path === 'name')) return null;
  // Only whole-name selection: entries with an event name and no selector.
  let names: Set<string> | null = null;
  if (source.eventSelectors.length) {
    if (source.eventSelectors.some((e) => e.event === undefined || (e.selector !== undefined && String(e.selector).trim() !== ''))) return null;
    names = new Set(source.eventSelectors.map((e) => e.event!));
  }
  const counts = new Map<string, number>();
  for (const day of ctx.store.days(source.fromDate, source.toDate)) {
    const meta = ctx.store.partitionMeta(day)!;
    ctx.stats.partitionsPruned++;
    for (const [name, n] of Object.entries(meta.names)) {
      if (names && !names.has(name)) continue;
      counts.set(name, (counts.get(name) ?? 0) + n);
    }
  }
  const value = (n: number) => (stage.list ? stage.reducers.map(() => n) : n);
  if (!byName) return [value([...counts.values()].reduce((a, b) => a + b, 0))];
  return [...counts.entries()].sort((a, b) => compareKeys([a[0]], [b[0]])).map(([name, n]) => ({ key: [name], value: value(n) }));
}
