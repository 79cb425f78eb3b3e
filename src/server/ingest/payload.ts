/**
 * The records of an ingestion request, in every shape clients send (spec
 * mixpanel-formats A4, B3): a `data` parameter (form body or query string) holding
 * JSON or base64 JSON, one object or an array; a JSON array or object body; NDJSON.
 * gzip bodies are inflated by @fastify/compress before this runs.
 */
import type { FastifyRequest } from 'fastify';
import { HttpError } from '../http-errors.js';
import type { Params } from '../request-params.js';

export function decodeData(text: string): unknown {
  const t = text.trim();
  if (t.startsWith('{') || t.startsWith('[')) return parseJson(t, 'data');
  const decoded = Buffer.from(t, 'base64').toString('utf8').trim();
  if (!decoded.startsWith('{') && !decoded.startsWith('[')) {
    throw new HttpError(400, 'parameter "data" is neither JSON nor base64-encoded JSON');
  }
  return parseJson(decoded, 'data (base64)');
}

function parseJson(text: string, what: string): unknown {
  try {
    return JSON.parse(text);
  } catch (e) {
    throw new HttpError(400, `${what} is not valid JSON: ${(e as Error).message}`);
  }
}

/** NDJSON text -> values (blank lines skipped). */
export function parseNdjson(text: string): unknown[] {
  const out: unknown[] = [];
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!.trim();
    if (line === '') continue;
    try {
      out.push(JSON.parse(line));
    } catch (e) {
      throw new HttpError(400, `line ${i + 1} of the body is not valid JSON: ${(e as Error).message}`);
    }
  }
  return out;
}

/** The request's records, flattened to one list. */
export function requestRecords(req: FastifyRequest, p: Params): unknown[] {
  const body = req.body;
  let value: unknown;
  if (p.data !== undefined) value = decodeData(p.data);
  else if (typeof body === 'string') value = body.trim().startsWith('[') ? parseJson(body, 'the body') : parseNdjson(body);
  else if (Array.isArray(body) || (typeof body === 'object' && body !== null && !Buffer.isBuffer(body))) value = body;
  else throw new HttpError(400, 'no records: send a JSON array body, NDJSON, or a form field data=<JSON or base64 JSON>');
  return Array.isArray(value) ? value : [value];
}
