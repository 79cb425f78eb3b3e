/**
 * Credentials. Query endpoints take HTTP Basic: a service account `user:secret`
 * (base64, or plain text as the hosted API also accepts), or the legacy project
 * secret as user name with an empty password. Ingestion takes the project token in
 * the payload, or (for /import) as the Basic user name. Every comparison is constant
 * time: both sides are hashed to equal-length digests first.
 */
import crypto from 'node:crypto';

const digest = (s: string) => crypto.createHash('sha256').update(s, 'utf8').digest();

export function sameSecret(given: string, expected: string): boolean {
  return crypto.timingSafeEqual(digest(given), digest(expected));
}

export interface BasicCredentials {
  user: string;
  password: string;
}

/** The user and password of an `Authorization: Basic ...` header (base64 or plain `user:secret`). */
export function basicCredentials(header: string | undefined): BasicCredentials | null {
  if (header === undefined) return null;
  const m = /^Basic\s+(.+)$/i.exec(header.trim());
  if (m === null) return null;
  const raw = m[1]!.trim();
  let text = raw;
  if (!raw.includes(':') && /^[A-Za-z0-9+/=_-]+$/.test(raw)) {
    const decoded = Buffer.from(raw, 'base64').toString('utf8');
    if (decoded.includes(':')) text = decoded;
  }
  const i = text.indexOf(':');
  if (i < 0) return { user: text, password: '' };
  return { user: text.slice(0, i), password: text.slice(i + 1) };
}

/** `--auth USER:SECRET` or `--auth SECRET`. */
export interface QueryAuth {
  user?: string;
  secret: string;
}

export function parseAuth(spec: string): QueryAuth {
  const i = spec.indexOf(':');
  return i < 0 ? { secret: spec } : { user: spec.slice(0, i), secret: spec.slice(i + 1) };
}

/** Does the header carry the service account, or the secret as user name with an empty password? */
export function queryAuthorized(auth: QueryAuth | undefined, header: string | undefined): boolean {
  if (auth === undefined) return true;
  const c = basicCredentials(header);
  if (c === null) return false;
  // Evaluate both forms every time (no early exit that would time the first).
  const account = auth.user !== undefined && sameSecret(c.user, auth.user) && sameSecret(c.password, auth.secret);
  const legacy = c.password === '' && sameSecret(c.user, auth.secret);
  return account || legacy;
}

/** An ingestion token check: unset token accepts anything. */
export function tokenAccepted(expected: string | undefined, given: unknown): boolean {
  if (expected === undefined) return true;
  return typeof given === 'string' && sameSecret(given, expected);
}
