/**
 * The Import from CSV wizard: upload (kept aside), preview (first rows, suggested
 * properties), confirm (the importer runs as a job with progress; nothing is written
 * before this step, and the import is one transaction), status (progress, report).
 */
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import zlib from 'node:zlib';
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

/** Lines in a (possibly gzipped) file: line breaks, plus one for a last line without one. */
async function countLines(file: string): Promise<number> {
  let stream: NodeJS.ReadableStream = fs.createReadStream(file, { highWaterMark: 1 << 20 });
  const fd = fs.openSync(file, 'r');
  const magic = Buffer.alloc(2);
  const gz = fs.readSync(fd, magic, 0, 2, 0) === 2 && magic[0] === 0x1f && magic[1] === 0x8b;
  fs.closeSync(fd);
  if (gz) stream = stream.pipe(zlib.createGunzip());
  let lines = 0;
  let last = 0x0a;
  for await (const chunk of stream as AsyncIterable<Buffer>) {
    for (let i = chunk.indexOf(0x0a); i >= 0; i = chunk.indexOf(0x0a, i + 1)) lines++;
    if (chunk.length > 0) last = chunk[chunk.length - 1]!;
  }
  return lines + (last === 0x0a ? 0 : 1);
}

function suggest(name: string): string {
  const n = name.trim();
  if (n === '') return '';
  if (n.startsWith('$')) return n;
  return reservedPropertyFor(n) ?? n;
}

export function importRoutes(app: FastifyInstance, ui: UiStore, uploads: Uploads): void {
  const jobs = new Map<string, ImportStatusResponse>();
  const rowCounts = new Map<string, number>();
  /** Uploads being imported now: a second "confirm" of one is refused. */
  const importing = new Set<string>();

  app.post(API_PATHS.importUpload, async (req, reply): Promise<ImportUploadResponse> => {
    const up = await uploads.save(req.body as NodeJS.ReadableStream);
    return { uploadId: up.id, bytes: up.bytes };
  });

  app.post<{ Body: ImportPreviewRequest }>(API_PATHS.importPreview, async (req, reply): Promise<ImportPreviewResponse> => {
    const b = req.body ?? ({} as ImportPreviewRequest);
    const file = uploads.file(b.uploadId);
    const rows: string[][] = [];
    let head: string[] | undefined;
    let width = 0;
    for await (const row of readCsvRows(file, 'the uploaded file')) {
      if (b.header && head === undefined) head = row.cells;
      else {
        width = Math.max(width, row.cells.length);
        rows.push(row.cells);
      }
      if (rows.length >= PREVIEW_ROWS) break;
    }
    if (head === undefined && rows.length === 0) throw new UserError('the file is empty');
    // For the progress bar: lines, not parsed rows (a quoted value may hold a line break;
    // the report gives the exact count). Reading bytes is ~100x faster than parsing.
    const count = Math.max(rows.length, (await countLines(file)) - (head ? 1 : 0));
    rowCounts.set(b.uploadId, count);
    const n = Math.max(width, head?.length ?? 0);
    const headers = head ?? Array.from({ length: n }, (_, i) => `column ${i + 1}`);
    return { uploadId: b.uploadId, headers, rows, rowCount: count, suggested: head ? head.map(suggest) : headers.map(() => '') };
  });

  app.post<{ Body: ImportConfirmRequest }>(API_PATHS.importConfirm, async (req, reply): Promise<ImportStatusResponse> => {
    const b = req.body ?? ({} as ImportConfirmRequest);
    const file = uploads.file(b.uploadId);
    if (importing.has(b.uploadId)) throw new UserError('this file is being imported already');
    if (!Array.isArray(b.columns) || b.columns.length === 0) throw new UserError('map each column to a property (or skip it)');
    const columns = b.columns.map((c) => (typeof c === 'string' && c.trim() !== '' ? c.trim() : '-'));
    let idColumn: string | undefined;
    if (b.idColumn !== null && b.idColumn !== undefined) {
      if (!Number.isInteger(b.idColumn) || b.idColumn < 0 || b.idColumn >= columns.length)
        throw new UserError('the identifier column is not one of the columns');
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
    const before = ui.of(req, reply).profiles()?.length ?? 0;
    importing.add(b.uploadId);
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
        // Created vs updated from the profile count before and after (the importer
        // counts imported rows; a row updating a profile created earlier in the same
        // file counts as an update).
        const after = ui.latest().profiles()?.length ?? before;
        const created = Math.max(0, Math.min(report.imported, after - before));
        job.state = 'done';
        job.read = report.read;
        job.report = { ...report.toJSON(), created, updated: report.imported - created };
      })
      .catch((e: unknown) => {
        job.state = 'failed';
        job.error = e instanceof UserError ? e.message : `internal error: ${(e as Error).message}`;
      })
      .finally(() => {
        importing.delete(b.uploadId);
        uploads.remove(b.uploadId);
      });
    return job;
  });

  app.get<{ Querystring: { job?: string } }>(API_PATHS.importStatus, async (req, reply): Promise<ImportStatusResponse> => {
    const job = req.query.job === undefined ? undefined : jobs.get(req.query.job);
    if (job === undefined) throw new UserError('unknown import job');
    return job;
  });
}
