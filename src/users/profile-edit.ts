/**
 * One-off profile edits (`quarry profile set|unset|delete`): one update record with
 * the hosted semantics (ingest's applyUpdate), honouring the create / update / upsert
 * modes the way the CSV importer does, in one atomic transaction. Nothing is written
 * when the mode skips the edit or the edit changes nothing.
 */
import { UserError } from '../errors.js';
import { applyUpdate, CREATE_EXISTS, checkMode, phoneProblem, ProfileSession, UPDATE_MISSING } from '../ingest/index.js';
// Not re-exported by ingest/index.ts (yet): see the report asking for that one line.
import { settleLastSeen } from '../ingest/index.js';
import type { Profile, Store } from '../store/index.js';

export interface EditResult {
  /** The profile after the edit (undefined: none). */
  profile: Profile | undefined;
  /** Whether the store was changed. */
  changed: boolean;
  warnings: string[];
}

/** `prop=value`: value typed like JSON when it parses as JSON (`34`, `true`, `["a"]`, `"007"`), a string otherwise. */
export function parseAssignment(word: string): [string, unknown] {
  const eq = word.indexOf('=');
  if (eq <= 0) throw new UserError(`expected prop=value, got ${JSON.stringify(word)}`);
  const key = word.slice(0, eq).trim();
  if (key === '') throw new UserError(`expected prop=value, got ${JSON.stringify(word)} (empty property name)`);
  if (key === '$distinct_id') throw new UserError("$distinct_id is the profile's identifier, not a property: give it as the ID argument");
  const text = word.slice(eq + 1);
  try {
    return [key, JSON.parse(text)];
  } catch {
    return [key, text];
  }
}

class Collect {
  readonly messages: string[] = [];
  warn(reason: string): void {
    this.messages.push(reason);
  }
}

async function edit(
  store: Store,
  id: string,
  command: string,
  mode: string,
  update: Record<string, unknown>,
  now: number,
  groupKey?: string,
): Promise<EditResult> {
  if (id.trim() === '') throw new UserError('the distinct_id must not be empty');
  const m = checkMode(mode);
  const out = new Collect();
  let result: EditResult = { profile: undefined, changed: false, warnings: out.messages };
  const skip = new Error('skip');
  try {
    await ProfileSession.run(store, command, async (s) => {
      const target = s.target(groupKey);
      const before = target.get(id);
      result.profile = before;
      if (m === 'create' && before !== undefined) {
        out.warn(`${CREATE_EXISTS}: ${id}`);
        throw skip;
      }
      if (m === 'update' && before === undefined) {
        out.warn(`${UPDATE_MISSING}: ${id}`);
        throw skip;
      }
      const { profile, warnings } = applyUpdate(before, update, now);
      for (const w of warnings) out.warn(w);
      const set = update.$set;
      const lw = settleLastSeen(before, profile, set, s.timezone);
      if (lw) out.warn(lw);
      const phone = set ? phoneProblem(set as Record<string, unknown>) : undefined;
      if (phone) out.warn(phone);
      if (profile === undefined && before === undefined) throw skip;
      target.set(id, profile);
      result = { profile, changed: true, warnings: out.messages };
    });
  } catch (e) {
    if (e !== skip) throw e;
  }
  return result;
}

/** `groupKey`: edit the group profile `id` of that group key instead of a user profile. */
export function setProperties(
  store: Store,
  id: string,
  props: Record<string, unknown>,
  o: { mode?: string; now?: number; groupKey?: string } = {},
): Promise<EditResult> {
  if (Object.keys(props).length === 0) throw new UserError('name at least one prop=value to set');
  return edit(store, id, `profile set ${id}`, o.mode ?? 'upsert', { $set: props }, o.now ?? Date.now(), o.groupKey);
}

export async function unsetProperties(store: Store, id: string, names: string[], o: { now?: number; groupKey?: string } = {}): Promise<EditResult> {
  if (names.length === 0) throw new UserError('name at least one property to unset');
  const r = await edit(store, id, `profile unset ${id}`, 'update', { $unset: names }, o.now ?? Date.now(), o.groupKey);
  return r;
}

export async function deleteProfile(store: Store, id: string, o: { groupKey?: string } = {}): Promise<EditResult> {
  return edit(store, id, `profile delete ${id}`, 'update', { $delete: '' }, Date.now(), o.groupKey);
}
