// The page talks to the server only through these calls (the endpoints in
// src/server/ui/api-types.ts, typed on both sides from that one file).
import {
  API_PATHS,
  type ApiError,
  type CohortsResponse,
  type ColumnsResponse,
  type CountsQuery,
  type CountsResponse,
  type CreateCohortRequest,
  type ImportConfirmRequest,
  type ImportPreviewResponse,
  type ImportStatusResponse,
  type ImportUploadResponse,
  type JqlRequest,
  type JqlResponse,
  type MetaResponse,
  type ProfileEditRequest,
  type ProfileEditResponse,
  type UserResponse,
  type UsersQuery,
  type UsersResponse,
} from '../../src/server/ui/api-types';

export class ApiFailure extends Error {
  constructor(
    readonly status: number,
    readonly body: ApiError,
  ) {
    super(body.error);
  }
}

async function call<T>(path: string, init: RequestInit = {}): Promise<T> {
  const res = await fetch(path, init);
  const text = await res.text();
  let body: unknown;
  try {
    body = text === '' ? {} : JSON.parse(text);
  } catch {
    body = { error: text };
  }
  if (!res.ok) throw new ApiFailure(res.status, body as ApiError);
  return body as T;
}

const json = (method: string, body: unknown, signal?: AbortSignal): RequestInit => ({
  method,
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify(body),
  signal,
});

export const api = {
  meta: () => call<MetaResponse>(API_PATHS.meta),
  users: (q: UsersQuery, signal?: AbortSignal) => call<UsersResponse>(API_PATHS.users, json('POST', q, signal)),
  exportUrl: (q: UsersQuery, format: 'csv' | 'json') => `${API_PATHS.usersExport}?format=${format}&q=${encodeURIComponent(JSON.stringify({ ...q, page: undefined, pageSize: undefined }))}`,
  saveColumns: (columns: string[]) => call<ColumnsResponse>(API_PATHS.columns, json('PUT', { columns })),
  user: (id: string, o: { before?: number; limit?: number; event?: string } = {}) => {
    const p = new URLSearchParams({ id });
    if (o.before !== undefined) p.set('before', String(o.before));
    if (o.limit !== undefined) p.set('limit', String(o.limit));
    if (o.event) p.set('event', o.event);
    return call<UserResponse>(`${API_PATHS.user}?${p}`);
  },
  counts: (q: CountsQuery) => call<CountsResponse>(API_PATHS.counts, json('POST', q)),
  cohorts: () => call<CohortsResponse>(API_PATHS.cohorts),
  createCohort: (c: CreateCohortRequest) => call<CohortsResponse>(API_PATHS.cohorts, json('POST', c)),
  renameCohort: (from: string, to: string) => call<CohortsResponse>(API_PATHS.cohorts, json('PATCH', { from, to })),
  deleteCohort: (name: string) => call<CohortsResponse>(`${API_PATHS.cohorts}?name=${encodeURIComponent(name)}`, { method: 'DELETE' }),
  cohortMembersUrl: (name: string) => `${API_PATHS.cohortMembers}?name=${encodeURIComponent(name)}`,
  cohortFromCsv: (name: string, description: string, file: Blob) =>
    call<CohortsResponse>(`${API_PATHS.cohortFromCsv}?name=${encodeURIComponent(name)}&description=${encodeURIComponent(description)}`, { method: 'POST', headers: { 'content-type': 'text/csv' }, body: file }),
  setProfile: (r: ProfileEditRequest) => call<ProfileEditResponse>(API_PATHS.profile, json('POST', r)),
  unsetProfile: (id: string, names: string[]) => call<ProfileEditResponse>(API_PATHS.profileUnset, json('POST', { id, names })),
  deleteProfile: (id: string) => call<ProfileEditResponse>(API_PATHS.profileDelete, json('POST', { id })),
  upload: (file: Blob) => call<ImportUploadResponse>(API_PATHS.importUpload, { method: 'POST', headers: { 'content-type': 'text/csv' }, body: file }),
  preview: (uploadId: string, header: boolean) => call<ImportPreviewResponse>(API_PATHS.importPreview, json('POST', { uploadId, header })),
  confirmImport: (r: ImportConfirmRequest) => call<ImportStatusResponse>(API_PATHS.importConfirm, json('POST', r)),
  importStatus: (job: string) => call<ImportStatusResponse>(`${API_PATHS.importStatus}?job=${encodeURIComponent(job)}`),
  jql: (r: JqlRequest, signal?: AbortSignal) => call<JqlResponse>(API_PATHS.jql, json('POST', r, signal)),
};

export function errorText(e: unknown): string {
  if (e instanceof ApiFailure) return e.body.error ?? `error ${e.status}`;
  if (e instanceof Error) return e.name === 'AbortError' ? 'cancelled' : e.message;
  return String(e);
}

/** A cell as text: lists and objects as JSON, unset as empty. */
export function cellText(v: unknown): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'object') return JSON.stringify(v);
  return String(v);
}
