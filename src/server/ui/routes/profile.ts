/** Add/Edit Profile and the profile page's inline edits: set (create / update / upsert), unset, delete. */
import type { FastifyInstance } from 'fastify';
import { UserError } from '../../../errors.js';
import { deleteProfile, type EditResult, setProperties, unsetProperties } from '../../../users/index.js';
import { API_PATHS, type ProfileEditRequest, type ProfileEditResponse, type ProfileUnsetRequest } from '../api-types.js';
import type { UiStore } from '../ui-store.js';

const MODES = ['create', 'update', 'upsert'];

function answer(r: EditResult): ProfileEditResponse {
  return { changed: r.changed, warnings: r.warnings, profile: r.profile?.properties ?? null };
}

function checkId(id: unknown): string {
  if (typeof id !== 'string' || id.trim() === '') throw new UserError('the identifier ($distinct_id) is required');
  return id;
}

export function profileRoutes(app: FastifyInstance, ui: UiStore): void {
  app.post<{ Body: ProfileEditRequest }>(API_PATHS.profile, async (req, reply): Promise<ProfileEditResponse> => {
    const b = req.body ?? ({} as ProfileEditRequest);
    const id = checkId(b.id);
    const mode = b.mode ?? 'upsert';
    if (!MODES.includes(mode)) throw new UserError(`mode must be create, update or upsert, got ${JSON.stringify(mode)}`);
    if (typeof b.set !== 'object' || b.set === null || Array.isArray(b.set)) throw new UserError('set must be an object of property: value');
    for (const k of Object.keys(b.set)) {
      if (k.trim() === '') throw new UserError('a property needs a name');
      if (k === '$distinct_id') throw new UserError('$distinct_id is the identifier, not a property');
    }
    return answer(await setProperties(ui.of(req, reply), id, b.set, { mode, groupKey: b.groupKey || undefined }));
  });

  app.post<{ Body: ProfileUnsetRequest }>(API_PATHS.profileUnset, async (req, reply): Promise<ProfileEditResponse> => {
    const b = req.body ?? ({} as ProfileUnsetRequest);
    if (!Array.isArray(b.names)) throw new UserError('names must be a list of property names');
    return answer(await unsetProperties(ui.of(req, reply), checkId(b.id), b.names));
  });

  app.post<{ Body: { id?: string } }>(API_PATHS.profileDelete, async (req, reply): Promise<ProfileEditResponse> => {
    return answer(await deleteProfile(ui.of(req, reply), checkId(req.body?.id)));
  });
}
