/**
 * Tab completion for the REPL: JQL's globals (`Events`, `People`, `join`,
 * `mixpanel`, `params`), `mixpanel.*` and `mixpanel.reducer.*`, the query methods
 * after a `).`, helpers defined in the session, and property names from the store
 * after `properties.` / `properties["` / `user["`.
 */
import { REDUCER_NAMES } from '../../reducer-facts/index.js';
import type { Store } from '../../store/index.js';

const GLOBALS = ['Events', 'People', 'join', 'mixpanel', 'params', 'function', 'var', 'return'];
const MIXPANEL = [
  'reducer',
  'multiple_keys',
  'slice',
  'numeric_bucket',
  'to_number',
  'to_string',
  'to_boolean',
  'hourly_time_buckets',
  'daily_time_buckets',
  'weekly_time_buckets',
  'monthly_time_buckets',
  'quarterly_time_buckets',
  'annual_time_buckets',
];
const METHODS = ['groupBy', 'groupByUser', 'filter', 'map', 'reduce', 'sortAsc', 'sortDesc', 'applyGroupLimits', 'flatten'];

/** Every property key of the store's events and profiles, sorted. */
export function storeProperties(store: Store): string[] {
  const keys = new Set<string>();
  for (const d of store.days()) for (const k of Object.keys(store.partitionMeta(d)!.columns)) keys.add(k);
  for (const k of Object.keys(store.manifest.profiles?.columns ?? {})) keys.add(k);
  return [...keys].sort();
}

export type Completion = [matches: string[], token: string];

export function complete(line: string, o: { properties: string[]; helpers: string[] }): Completion {
  const quoted = /(?:properties|user)\s*\[\s*(["'])([^"']*)$/.exec(line);
  if (quoted) {
    const [, q, part] = quoted;
    return [o.properties.filter((p) => p.startsWith(part!)).map((p) => `${p}${q}]`), part!];
  }
  const dotted = /(?:properties|user)\.([\w$]*)$/.exec(line);
  if (dotted) return [o.properties.filter((p) => /^[A-Za-z_$][\w$]*$/.test(p) && p.startsWith(dotted[1]!)), dotted[1]!];
  const reducer = /mixpanel\.reducer\.([\w$]*)$/.exec(line);
  if (reducer) return [REDUCER_NAMES.filter((n) => n.startsWith(reducer[1]!)), reducer[1]!];
  const mp = /mixpanel\.([\w$]*)$/.exec(line);
  if (mp) return [MIXPANEL.filter((n) => n.startsWith(mp[1]!)), mp[1]!];
  const method = /(?:\)\s*|^\s*)\.([\w$]*)$/.exec(line);
  if (method) return [METHODS.filter((n) => n.startsWith(method[1]!)), method[1]!];
  const word = /([A-Za-z_$][\w$]*)$/.exec(line);
  const part = word ? word[1]! : '';
  if (part === '' && line.trim() !== '') return [[], ''];
  return [[...GLOBALS, ...o.helpers].filter((n) => n.startsWith(part)), part];
}
