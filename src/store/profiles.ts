/**
 * Profile tables: user profiles (keyed by user number) and group profiles (keyed by
 * group id string, one table per group key). Same column-per-file layout as event
 * partitions:
 *   user.arrow | group_id.arrow   the key, rows sorted by it
 *   time.arrow                    UTC ms of the last update
 *   last_seen.arrow               UTC ms of `$last_seen` (last update not marked $ignore_time)
 *   p<N>.arrow                    one file per property
 * Profiles are updated by a new generation of the table: the importers keep the old
 * table's rows encoded and decode a row only when it is read (ingest/profile-session.ts).
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Column, ColumnKind, StringColumn } from './column.js';
import { valueAt } from './column.js';
import { decodeColumn, decodeDense, encodeColumn, encodeDense, inferKind, type SparseBuilder, type SparseValues } from './column-codec.js';
import type { ColumnMeta, ProfileTableMeta } from './manifest.js';
import { propertyBag } from './property-bag.js';
import { readDataFile } from './read-data-file.js';

export interface Profile {
  /** UTC ms of the last update. */
  time: number;
  /** UTC ms the profile was last seen (`$last_seen`). */
  lastSeen: number;
  properties: Record<string, unknown>;
}

/** Profiles in memory, keyed by user number (user profiles) or group id (groups). */
export type ProfileMap<K extends number | string> = Map<K, Profile>;

/**
 * A table's rows as the writer reads them: keys ascending, times by row, and each
 * property's values one column at a time (so only one column's values are held as JS
 * values at once, whatever holds the profiles).
 */
export interface ProfileRows<K extends number | string> {
  keys: K[];
  time: Float64Array;
  lastSeen: Float64Array;
  /** Every property key a row may hold (a key no row holds writes no column). */
  propertyKeys: Iterable<string>;
  /** The values of `key` by row, rows ascending; undefined values are left out. Or the column already encoded. */
  column(key: string): SparseValues | EncodedColumn;
}

/** A column file's bytes as encodeColumn would write them, with what the manifest records. */
export interface EncodedColumn {
  bytes: Uint8Array;
  kind: ColumnKind;
  /** Rows with a non-null value. */
  count: number;
  /** Rows with a value, null included (0: the column is not written). */
  entries: number;
}

const ascending = <K extends number | string>(a: K, b: K) => (a < b ? -1 : a > b ? 1 : 0);

/** Write the profiles of a map (tests and small tables). */
export function writeProfileTable<K extends number | string>(
  absDir: string,
  relDir: string,
  profiles: ProfileMap<K>,
  keyKind: 'user' | 'group',
): ProfileTableMeta {
  const keys = [...profiles.keys()].sort(ascending);
  const rows = keys.map((k) => profiles.get(k)!);
  const propertyKeys = new Set<string>();
  for (const p of rows) for (const k of Object.keys(p.properties)) propertyKeys.add(k);
  return writeProfileRows(
    absDir,
    relDir,
    {
      keys,
      time: Float64Array.from(rows, (p) => p.time),
      lastSeen: Float64Array.from(rows, (p) => p.lastSeen),
      propertyKeys,
      column: (key) => {
        const out: SparseBuilder = { rows: [], values: [] };
        for (let i = 0; i < rows.length; i++) {
          const props = rows[i]!.properties;
          const v = Object.hasOwn(props, key) ? props[key] : undefined; // plain objects inherit "constructor"
          if (v === undefined) continue;
          out.rows.push(i);
          out.values.push(v);
        }
        return out;
      },
    },
    keyKind,
  );
}

export function writeProfileRows<K extends number | string>(
  absDir: string,
  relDir: string,
  table: ProfileRows<K>,
  keyKind: 'user' | 'group',
): ProfileTableMeta {
  const { keys } = table;
  const n = keys.length;
  fs.mkdirSync(absDir, { recursive: true });
  const write = (file: string, bytes: Uint8Array) => fs.writeFileSync(path.join(absDir, file), bytes);
  if (keyKind === 'user') write('user.arrow', encodeDense(Int32Array.from(keys as number[])));
  else write('group_id.arrow', encodeColumn(n, { rows: keys.map((_, i) => i), values: keys }, 'string'));
  write('time.arrow', encodeDense(table.time));
  write('last_seen.arrow', encodeDense(table.lastSeen));
  const columns: Record<string, ColumnMeta> = Object.create(null); // "constructor", "__proto__" are keys too
  let fileNo = 0;
  for (const key of [...new Set(table.propertyKeys)].sort()) {
    const col = table.column(key);
    if ('bytes' in col) {
      if (col.entries === 0) continue;
      const file = `p${fileNo++}.arrow`;
      write(file, col.bytes);
      columns[key] = { kind: col.kind, file, count: col.count };
      continue;
    }
    if (col.rows.length === 0) continue;
    const file = `p${fileNo++}.arrow`;
    write(file, encodeColumn(n, col));
    let count = 0;
    for (const v of col.values) if (v !== null) count++;
    columns[key] = { kind: inferKind(col.values), file, count };
  }
  return { dir: relDir, rows: n, columns };
}

