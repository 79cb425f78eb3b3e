/**
 * Keeps a profile's last-seen time and its `$last_seen` property telling the same
 * story. The hosted product shows `$last_seen` on every profile; quarry stores the
 * time as a column (for JQL `user.last_seen`) and the text as a property (for
 * selectors, listings and exports).
 *
 * - A `$last_seen` value written by `$set` (an engage export record, a CSV column, an
 *   update re-sending an exported profile) is data: it sets the column.
 * - Otherwise, when the update moved the column, the property is rewritten as
 *   project-time text without a zone, the export's own format.
 */
import type { Profile } from '../store/index.js';
import { formatLocal } from '../time/index.js';
import { parseProfileTime } from './sources/people-engage.js';

export const UNREADABLE_LAST_SEEN = 'unreadable $last_seen (kept as text; the update time is used)';

/** Adjust `after` (a fresh profile from applyUpdate) in place; returns a warning, if any. */
export function settleLastSeen(before: Profile | undefined, after: Profile | undefined, set: unknown, timezone: string): string | undefined {
  if (after === undefined) return undefined;
  const explicit = typeof set === 'object' && set !== null ? (set as Record<string, unknown>).$last_seen : undefined;
  if (explicit !== undefined && explicit !== null) {
    const t = parseProfileTime(explicit, timezone);
    if (t !== undefined) {
      after.lastSeen = t;
      return undefined;
    }
    return UNREADABLE_LAST_SEEN;
  }
  if (before === undefined || after.lastSeen !== before.lastSeen) after.properties.$last_seen = formatLocal(timezone, after.lastSeen);
  return undefined;
}
