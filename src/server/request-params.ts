/**
 * Request parameters: the query string and a form (or JSON object) body, merged, as
 * hosted endpoints do (mixpanel-import puts `page` in the URL and `where` in the
 * body). Body values win.
 */
import type { FastifyRequest } from 'fastify';
import { badRequest } from './http-errors.js';

export type Params = Record<string, string | undefined>;

export function requestParams(req: FastifyRequest): Params {
  const out: Params = {};
  const add = (src: unknown) => {
    if (typeof src !== 'object' || src === null || Array.isArray(src) || Buffer.isBuffer(src)) return;
    for (const [k, v] of Object.entries(src as Record<string, unknown>)) {
      if (v === undefined || v === null) continue;
      const one = Array.isArray(v) ? v[v.length - 1] : v;
      out[k] = typeof one === 'string' ? one : JSON.stringify(one);
    }
  };
  add(req.query);
  add(req.body);
  return out;
}

/** A parameter holding JSON text (`params`, `event`, `filter_by_cohort`). */
export function jsonParam(p: Params, name: string): unknown {
  const text = p[name];
  if (text === undefined || text === '') return undefined;
  try {
    return JSON.parse(text);
  } catch (e) {
    throw badRequest(`parameter "${name}" must be JSON (${(e as Error).message})`);
  }
}

export function intParam(p: Params, name: string, o: { min?: number; max?: number } = {}): number | undefined {
  const text = p[name];
  if (text === undefined || text === '') return undefined;
  const n = Number(text);
  if (!Number.isInteger(n) || (o.min !== undefined && n < o.min) || (o.max !== undefined && n > o.max)) {
    throw badRequest(
      `parameter "${name}" must be a whole number${o.min !== undefined ? ` >= ${o.min}` : ''}${o.max !== undefined ? ` and <= ${o.max}` : ''}, got ${JSON.stringify(text)}`,
    );
  }
  return n;
}

export function boolParam(p: Params, name: string): boolean | undefined {
  const text = p[name];
  if (text === undefined || text === '') return undefined;
  return !['0', 'false', 'False', 'no'].includes(text);
}
