/** s3:// store locations and the S3 configuration read from the environment. */
import { describe, expect, it } from 'vitest';
import { s3ConfigFromEnv } from '../../../src/store/remote/s3-config.js';
import { isS3Uri, keyOf, parseS3Uri, s3Uri } from '../../../src/store/remote/s3-location.js';

describe('s3:// locations', () => {
  it('bucket and prefix, slashes trimmed', () => {
    expect(parseS3Uri('s3://my-bucket/stores/acme/')).toEqual({ bucket: 'my-bucket', prefix: 'stores/acme' });
    expect(parseS3Uri('s3://my-bucket')).toEqual({ bucket: 'my-bucket', prefix: '' });
    expect(keyOf(parseS3Uri('s3://b12/p'), 'events/2024-03-01/g3/name.arrow')).toBe('p/events/2024-03-01/g3/name.arrow');
    expect(keyOf(parseS3Uri('s3://b12'), 'manifest.json')).toBe('manifest.json');
    expect(s3Uri(parseS3Uri('s3://b12//x//'))).toBe('s3://b12/x');
  });
  it('only s3:// is a remote store', () => {
    expect(isS3Uri('S3://b/x')).toBe(true);
    expect(isS3Uri('./s3/x')).toBe(false);
  });
  it('a bad bucket name is a usage error that shows the form', () => {
    for (const bad of ['s3://', 's3://A_B/x', 's3://ab', 's3:///x']) expect(() => parseS3Uri(bad)).toThrow(/s3:\/\/BUCKET\/PREFIX/);
  });
});

describe('S3 configuration from the environment', () => {
  it('AWS by default: its region, virtual-host addressing', () => {
    expect(s3ConfigFromEnv({ AWS_REGION: 'eu-west-1' })).toEqual({ region: 'eu-west-1', endpoint: null, forcePathStyle: false });
    expect(s3ConfigFromEnv({}).region).toBe('us-east-1');
  });
  it('an endpoint override turns path-style on unless told otherwise; QUARRY_S3_ENDPOINT wins', () => {
    expect(s3ConfigFromEnv({ AWS_ENDPOINT_URL_S3: 'http://minio:9000' })).toMatchObject({ endpoint: 'http://minio:9000', forcePathStyle: true });
    expect(s3ConfigFromEnv({ AWS_ENDPOINT_URL_S3: 'http://a', QUARRY_S3_ENDPOINT: 'http://b' }).endpoint).toBe('http://b');
    expect(s3ConfigFromEnv({ QUARRY_S3_ENDPOINT: 'http://b', QUARRY_S3_PATH_STYLE: '0' }).forcePathStyle).toBe(false);
    expect(s3ConfigFromEnv({ QUARRY_S3_PATH_STYLE: 'true' }).forcePathStyle).toBe(true);
  });
});
