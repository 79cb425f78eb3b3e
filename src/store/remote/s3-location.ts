/**
 * `s3://bucket/prefix` store locations: where a store's files live in object storage.
 * The key of a store file is `prefix/` + its path inside the store, so a store directory
 * uploaded with `aws s3 sync DIR s3://bucket/prefix` is read as it is.
 */
import { UsageError } from '../../errors.js';

export interface S3Location {
  bucket: string;
  /** Key prefix without leading or trailing "/"; "" for the bucket's root. */
  prefix: string;
}

export function isS3Uri(s: string): boolean {
  return /^s3:\/\//i.test(s);
}

export function parseS3Uri(uri: string): S3Location {
  const m = /^s3:\/\/([^/]*)\/?(.*)$/i.exec(uri);
  const bucket = m?.[1] ?? '';
  // Bucket names: 3-63 of lower-case letters, digits, dots and hyphens (S3's rule).
  if (!/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/.test(bucket)) {
    throw new UsageError(`--store ${uri}: expected s3://BUCKET/PREFIX with a bucket name of 3-63 lower-case letters, digits, "." or "-"`);
  }
  const prefix = (m?.[2] ?? '').replace(/^\/+|\/+$/g, '');
  return { bucket, prefix };
}

export function s3Uri(loc: S3Location): string {
  return `s3://${loc.bucket}${loc.prefix ? `/${loc.prefix}` : ''}`;
}

/** The object key of `rel` (a path inside the store, "/"-separated). */
export function keyOf(loc: S3Location, rel: string): string {
  return loc.prefix ? `${loc.prefix}/${rel}` : rel;
}
