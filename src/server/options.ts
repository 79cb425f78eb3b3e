/**
 * What `quarry serve` is configured with. The CLI parses flags into this; tests and
 * the web app's plugin read it through the server context.
 */
import os from 'node:os';

export interface ServerOptions {
  /** Store directory (resolved like every command: --store, $QUARRY_STORE, ./.quarry, demo). */
  storeDir: string;
  host: string;
  port: number;
  /** `USER:SECRET` (service account) or `SECRET`; required for a non-loopback host. */
  auth?: string;
  /** Project token that ingestion requests must carry; unset: any token is accepted. */
  token?: string;
  /** Queries that may run at once; more get 429 with Retry-After. */
  maxConcurrent: number;
  /** Per-query limits, as `quarry run`. */
  timeoutMs: number;
  memoryBytes: number;
  maxOutputMB: number;
  /** Worker threads per query (1: none, the fair choice for many concurrent clients). */
  threads: number;
  /** Largest request body (bytes), as hosted: 10 MB. */
  bodyLimit: number;
  /** Largest JQL script (bytes). */
  maxScriptBytes: number;
  /** Events per /import batch, as hosted. */
  maxBatch: number;
  /** Background commits of the ingestion log: every this many ms, or sooner past this many records. */
  commitIntervalMs: number;
  commitRecords: number;
  /** Requests per minute per client address (0: no rate limit). */
  rateLimit: number;
  /** Log one line per request to stderr. */
  log: boolean;
  /** Serve HTTPS with this PEM key and certificate (clients that insist on https, such as npm mixpanel with a secret). */
  tls?: { key: string | Buffer; cert: string | Buffer };
}

export const DEFAULT_PORT = 8787;
export const DEFAULT_HOST = '127.0.0.1';

export function defaultServerOptions(storeDir: string): ServerOptions {
  return {
    storeDir,
    host: DEFAULT_HOST,
    port: DEFAULT_PORT,
    maxConcurrent: Math.max(1, os.availableParallelism()),
    timeoutMs: 120_000,
    memoryBytes: 256 * 1024 * 1024,
    maxOutputMB: 2048,
    threads: 1,
    bodyLimit: 10 * 1024 * 1024,
    maxScriptBytes: 1024 * 1024,
    maxBatch: 2000,
    commitIntervalMs: 2000,
    commitRecords: 100_000,
    rateLimit: 0,
    log: true,
  };
}

/** Loopback addresses: the only ones served without --auth. */
export function isLoopback(host: string): boolean {
  return host === 'localhost' || host === '::1' || /^127\.\d+\.\d+\.\d+$/.test(host) || host === '::ffff:127.0.0.1';
}
