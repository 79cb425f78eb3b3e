/**
 * A profile table's keys mapped to their packed slot (or DELETED, -1) during a
 * transaction. User keys are user numbers, dense from 0: an Int32Array indexed by user
 * number costs 4 bytes a user where a Map costs ~40 an entry (1.19M profiles: 5 against
 * 48 MB). Group ids are strings and stay in a Map.
 */
export interface KeySlots {
  get(key: number | string): number | undefined;
  set(key: number | string, slot: number): void;
  delete(key: number | string): void;
}

/** Slot + 2 by user number; 0: not set, 1: DELETED. */
export class UserSlots implements KeySlots {
  private slots = new Int32Array(1024);

  get(key: number | string): number | undefined {
    const k = key as number;
    const v = k < this.slots.length ? this.slots[k]! : 0;
    return v === 0 ? undefined : v - 2;
  }

  set(key: number | string, slot: number): void {
    const k = key as number;
    if (k >= this.slots.length) {
      let n = this.slots.length * 2;
      while (n <= k) n *= 2;
      const grown = new Int32Array(n);
      grown.set(this.slots);
      this.slots = grown;
    }
    this.slots[k] = slot + 2;
  }

  delete(key: number | string): void {
    const k = key as number;
    if (k < this.slots.length) this.slots[k] = 0;
  }
}

export class GroupSlots implements KeySlots {
  private readonly slots = new Map<number | string, number>();

  get(key: number | string): number | undefined {
    return this.slots.get(key);
  }
  set(key: number | string, slot: number): void {
    this.slots.set(key, slot);
  }
  delete(key: number | string): void {
    this.slots.delete(key);
  }
}
