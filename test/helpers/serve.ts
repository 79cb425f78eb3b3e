/**
 * A quarry server for a test: started in-process on a free loopback port over a
 * store, closed by the caller. Plus raw HTTP requests with exact bytes and headers
 * (to reproduce what a real client sends) and a store made of N profiles.
 */
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { defaultServerOptions, startServer, type ServerOptions } from '../../src/server/index.js';

export type TestServer = Awaited<ReturnType<typeof startServer>>;

export async function serve(storeDir: string, o: Partial<ServerOptions> = {}): Promise<TestServer> {
  return startServer({ ...defaultServerOptions(storeDir), port: 0, log: false, commitIntervalMs: 60_000, ...o });
}

export interface RawResponse {
  status: number;
  headers: http.IncomingHttpHeaders;
  /** The body as sent (still gzipped when content-encoding says so). */
  raw: Buffer;
  /** The body decoded from its content-encoding, as text. */
  text: string;
}

/** One HTTP request with exactly these headers and body bytes (no header added but Host). */
export function rawRequest(url: string, o: { method?: string; headers?: Record<string, string>; body?: string | Buffer } = {}): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const u = new URL(url);
    const req = http.request(
      { host: u.hostname, port: u.port, path: u.pathname + u.search, method: o.method ?? 'GET', headers: o.headers ?? {}, agent: false },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const raw = Buffer.concat(chunks);
          const enc = res.headers['content-encoding'];
          const body = enc === 'gzip' ? zlib.gunzipSync(raw) : enc === 'deflate' ? zlib.inflateSync(raw) : raw;
          resolve({ status: res.statusCode!, headers: res.headers, raw, text: body.toString('utf8') });
        });
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    if (o.body !== undefined) req.write(o.body);
    req.end();
  });
}

/** Python's urllib.parse.urlencode (quote_plus): only [A-Za-z0-9_.~-] stay as they are, space becomes '+'. */
export function pythonUrlencode(fields: Array<[string, string]>): string {
  const q = (s: string) =>
    [...Buffer.from(s, 'utf8')]
      .map((b) => {
        const c = String.fromCharCode(b);
        if (/[A-Za-z0-9_.~-]/.test(c)) return c;
        if (c === ' ') return '+';
        return `%${b.toString(16).toUpperCase().padStart(2, '0')}`;
      })
      .join('');
  return fields.map(([k, v]) => `${q(k)}=${q(v)}`).join('&');
}

/** Python json.dumps defaults: ", " and ": " separators, non-ASCII escaped. */
export function pythonJsonDumps(v: unknown): string {
  const text = JSON.stringify(v, null, 1).replace(/\n\s*/g, ' ').replace(/\[ /g, '[').replace(/ \]/g, ']').replace(/\{ /g, '{').replace(/ \}/g, '}');
  return text.replace(/[\u007f-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** The headers python-requests sends (requests 2.32 defaults), plus the given ones. */
export function pythonRequestsHeaders(extra: Record<string, string>): Record<string, string> {
  return { 'User-Agent': 'python-requests/2.32.3', 'Accept-Encoding': 'gzip, deflate', Accept: '*/*', Connection: 'keep-alive', ...extra };
}

export const basic = (user: string, pass: string) => `Basic ${Buffer.from(`${user}:${pass}`).toString('base64')}`;

/** A copy of a store directory (one server owns a store's ingestion log at a time). */
export function copyStore(dir: string): string {
  const to = fs.mkdtempSync(path.join(os.tmpdir(), 'quarry-serve-copy-'));
  fs.cpSync(dir, to, { recursive: true });
  return to;
}
