// Moved to the store (a bucketed day is read as its buckets merged): kept here for the exec imports.
export { concatColumns, MergedPartition, MergeShared, type PartitionLike } from '../../store/index.js';
