// The light part of the S3 seam: loading it does not load the AWS SDK (open-s3-store.ts does).
export * from './s3-location.js';
export * from './store-reads.js';
export { MIRROR_FILE, readMirrorInfo } from './mirror.js';
