/**
 * The columns a query reads from its source, for explain: the paths of the keys and
 * reducer inputs of the stage over the scan, the fields its functions (and the fused
 * filters) read, and the properties the selectors name. null: whole items (a function
 * that may read anything, a reducer given the item itself, no consuming stage).
 */
import { parseSelector, referencedKeys } from '../../../selector/index.js';
import type { Accessor, Plan } from '../../nodes.js';
import type { ScanNode, StageNode } from '../nodes.js';

/** Reducers that read nothing of their items when given no accessor. */
const NO_INPUT = new Set(['count', 'null', 'noop']);

/** The column a dotted path starts in: "properties.$city.x" -> "properties.$city". */
function columnOf(path: string): string {
  const s = path.split('.');
  const within = (q: string[]) => (q[0] === 'properties' && q.length > 1 ? q.slice(0, 2) : q.slice(0, 1));
  if ((s[0] === 'event' || s[0] === 'user') && s.length > 1) return [s[0], ...within(s.slice(1))].join('.');
  return within(s).join('.');
}

function selectorColumns(scan: ScanNode): string[] {
  const src = scan.source;
  const texts: Array<{ text: unknown; prefix: string }> = [];
  if (src.kind === 'events') for (const e of src.eventSelectors) texts.push({ text: e.selector, prefix: '' });
  if (src.kind === 'people') for (const e of src.userSelectors) texts.push({ text: e.selector, prefix: '' });
  if (src.kind === 'join') {
    for (const e of src.selectors) texts.push({ text: e.selector, prefix: '' });
    for (const e of src.events.eventSelectors) texts.push({ text: e.selector, prefix: 'event.' });
    for (const e of src.people.userSelectors) texts.push({ text: e.selector, prefix: 'user.' });
  }
  const out: string[] = [];
  // Entries naming an event read the name column (its dictionary codes).
  const named = (es: Array<{ event?: string }>, prefix: string) => (es.some((e) => e.event !== undefined) ? [`${prefix}name`] : []);
  if (src.kind === 'events') out.push(...named(src.eventSelectors, ''));
  if (src.kind === 'join') out.push(...named(src.selectors, 'event.'), ...named(src.events.eventSelectors, 'event.'));
  for (const { text, prefix } of texts) {
    if (text === undefined || text === null || String(text).trim() === '') continue;
    try {
      const refs = referencedKeys(parseSelector(String(text)));
      for (const p of refs.properties) out.push(`${prefix}properties.${p}`);
      for (const p of refs.user) out.push(`user.properties.${p}`);
      if (refs.usesTime) out.push(`${prefix}time`);
    } catch {
      // an invalid selector: the scan reports it
    }
  }
  return out;
}

export function columnsRead(plan: Plan, scan: ScanNode, first: StageNode | undefined): string[] | null {
  const cols = new Set<string>(selectorColumns(scan));
  let whole = false;
  const fnReads = (id: number, asReducer = false) => {
    const f = plan.fns[id];
    const reads = asReducer ? f?.itemReads : f?.reads;
    if (reads === null || reads === undefined) whole = true;
    else for (const p of reads) cols.add(columnOf(p));
  };
  const accessor = (a: Accessor): void => {
    if (a.kind === 'fn') fnReads(a.fnId);
    else if ('inner' in a) accessor(a.inner);
    else cols.add(columnOf(a.path));
  };
  for (const f of scan.filters) fnReads(f.fn);
  if (first?.op === 'aggregate' && first.fromScan) {
    if (first.kind === 'groupByUser') cols.add('distinct_id');
    first.keys.forEach(accessor);
    for (const r of first.reducers) {
      if (r.kind === 'fn') fnReads(r.fnId, true);
      else if (r.accessor) accessor(r.accessor);
      else if (r.name === 'count_unique') cols.add('distinct_id');
      else if (!NO_INPUT.has(r.name)) whole = true;
      if (r.kind === 'builtin' && r.options?.account_for_sampling) cols.add('sampling_factor');
    }
  } else if (first?.op === 'map' && first.fromScan) fnReads(first.fn.fn);
  else whole = true;
  return whole ? null : [...cols].sort();
}
