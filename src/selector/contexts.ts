/**
 * Where each accessor reads from in each context (spec §3). Both evaluators and
 * referencedKeys() resolve accessors here, so the table lives in one place.
 *
 * Records and batches carry two bags: `properties` (the event's properties) and
 * `user` (the profile). In 'user' and 'engage' contexts there is no event: the
 * profile is passed as `user`, and `properties[k]` reads it too.
 */
import type { SourceName } from './ast.js';

export type SelectorContext = 'event' | 'user' | 'join' | 'export' | 'engage';

export type Resolved =
  | { from: 'properties' | 'user'; key: string }
  /** event["$time"]: the event timestamp as a datetime. */
  | { from: 'time' }
  /** Not available in this context: always undefined. */
  | { from: 'none' };

const NONE: Resolved = { from: 'none' };

export function resolveAccess(context: SelectorContext, source: SourceName, key: string): Resolved {
  const hasEvent = context === 'event' || context === 'join' || context === 'export';
  const hasProfile = context === 'user' || context === 'join' || context === 'engage';
  switch (source) {
    case 'properties':
      if (hasEvent) return { from: 'properties', key };
      return { from: 'user', key }; // user / engage: properties[k] is the profile
    case 'user':
      return hasProfile ? { from: 'user', key } : NONE;
    case 'event':
      if (!hasEvent) return NONE;
      return key === '$time' ? { from: 'time' } : { from: 'properties', key };
    case 'behaviors':
      // Engage behaviors are not stored by quarry: always undefined.
      return NONE;
  }
}
