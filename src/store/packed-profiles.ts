/**
 * Profiles held compactly while a transaction updates them. A Profile object costs
 * about 1 KB (its property bag has a null prototype, so V8 keeps it in dictionary
 * mode: a hash table per profile); an import of 475k engage profiles peaked at 1.3 GB
 * holding them. Here a profile is a slot: its times in number arrays and its values in
 * one plain array, in the order of its "shape" (its key list, shared by every profile
 * with the same keys in the same order). A Profile (a fresh bag) is built only when
 * one is read.
 */
import type { Profile } from './profiles.js';
import { propertyBag } from './property-bag.js';

export class PackedProfiles {
  private readonly time: number[] = [];
  private readonly lastSeen: number[] = [];
  private readonly shapeOf: number[] = [];
  private readonly values: (unknown[] | undefined)[] = [];
  /** Key lists in a profile's own key order (kept, so a read profile iterates as it was set). */
  private readonly shapes: string[][] = [];
  private readonly shapeIds = new Map<string, number>();

  /** Store `p` in a new slot; returns the slot. */
  add(p: Profile): number {
    const slot = this.time.length;
    this.time.push(0);
    this.lastSeen.push(0);
    this.shapeOf.push(0);
    this.values.push(undefined);
    this.put(slot, p);
    return slot;
  }

  /** Replace the profile in `slot`. Values are kept by reference (profiles are never modified in place: applyUpdate copies). */
  put(slot: number, p: Profile): void {
    const keys = Object.keys(p.properties);
    const sig = JSON.stringify(keys);
    let shape = this.shapeIds.get(sig);
    if (shape === undefined) {
      shape = this.shapes.length;
      this.shapes.push(keys);
      this.shapeIds.set(sig, shape);
    }
    const vals = new Array<unknown>(keys.length);
    for (let i = 0; i < keys.length; i++) vals[i] = p.properties[keys[i]!];
    this.time[slot] = p.time;
    this.lastSeen[slot] = p.lastSeen;
    this.shapeOf[slot] = shape;
    this.values[slot] = vals;
  }

  /** Let go of a deleted profile's values (the slot is not used again). */
  free(slot: number): void {
    this.values[slot] = undefined;
  }

  get(slot: number): Profile {
    const keys = this.shapes[this.shapeOf[slot]!]!;
    const vals = this.values[slot]!;
    const properties = propertyBag();
    for (let i = 0; i < keys.length; i++) properties[keys[i]!] = vals[i];
    return { time: this.time[slot]!, lastSeen: this.lastSeen[slot]!, properties };
  }

  timeAt(slot: number): number {
    return this.time[slot]!;
  }
  lastSeenAt(slot: number): number {
    return this.lastSeen[slot]!;
  }

  /** Every property key some stored profile has (freed slots' keys may be included). */
  propertyKeys(): Set<string> {
    const out = new Set<string>();
    for (const keys of this.shapes) for (const k of keys) out.add(k);
    return out;
  }

  /**
   * A reader of one property's value by slot (undefined where the profile lacks it)
   * that lets go of each value it returns: the table writer reads every property once,
   * so the profiles' memory drains column by column as the new table is written. The
   * profiles are incomplete after that.
   */
  take(key: string): (slot: number) => unknown {
    const pos = new Int32Array(this.shapes.length).fill(-1);
    for (let s = 0; s < this.shapes.length; s++) pos[s] = this.shapes[s]!.indexOf(key);
    return (slot) => {
      const at = pos[this.shapeOf[slot]!]!;
      if (at < 0) return undefined;
      const vals = this.values[slot]!;
      const v = vals[at];
      vals[at] = undefined;
      return v;
    };
  }
}
