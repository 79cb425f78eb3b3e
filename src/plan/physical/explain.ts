/**
 * Print a physical plan for `quarry run --explain`: one node a line, each with what
 * exec will do — native or sandbox, the reducer kernels, the columns read, the
 * partitions left after pruning, whether rows may come in any order, the shards,
 * whether the manifest answers it — then
 * where each user function runs.
 *
 * @example
 *   scan Events 2024-01-02..2024-03-31  [partitions 90/90, columns: name]
 *   groupBy [name] count()  [native, manifest answers it: no data read]
 */
import { explainAccessor, explainFunctions, explainReducer, explainSource } from '../explain.js';
import type { AggregateNode, FnCall, PhysicalPlan, PhysicalReducer, ScanNode, ShardPlan, StageNode } from './nodes.js';

/** The note of an order-free scan. */
export const ANY_ORDER_NOTE = 'any row order (a bucketed day read bucket by bucket)';

const fnText = (f: FnCall) => `fn#${f.fn} ${f.mode}`;

function scanLine(scan: ScanNode): string[] {
  const notes: string[] = [];
  const p = scan.partitions;
  if (p) notes.push(p.afterPruning === null ? `partitions ${p.total} (a selector is invalid)` : `partitions ${p.afterPruning}/${p.total} after pruning`);
  // rules/scan-order.ts: the reader does not need (user, time) order.
  if (scan.anyOrder) notes.push(ANY_ORDER_NOTE);
  notes.push(scan.columns === null ? 'columns: whole items' : `columns: ${scan.columns.join(', ') || '(none)'}`);
  // A join prints its two sources on lines of their own: the notes go on the first.
  const [head, ...rest] = explainSource(scan.source).split('\n');
  const lines = [`scan ${head}  [${notes.join(', ')}]`, ...rest];
  for (const f of scan.filters) lines.push(`  filter ${fnText(f)} (fused into the scan)`);
  return lines;
}

function reducerText(r: PhysicalReducer): string {
  if (r.kind === 'fn') return `fn#${r.fnId} (sandbox)`;
  return `${explainReducer(r)}${r.kernel ? ` (kernel ${r.kernel})` : ''}`;
}

function shardText(s: ShardPlan | null): string {
  if (s === null) return 'one thread';
  if (s.mode === 'users') return `${s.n} shards by user${s.through ? `, stages 1..${s.through} in the shards` : ''}`;
  return `${s.shards.length} shards by days (${s.shards.map((d) => `${d[0]}..${d[d.length - 1]}`).join(', ')})`;
}

function aggregateLine(n: AggregateNode): string {
  const reducers = n.reducers.map(reducerText).join(', ');
  const head = `${n.kind}${n.kind === 'reduce' ? '' : ` [${n.keys.map(explainAccessor).join(', ')}]`} ${n.list ? `[${reducers}]` : reducers}`;
  const notes = [n.sandbox ? 'sandbox' : 'native'];
  if (n.valueFns.length) notes.push(`values ${n.valueFns.map(fnText).join(', ')}`);
  if (n.fromScan) {
    if (n.manifest) notes.push('manifest answers it: no data read');
    else notes.push(shardText(n.shards));
  }
  if (!n.sorted) notes.push('unsorted: the next groupBy ignores order');
  if (n.distinctUsers) notes.push('with the next groupBy: distinct users per key');
  return `${head}  [${notes.join(', ')}]`;
}

function stageLine(n: StageNode): string {
  switch (n.op) {
    case 'aggregate':
      return aggregateLine(n);
    case 'map':
      return `map ${fnText(n.fn)}`;
    case 'filter':
      return `filter ${fnText(n.fn)}`;
    case 'flatten':
      return 'flatten';
    case 'sort':
      return `${n.desc ? 'sortDesc' : 'sortAsc'} ${explainAccessor(n.accessor)}`;
    case 'groupLimits':
      return `applyGroupLimits ${JSON.stringify(n.limits)}${n.globalLimit === undefined ? '' : ` ${n.globalLimit}`}`;
    case 'misplaced':
      return `${n.kind} (misplaced: fails when run)`;
  }
}

export function explainPhysical(p: PhysicalPlan): string {
  const lines = [...scanLine(p.scan), ...p.stages.map(stageLine)];
  const fns = explainFunctions(
    p.translate ? { fns: p.fns, stages: [], source: p.scan.source } : { fns: p.fns.map((f) => ({ ...f, native: null })), stages: [], source: p.scan.source },
    reducerFns(p),
  );
  if (fns) lines.push('functions:', ...fns.split('\n').map((l) => `  ${l}`));
  if (p.sandbox) lines.push(shardFnsLine(p.shardFns));
  return lines.join('\n');
}

/** How shard workers get the functions: compiled without main(), or main() re-run and why. */
function shardFnsLine(s: PhysicalPlan['shardFns']): string {
  if (s.mode === 'compiled') return 'in shards: functions compiled from source (main() not re-run)';
  return `in shards: main() re-run: ${s.reasons.join('; ')}`;
}

function reducerFns(p: PhysicalPlan): Set<number> {
  const out = new Set<number>();
  for (const n of p.stages) if (n.op === 'aggregate') for (const r of n.reducers) if (r.kind === 'fn') out.add(r.fnId);
  return out;
}
