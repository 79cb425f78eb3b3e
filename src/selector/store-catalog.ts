/**
 * What a store's records look like, from the manifest alone: event names, event
 * property keys and profile property keys with their stored kinds. Used for hints
 * (unknown names, did-you-mean, text compared with numbers), never for results.
 */
import type { PropertyCatalog } from './hints.js';
import type { Store } from '../store/index.js';

export function eventNames(store: Store): Set<string> {
  const names = new Set<string>();
  for (const d of store.days()) for (const [n, k] of Object.entries(store.partitionMeta(d)!.names)) if (k > 0) names.add(n);
  return names;
}

export function eventCatalog(store: Store): PropertyCatalog {
  const kinds = new Map<string, string>();
  for (const d of store.days()) {
    for (const [k, c] of Object.entries(store.partitionMeta(d)!.columns)) {
      const had = kinds.get(k);
      kinds.set(k, had === undefined || had === c.kind ? c.kind : 'mixed');
    }
  }
  return { keys: new Set(kinds.keys()), kind: (k) => kinds.get(k), noun: 'event' };
}

export function profileCatalog(store: Store): PropertyCatalog {
  const cols = store.manifest.profiles?.columns ?? {};
  const kinds = new Map(Object.entries(cols).map(([k, c]) => [k, c.kind as string]));
  return { keys: new Set(kinds.keys()), kind: (k) => kinds.get(k), noun: 'profile' };
}
