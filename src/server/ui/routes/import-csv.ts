/**
 * The Import from CSV wizard: upload (kept aside), preview (first rows, suggested
 * properties), confirm (the importer runs as a job with progress; nothing is written
 * before this step, and the import is one transaction), status (progress, report).
 */
import { randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { UserError } from '../../../errors.js';
import { importPeopleCsv, readCsvRows, reservedPropertyFor } from '../../../ingest/index.js';
import {
  API_PATHS,
  type ImportConfirmRequest,
  type ImportPreviewRequest,
  type ImportPreviewResponse,
  type ImportStatusResponse,
  type ImportUploadResponse,
} from '../api-types.js';
import type { UiStore } from '../ui-store.js';
import type { Uploads } from '../uploads.js';

const PREVIEW_ROWS = 10;
const MAX_JOBS = 20;

function suggest(name: string): string {
  const n = name.trim();
  if (n === '') return '';
  if (n.startsWith('$')) return n;
  return reservedPropertyFor(n) ?? n;
}

export function importRoutes(app: FastifyInstance, ui: UiStore, uploads: Uploads): void {
  const jobs = new Map<string, ImportStatusResponse>();
  const rowCounts = new Map<string, number>();

  app.post(API_PATHS.importUpload, async (req, reply): Promise<ImportUploadResponse> => {
    const up = await uploads.save(req.body as NodeJS.ReadableStream);
    return { uploadId: up.id, bytes: up.bytes };
  });

  app.post<{ Body: ImportPreviewRequest }>(API_PATHS.importPreview, async (req, reply): Promise<ImportPreviewResponse> => {
    const b = req.body ?? ({} as ImportPreviewRequest);
    const file = uploads.file(b.uploadId);
    const rows: string[][] = [];
    let head: string[] | undefined;
    let count = 0;
    let width = 0;
    for await (const row of readCsvRows(file, 'the uploaded file')) {
      if (b.header && head === undefined) {
        head = row.cells;
        continue;
      }
      count++;
      width = Math.max(width, row.cells.length);
      if (rows.length < PREVIEW_ROWS) rows.push(row.cells);
    }
    if (head === undefined && count === 0) throw new UserError('the file is empty');
    rowCounts.set(b.uploadId, count);
    const n = Math.max(width, head?.length ?? 0);
    const headers = head ?? Array.from({ length: n }, (_, i) => `column ${i + 1}`);
    return { uploadId: b.uploadId, headers, rows, rowCount: count, suggested: head ? head.map(suggest) : headers.map(() => '') };
  });

  app.post<{ Body: ImportConfirmRequest }>(API_PATHS.importConfirm, async (req, reply): Promise<ImportStatusResponse> => {
    const b = req.body ?? ({} as ImportConfirmRequest);
    const file = uploads.file(b.uploadId);
    if (!Array.isArray(b.columns) || b.columns.length === 0) throw new UserError('map each column to a property (or skip it)');
    const columns = b.columns.map((c) => (typeof c === 'string' && c.trim() !== '' ? c.trim() : '-'));
    let idColumn: string | undefined;
    if (b.idColumn !== null && b.idColumn !== undefined) {
      if (!Number.isInteger(b.idColumn) || b.idColumn < 0 || b.idColumn >= columns.length) throw new UserError('the identifier column is not one of the columns');
      // The identifier column is the key; if it is also mapped to $email it stays $email as well.
      if (columns[b.idColumn] !== '$email') columns[b.idColumn] = '$distinct_id';
      idColumn = columns[b.idColumn];
    } else if (columns.includes('$distinct_id')) {
      throw new UserError('a column is mapped to $distinct_id: choose it as the identifier column');
    }
    const jobId = randomUUID();
    const job: ImportStatusResponse = { jobId, state: 'running', read: 0, total: rowCounts.get(b.uploadId) ?? 0 };
    jobs.set(jobId, job);
    if (jobs.size > MAX_JOBS) jobs.delete(jobs.keys().next().value!);
    importPeopleCsv(ui.of(req, reply), file, {
      header: b.header,
      columns,
      idColumn,
      mode: b.mode,
      inferTypes: b.inferTypes ?? false,
      command: 'import people (csv, web page)',
      onProgress: (p) => (job.read = p.records),
    })
      .then((report) => {
        job.state = 'done';
        job.read = report.read;
        job.report = report.toJSON();
      })
      .catch((e: unknown) => {
        job.state = 'failed';
        job.error = e instanceof UserError ? e.message : `internal error: ${(e as Error).message}`;
      })
      .finally(() => uploads.remove(b.uploadId));
    return job;
  });

  app.get<{ Querystring: { job?: string } }>(API_PATHS.importStatus, async (req, reply): Promise<ImportStatusResponse> => {
    const job = req.query.job === undefined ? undefined : jobs.get(req.query.job);
    if (job === undefined) throw new UserError('unknown import job');
    return job;
  });
}
