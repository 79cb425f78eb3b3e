/**
 * S3 failures as StoreErrors that say what failed, where, and how to fix it: a missing
 * bucket or key, refused credentials, an endpoint that does not answer. Anything else
 * keeps the service's own code and message (still no stack trace: exit 1).
 */
import { StoreError } from '../../errors.js';
import { describeEndpoint, type S3Config } from './s3-config.js';

interface SdkError {
  name?: string;
  code?: string;
  Code?: string;
  message?: string;
  $metadata?: { httpStatusCode?: number };
}

const CREDENTIAL_CODES = new Set([
  'InvalidAccessKeyId',
  'SignatureDoesNotMatch',
  'AccessDenied',
  'ExpiredToken',
  'InvalidToken',
  'CredentialsProviderError',
  'TokenRefreshRequired',
]);
const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'ECONNRESET',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'TimeoutError',
  'RequestTimeout',
]);

export type S3Failure = 'no-bucket' | 'no-key' | 'credentials' | 'network' | 'other';

export function classifyS3Error(e: unknown): S3Failure {
  const err = (e ?? {}) as SdkError;
  const code = err.Code ?? err.name ?? '';
  const status = err.$metadata?.httpStatusCode;
  if (code === 'NoSuchBucket') return 'no-bucket';
  if (code === 'NoSuchKey' || code === 'NotFound' || status === 404) return 'no-key';
  if (CREDENTIAL_CODES.has(code) || status === 403) return 'credentials';
  if (NETWORK_CODES.has(code) || NETWORK_CODES.has(err.code ?? '')) return 'network';
  return 'other';
}

/** `what`: the object, e.g. "s3://bucket/store/manifest.json". `noKey`: the message for a missing object. */
export function s3Problem(e: unknown, what: string, bucket: string, config: S3Config, noKey: string): StoreError {
  const err = (e ?? {}) as SdkError;
  const where = describeEndpoint(config);
  switch (classifyS3Error(e)) {
    case 'no-bucket':
      return new StoreError(
        `no bucket "${bucket}" at ${where} (reading ${what}). Check the bucket name in --store, and the endpoint (QUARRY_S3_ENDPOINT or AWS_ENDPOINT_URL_S3) and AWS_REGION.`,
      );
    case 'no-key':
      return new StoreError(noKey);
    case 'credentials':
      return new StoreError(
        `S3 at ${where} refused the credentials reading ${what} (${err.Code ?? err.name}: ${err.message}). ` +
          'Set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY (or AWS_PROFILE) to a key that may read the bucket.',
      );
    case 'network':
      return new StoreError(
        `cannot reach the S3 endpoint ${where} reading ${what} (${err.code ?? err.name}: ${err.message}). ` +
          'Check QUARRY_S3_ENDPOINT or AWS_ENDPOINT_URL_S3, AWS_REGION and the network.',
      );
    default:
      return new StoreError(`reading ${what} from ${where} failed: ${err.Code ?? err.name ?? 'Error'}: ${err.message ?? String(e)}`);
  }
}
