/**
 * The JSON the Users page (web/) and its server plugin (src/server/ui/) exchange under
 * `/ui/api/...`: defined once, imported by both sides. Types only (the browser bundle
 * must not pull Node code in); the one runtime value, API_PATHS, is plain strings.
 *
 * Errors: any endpoint answers a problem with a 4xx status and an `ApiError` body.
 */
// The definition file directly, not cohort/index.js: the browser build type-checks what
// this file imports, and the index reaches the engine and Node modules.
import type { Criterion } from '../../cohort/definition.js';

export type { Criterion };

export const API_PATHS = {
  meta: '/ui/api/meta',
  users: '/ui/api/users',
  usersExport: '/ui/api/users/export',
  columns: '/ui/api/columns',
  user: '/ui/api/user',
  counts: '/ui/api/counts',
  cohorts: '/ui/api/cohorts',
  cohortMembers: '/ui/api/cohorts/members.csv',
  cohortFromCsv: '/ui/api/cohorts/from-csv',
  profile: '/ui/api/profile',
  profileUnset: '/ui/api/profile/unset',
  profileDelete: '/ui/api/profile/delete',
  importUpload: '/ui/api/import/upload',
  importPreview: '/ui/api/import/preview',
  importConfirm: '/ui/api/import/confirm',
  importStatus: '/ui/api/import/status',
  jql: '/ui/api/jql',
} as const;

export interface ApiError {
  error: string;
  /** JQL script errors: where in the script (1-based). */
  line?: number;
  column?: number;
  kind?: string;
}

/** How the page treats a profile property in the filter builder. */
export type PropertyKind = 'string' | 'number' | 'boolean' | 'datetime' | 'list' | 'mixed';

export interface PropertyInfo {
  name: string;
  kind: PropertyKind;
  /** Profiles that have it. */
  count: number;
  /** Strings that all look like numbers (a CSV import stores every value as text). */
  numericText?: boolean;
}

export interface JqlExample {
  name: string;
  source: string;
}

/** GET meta: what the store holds, for the page's pickers. */
export interface MetaResponse {
  store: string;
  timezone: string;
  events: number;
  profiles: number;
  users: number;
  firstDay: string | null;
  lastDay: string | null;
  defaultColumns: string[];
  properties: PropertyInfo[];
  eventNames: string[];
  reservedProperties: string[];
  cohorts: string[];
  examples: JqlExample[];
}

/** The users table's query: the same filters a cohort is made of. */
export interface UsersQuery {
  /** "All Users" instead of "User Profiles". */
  all?: boolean;
  /** Filters (property, behaviour, cohort membership) as one criteria tree. */
  criteria?: Criterion | null;
  /** Only members of this saved cohort (opening a cohort). */
  cohort?: string | null;
  columns?: string[];
  /** Default `$last_seen`, newest first. */
  sort?: string;
  desc?: boolean;
  /** 1-based. */
  page?: number;
  pageSize?: number;
}

export interface UserListRow {
  distinctId: string;
  hasProfile: boolean;
  /** One value per column (null: not set). */
  values: unknown[];
}

export interface UsersResponse {
  total: number;
  page: number;
  pageSize: number;
  columns: string[];
  rows: UserListRow[];
  warnings: string[];
  ms: number;
}

export interface ColumnsResponse {
  columns: string[];
  warnings: string[];
}

export interface FeedEventJson {
  name: string;
  time: number;
  localTime: string;
  properties: Record<string, unknown>;
}

/** GET user?id=&before=&limit=&event= : one profile and a page of its activity feed. */
export interface UserResponse {
  distinctId: string;
  timezone: string;
  profile: { properties: Record<string, unknown>; lastSeen: string; updated: string } | null;
  events: FeedEventJson[];
  nextBefore: number | null;
  /** Events per project-timezone day, all time (only days with events). */
  perDay: { day: string; count: number }[];
  firstSeen: string | null;
  lastSeen: string | null;
}

/** POST counts: total vs unique by day. */
export interface CountsQuery {
  event: string;
  from?: string;
  to?: string;
  /** Event property to split by. */
  by?: string;
  where?: string;
}

export interface CountsDay {
  day: string;
  total: number;
  unique: number;
}

export interface CountsResponse {
  event: string;
  days: CountsDay[];
  total: number;
  unique: number;
  /** With `by`: totals and uniques per value over the range (null: not set). */
  split?: { value: unknown; total: number; unique: number }[];
  ms: number;
}

export interface CohortSummary {
  id: number;
  name: string;
  description: string;
  /** Members as of now. */
  size: number;
  kind: 'dynamic' | 'static';
  /** One line per criterion (static: where its list came from). */
  describe: string;
  createdAt: string;
  /** Cohorts whose criteria name this one (a delete is refused while any does). */
  usedBy: string[];
}

export interface CohortsResponse {
  cohorts: CohortSummary[];
}

export interface CreateCohortRequest {
  name: string;
  description?: string;
  all?: boolean;
  criteria: Criterion;
}

export interface RenameCohortRequest {
  from: string;
  to: string;
}

export interface ProfileEditRequest {
  id: string;
  mode?: 'create' | 'update' | 'upsert';
  /** Profile type: users (default) or a group key. */
  groupKey?: string;
  set: Record<string, unknown>;
}

export interface ProfileUnsetRequest {
  id: string;
  names: string[];
}

export interface ProfileEditResponse {
  changed: boolean;
  warnings: string[];
  profile: Record<string, unknown> | null;
}

/** POST import/upload (raw CSV body): the file is kept aside, nothing is written. */
export interface ImportUploadResponse {
  uploadId: string;
  bytes: number;
}

export interface ImportPreviewRequest {
  uploadId: string;
  /** The first row names the columns. */
  header: boolean;
}

export interface ImportPreviewResponse {
  uploadId: string;
  /** Cells of the header row (header: true), else column numbers as text. */
  headers: string[];
  /** The first data rows. */
  rows: string[][];
  /** Data rows in the file (counted as lines: a quoted value holding a line break counts twice; the report is exact). */
  rowCount: number;
  /** Suggested property per column (reserved names recognised, '' when none). */
  suggested: string[];
}

export interface ImportConfirmRequest {
  uploadId: string;
  header: boolean;
  /** Property per column, in order; '' skips the column. */
  columns: string[];
  /** Column index holding the identifier; null: $email, else random ids (as hosted). */
  idColumn: number | null;
  mode: 'create' | 'update' | 'upsert';
  inferTypes?: boolean;
}

export interface ImportReportJson {
  read: number;
  imported: number;
  /** Of the imported rows: new profiles, and rows that updated an existing one. */
  created: number;
  updated: number;
  skipped: number;
  warnings: number;
  reasons: Record<string, { count: number; places: string[] }>;
  warningReasons: Record<string, { count: number; places: string[] }>;
  notes: string[];
}

export interface ImportStatusResponse {
  jobId: string;
  state: 'running' | 'done' | 'failed';
  read: number;
  total: number;
  report?: ImportReportJson;
  error?: string;
}

export interface JqlRequest {
  script: string;
  params?: unknown;
}

export interface JqlStats {
  ms: number;
  rowsScanned?: number;
  [k: string]: unknown;
}

export interface JqlResponse {
  rows: unknown[];
  /** The result was cut at this many items (the page shows at most this many). */
  truncated: boolean;
  stats: Record<string, unknown>;
  ms: number;
}
