/**
 * Pairs of (event, profile) as an ItemBatch: `evRow[j]` is a row of the event
 * partition (or -1: no event) and `profRow[j]` a row of the profile table (or -1: no
 * profile). Columns of either side are gathered into pair order on first use.
 */
import { type Column, NO_USER, type UserDictionary } from '../../store/index.js';
import type { SelectorBatch } from '../../selector/index.js';
import type { EventBatch } from './event-batch.js';
import { dictionaryColumn, gatherColumn } from './gather.js';
import { type ItemBatch, selectAll } from './item-batch.js';
import type { PeopleBatch } from './people-batch.js';

export class JoinBatch implements ItemBatch {
  readonly kind = 'join';
  readonly size: number;
  sel: Int32Array;
  private cache = new Map<string, Column | undefined | null>();
  private _users?: Int32Array;
  private _hasEvent?: Uint8Array | null;
  private _hasUser?: Uint8Array | null;

  constructor(
    readonly events: EventBatch | null,
    readonly people: PeopleBatch | null,
    readonly evRow: Int32Array,
    readonly profRow: Int32Array,
    /** The distinct_id dictionary, loaded only when an id is actually read. */
    private readonly usersRef: () => UserDictionary,
  ) {
    this.size = evRow.length;
    this.sel = selectAll(this.size);
  }

  users(): Int32Array {
    if (this._users === undefined) {
      const out = new Int32Array(this.size);
      const evUsers = this.events?.users();
      const profUsers = this.people?.users();
      for (let j = 0; j < this.size; j++) {
        const e = this.evRow[j]!;
        const p = this.profRow[j]!;
        out[j] = e >= 0 ? evUsers![e]! : p >= 0 ? profUsers![p]! : NO_USER;
      }
      this._users = out;
    }
    return this._users;
  }

  samplingFactors(): Float64Array | null {
    const s = this.events?.samplingFactors();
    if (!s) return null;
    const out = new Float64Array(this.size).fill(1);
    for (let j = 0; j < this.size; j++) if (this.evRow[j]! >= 0) out[j] = s[this.evRow[j]!]!;
    return out;
  }

  projectTimes(): Float64Array | null {
    const c = this.column('event.time');
    return c && c.kind === 'number' ? c.values : null;
  }

  hasEvent(): Uint8Array | null {
    return (this._hasEvent ??= presenceMask(this.evRow));
  }
  hasUser(): Uint8Array | null {
    return (this._hasUser ??= presenceMask(this.profRow));
  }

  column(path: string): Column | undefined | null {
    if (this.cache.has(path)) return this.cache.get(path);
    let col: Column | undefined | null;
    if (path === 'distinct_id') col = dictionaryColumn(this.users(), this.usersRef().ids);
    else if (path.startsWith('event.')) col = this.side(this.events, this.evRow, path.slice(6));
    else if (path.startsWith('user.')) col = this.side(this.people, this.profRow, path.slice(5));
    else if (path === 'event' || path === 'user' || path === '') col = null;
    else col = undefined;
    this.cache.set(path, col);
    return col;
  }

  private side(batch: EventBatch | PeopleBatch | null, rows: Int32Array, path: string): Column | undefined | null {
    if (batch === null) return undefined;
    const c = batch.column(path);
    if (c === undefined || c === null) return c;
    return gatherColumn(c, rows);
  }

  item(j: number): unknown {
    const e = this.evRow[j]!;
    const p = this.profRow[j]!;
    const users = this.users();
    return {
      distinct_id: users[j]! === NO_USER ? undefined : this.usersRef().ids[users[j]!],
      event: e >= 0 ? this.events!.item(e) : undefined,
      user: p >= 0 ? this.people!.item(p) : undefined,
    };
  }

  /** A property column of one side, by exact key (selectors never split keys on dots). */
  private rawProperty(side: 'e' | 'u', key: string): Column | undefined {
    const ck = `raw:${side}:${key}`;
    if (this.cache.has(ck)) return this.cache.get(ck) ?? undefined;
    let col: Column | undefined;
    if (side === 'e' && this.events) {
      const c = this.events.part.column(key);
      col = c === undefined ? undefined : gatherColumn(c, this.evRow);
    } else if (side === 'u' && this.people) {
      const c = this.people.table.column(key);
      col = c === undefined ? undefined : gatherColumn(c, this.profRow);
    }
    this.cache.set(ck, col);
    return col;
  }

  selectorBatch(): SelectorBatch {
    // The selector wants UTC ms for event["$time"], gathered on first use only.
    const events = this.events;
    const evRow = this.evRow;
    const size = this.size;
    let utc: Float64Array | undefined;
    return {
      length: size,
      column: (source, key) => this.rawProperty(source === 'properties' ? 'e' : 'u', key),
      get time() {
        if (utc === undefined && events) {
          const t = events.part.time;
          utc = new Float64Array(size);
          for (let j = 0; j < size; j++) if (evRow[j]! >= 0) utc[j] = t[evRow[j]!]!;
        }
        return utc;
      },
      hasEvent: this.hasEvent(),
      hasUser: this.hasUser(),
    };
  }
}

function presenceMask(rows: Int32Array): Uint8Array | null {
  let all = true;
  for (let j = 0; j < rows.length; j++) if (rows[j]! < 0) all = false;
  if (all) return null;
  const m = new Uint8Array(rows.length);
  for (let j = 0; j < rows.length; j++) m[j] = rows[j]! >= 0 ? 1 : 0;
  return m;
}
