import type { Column, StringColumn } from './column.js';

/** What readers of events take from a partition: a stored one, or several merged (merged-partition.ts). */
export interface PartitionLike {
  readonly length: number;
  readonly name: StringColumn;
  readonly user: Int32Array;
  readonly time: Float64Array;
  readonly samplingFactor: Float64Array | null;
  readonly meta: { rows: number };
  keys(): string[];
  column(key: string): Column | undefined;
}