/** A profile table opened for reading: columns load on first use. */
export class ProfileTable {
  readonly meta: ProfileTableMeta;
  readonly length: number;
  private readonly storeDir: string;
  private cache = new Map<string, Column | undefined>();
  private _user?: Int32Array;
  private _groupIds?: string[];
  private _time?: Float64Array;
  private _lastSeen?: Float64Array;

  constructor(storeDir: string, meta: ProfileTableMeta) {
    this.meta = meta;
    this.length = meta.rows;
    this.storeDir = storeDir;
  }

  /** The bytes of one of the table's files (ProfileRowReader also reads columns raw). */
  readFile(file: string): Uint8Array {
    return readDataFile(this.storeDir, path.posix.join(this.meta.dir, file));
  }

  /** The file of property `key`'s column, or undefined when no row has the key. */
  fileOf(key: string): string | undefined {
    return Object.hasOwn(this.meta.columns, key) ? this.meta.columns[key]!.file : undefined;
  }

  /** User numbers, ascending (user profile tables). */
  get user(): Int32Array {
    return (this._user ??= decodeDense(this.readFile('user.arrow')) as Int32Array);
  }
  /** Group ids, ascending (group profile tables). */
  get groupIds(): string[] {
    if (this._groupIds === undefined) {
      const c = decodeColumn(this.readFile('group_id.arrow')) as StringColumn;
      this._groupIds = Array.from(c.indices, (i) => c.dictionary[i]!);
    }
    return this._groupIds;
  }
  get time(): Float64Array {
    return (this._time ??= decodeDense(this.readFile('time.arrow')) as Float64Array);
  }
  get lastSeen(): Float64Array {
    return (this._lastSeen ??= decodeDense(this.readFile('last_seen.arrow')) as Float64Array);
  }
  keys(): string[] {
    return Object.keys(this.meta.columns);
  }
  column(key: string): Column | undefined {
    if (this.cache.has(key)) return this.cache.get(key);
    const meta = Object.hasOwn(this.meta.columns, key) ? this.meta.columns[key] : undefined;
    const col = meta === undefined ? undefined : decodeColumn(this.readFile(meta.file));
    this.cache.set(key, col);
    return col;
  }

  /** Drop a decoded column from the cache (a writer done with it). */
  forget(key: string): void {
    this.cache.delete(key);
  }

  /** Row of user number `user`, or -1 (binary search; rows are sorted by user). */
  rowOfUser(user: number): number {
    const u = this.user;
    let lo = 0;
    let hi = u.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const v = u[mid]!;
      if (v === user) return mid;
      if (v < user) lo = mid + 1;
      else hi = mid - 1;
    }
    return -1;
  }

  /** Properties of row i as a plain object. */
  propertiesAt(i: number): Record<string, unknown> {
    const out = propertyBag();
    for (const k of this.keys()) {
      const v = valueAt(this.column(k), i);
      if (v !== undefined) out[k] = v;
    }
    return out;
  }

  /** Read everything into a map for updating. */
  toMap(keyKind: 'user'): ProfileMap<number>;
  toMap(keyKind: 'group'): ProfileMap<string>;
  toMap(keyKind: 'user' | 'group'): ProfileMap<number> | ProfileMap<string> {
    const n = this.length;
    const keys: (number | string)[] = keyKind === 'user' ? Array.from(this.user) : this.groupIds;
    const time = this.time;
    const lastSeen = this.lastSeen;
    const props: Record<string, unknown>[] = Array.from({ length: n }, propertyBag);
    for (const k of this.keys()) {
      const col = this.column(k)!;
      for (let i = 0; i < n; i++) {
        const v = valueAt(col, i);
        if (v !== undefined) props[i]![k] = v;
      }
    }
    const out = new Map<number | string, Profile>();
    for (let i = 0; i < n; i++) out.set(keys[i]!, { time: time[i]!, lastSeen: lastSeen[i]!, properties: props[i]! });
    return out as ProfileMap<number> | ProfileMap<string>;
  }
}
