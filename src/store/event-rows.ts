/**
 * Events being written, in columnar staging form: fixed fields as plain arrays and
 * each property key as sparse (row, value) lists, in ingest order. Importers append
 * to one of these per day; `writeEventPartition` sorts, deduplicates and encodes it.
 */
import type { SparseBuilder } from './column-codec.js';

export class EventRows {
  length = 0;
  readonly names: string[] = [];
  readonly users: number[] = [];
  readonly times: number[] = [];
  /** `$insert_id` values as given (strings, usually); undefined where absent. */
  readonly insertIds: unknown[] = [];
  readonly sampling: number[] = [];
  hasSampling = false;
  readonly props = new Map<string, SparseBuilder>();

  /**
   * Append one event. With `skipFixed` (the default) the keys time, distinct_id and
   * $insert_id of `properties` are ignored: exports keep those event fields there.
   */
  push(name: string, user: number, time: number, insertId: unknown, properties: Record<string, unknown>, samplingFactor = 1, skipFixed = true): void {
    const row = this.length++;
    this.names.push(name);
    this.users.push(user);
    this.times.push(time);
    this.insertIds.push(insertId);
    this.sampling.push(samplingFactor);
    if (samplingFactor !== 1) this.hasSampling = true;
    for (const key in properties) {
      const v = properties[key];
      if (v === undefined) continue;
      // Event fields that exports keep inside `properties`.
      if ((key === 'time' || key === 'distinct_id' || key === '$insert_id') && skipFixed) continue;
      let col = this.props.get(key);
      if (col === undefined) {
        col = { rows: [], values: [] };
        this.props.set(key, col);
      }
      col.rows.push(row);
      col.values.push(v);
    }
  }

  /** Append all rows of `other` after this one's (ingest order is kept). */
  append(other: EventRows): void {
    const base = this.length;
    for (let i = 0; i < other.length; i++) {
      this.names.push(other.names[i]!);
      this.users.push(other.users[i]!);
      this.times.push(other.times[i]!);
      this.insertIds.push(other.insertIds[i]);
      this.sampling.push(other.sampling[i]!);
    }
    this.hasSampling ||= other.hasSampling;
    for (const [key, src] of other.props) {
      let col = this.props.get(key);
      if (col === undefined) {
        col = { rows: [], values: [] };
        this.props.set(key, col);
      }
      for (let j = 0; j < src.rows.length; j++) {
        col.rows.push(src.rows[j]! + base);
        col.values.push(src.values[j]);
      }
    }
    this.length += other.length;
  }
}
