/**
 * How quarry talks to S3: the standard AWS configuration (credentials chain, AWS_REGION,
 * AWS_PROFILE, AWS_MAX_ATTEMPTS), plus an endpoint override for S3-compatible servers
 * (MinIO, Ceph, R2, a local test server) and path-style addressing. Plain data, so it
 * can be written beside a local mirror and read back by another thread or process.
 */
export interface S3Config {
  region: string;
  /** null: AWS's own endpoint for the region. */
  endpoint: string | null;
  /** `http://host/bucket/key` instead of `http://bucket.host/key`. */
  forcePathStyle: boolean;
}

export function s3ConfigFromEnv(env: NodeJS.ProcessEnv = process.env): S3Config {
  const endpoint = env.QUARRY_S3_ENDPOINT || env.AWS_ENDPOINT_URL_S3 || env.AWS_ENDPOINT_URL || null;
  const style = env.QUARRY_S3_PATH_STYLE;
  // S3-compatible servers mostly serve path-style only; AWS itself prefers virtual hosts.
  const forcePathStyle = style === undefined || style === '' ? endpoint !== null : style === '1' || style.toLowerCase() === 'true';
  return { region: env.AWS_REGION || env.AWS_DEFAULT_REGION || 'us-east-1', endpoint, forcePathStyle };
}

/** Where requests go, for messages. */
export function describeEndpoint(c: S3Config): string {
  return c.endpoint ?? `AWS S3 (region ${c.region})`;
}
