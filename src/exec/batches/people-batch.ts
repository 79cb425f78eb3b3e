/** The user profile table (or a slice of it) as an ItemBatch. */
import { type Column, type ProfileTable, type UserDictionary } from '../../store/index.js';
import type { SelectorBatch } from '../../selector/index.js';
import { dictionaryColumn, numberColumn } from './gather.js';
import { type ItemBatch, projectTimesOf, propertiesAt, propertyColumn, selectAll } from './item-batch.js';

export class PeopleBatch implements ItemBatch {
  readonly kind = 'people';
  readonly size: number;
  sel: Int32Array;
  private _times?: Float64Array;
  private _lastSeen?: Float64Array;
  private keySet: Set<string>;

  constructor(
    readonly table: ProfileTable,
    /** The distinct_id dictionary, loaded only when an id is actually read. */
    private readonly usersRef: () => UserDictionary,
    private readonly timezone: string,
  ) {
    this.size = table.length;
    this.sel = selectAll(table.length);
    this.keySet = new Set(table.keys());
  }

  projectTimes(): Float64Array {
    return (this._times ??= projectTimesOf(this.table.time, this.timezone));
  }
  lastSeen(): Float64Array {
    return (this._lastSeen ??= projectTimesOf(this.table.lastSeen, this.timezone));
  }
  users(): Int32Array {
    return this.table.user;
  }
  samplingFactors(): null {
    return null;
  }

  column(path: string): Column | undefined | null {
    switch (path) {
      case 'distinct_id':
        return dictionaryColumn(this.table.user, this.usersRef().ids);
      case 'time':
        return numberColumn(this.projectTimes());
      case 'last_seen':
        return numberColumn(this.lastSeen());
    }
    if (path.startsWith('properties.'))
      return propertyColumn(
        path.slice(11),
        (k) => this.keySet.has(k),
        (k) => this.table.column(k),
      );
    if (path === 'properties' || path === '') return null;
    return undefined;
  }

  properties(row: number): Record<string, unknown> {
    return propertiesAt(this.keySet, (k) => this.table.column(k), row);
  }

  item(row: number): unknown {
    return {
      distinct_id: this.usersRef().ids[this.table.user[row]!],
      time: this.projectTimes()[row],
      last_seen: this.lastSeen()[row],
      properties: this.properties(row),
    };
  }

  selectorBatch(): SelectorBatch {
    return { length: this.size, column: (source, key) => (source === 'user' ? this.table.column(key) : undefined) };
  }
}
