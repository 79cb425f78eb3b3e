/** One day partition of events as an ItemBatch. */
import { type Column, NO_USER, type UserDictionary } from '../../store/index.js';
import type { SelectorBatch } from '../../selector/index.js';
import { dictionaryColumn, numberColumn } from './gather.js';
import { type ItemBatch, projectTimesOf, propertiesAt, propertyColumn, selectAll } from './item-batch.js';
import type { PartitionLike } from './merged-partition.js';

export class EventBatch implements ItemBatch {
  readonly kind = 'events';
  readonly size: number;
  /** All rows until set: made on first read, so that a scan that sets it from a selector mask never builds it. */
  private _sel?: Int32Array;
  private _times?: Float64Array;
  private _distinct?: Column;
  private keySet: Set<string>;

  constructor(
    readonly part: PartitionLike,
    /** The distinct_id dictionary, loaded only when an id is actually read. */
    private readonly usersRef: () => UserDictionary,
    private readonly timezone: string,
  ) {
    this.size = part.length;
    this.keySet = new Set(part.keys());
    if (part.meta.rows > 0) this.keySet.add('$insert_id');
  }

  get sel(): Int32Array {
    return (this._sel ??= selectAll(this.size));
  }

  set sel(rows: Int32Array) {
    this._sel = rows;
  }

  /** True while the selection is still every row (never set, never built). */
  get selectsAll(): boolean {
    return this._sel === undefined;
  }

  /** How many rows are selected, without building the all-rows selection. */
  get selectedCount(): number {
    return this._sel === undefined ? this.size : this._sel.length;
  }

  projectTimes(): Float64Array {
    return (this._times ??= projectTimesOf(this.part.time, this.timezone));
  }

  users(): Int32Array {
    return this.part.user;
  }

  samplingFactors(): Float64Array | null {
    return this.part.samplingFactor;
  }

  private distinctIds(): Column {
    return (this._distinct ??= dictionaryColumn(this.part.user, this.usersRef().ids));
  }

  column(path: string): Column | undefined | null {
    switch (path) {
      case 'name':
        return this.part.name;
      case 'distinct_id':
        return this.distinctIds();
      case 'time':
        return numberColumn(this.projectTimes());
      case 'sampling_factor': {
        const s = this.part.samplingFactor;
        return s === null ? numberColumn(new Float64Array(this.size).fill(1)) : numberColumn(s);
      }
    }
    if (path.startsWith('properties.')) {
      return propertyColumn(
        path.slice(11),
        (k) => this.keySet.has(k),
        (k) => this.part.column(k),
      );
    }
    if (path === 'properties' || path === '') return null;
    return undefined; // an event has no other fields
  }

  properties(row: number): Record<string, unknown> {
    return propertiesAt(this.keySet, (k) => this.part.column(k), row);
  }

  item(row: number): unknown {
    const user = this.part.user[row]!;
    const s = this.part.samplingFactor;
    return {
      name: this.part.name.dictionary[this.part.name.indices[row]!],
      distinct_id: user === NO_USER ? undefined : this.usersRef().ids[user],
      time: this.projectTimes()[row],
      sampling_factor: s === null ? 1 : s[row],
      properties: this.properties(row),
    };
  }

  selectorBatch(): SelectorBatch {
    const part = this.part;
    return {
      length: this.size,
      column: (source, key) => (source === 'properties' ? part.column(key) : undefined),
      // Read on first use: a selector that never reads the time never opens time.arrow.
      get time() {
        return part.time;
      },
    };
  }
}
