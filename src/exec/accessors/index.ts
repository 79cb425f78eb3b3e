export { readPath } from './read-path.js';
export { toKeyComponent, type KeyComponent } from './key-component.js';
export { composeKeys, type KeyPart } from './compose-keys.js';
export { compareKeyComponents, compareKeys } from './compare-keys.js';
export { encodeKey, decodeKey } from './encode-key.js';
export { sliceKey } from './slice.js';
export { numericBucket, validateBucketSpec, type BucketSpec, type FixedBucketSpec } from './numeric-bucket.js';
export {
  TIME_BUCKETS,
  TIME_BUCKET_UNITS,
  timeBucketStart,
  isTimeBucketSpec,
  type TimeBucketSpec,
  type TimeBucketUnit,
} from './time-buckets.js';
export { toNumber } from './to-number.js';
export { toString } from './to-string.js';
export { toBoolean } from './to-boolean.js';
