// Seeded, platform-independent pseudo-random numbers for the demo data generator.
// Everything here is pure 32-bit integer arithmetic, so the same seed yields the same
// sequence on every machine (no Math.random, no clock).

/** splitmix32-style finaliser: a bijection on 32-bit integers with good avalanche. */
export function mix32(x: number): number {
  x = (x + 0x9e3779b9) | 0;
  x = Math.imul(x ^ (x >>> 16), 0x21f0aaad);
  x = Math.imul(x ^ (x >>> 15), 0x735a2d97);
  return (x ^ (x >>> 15)) >>> 0;
}

/** Hash a few integers into one 32-bit value (order-sensitive). */
export function hash32(a: number, b = 0, c = 0): number {
  let h = mix32(a ^ 0x5bd1e995);
  h = mix32(h ^ Math.imul(b | 0, 0x27d4eb2d));
  h = mix32(h ^ Math.imul(c | 0, 0x165667b1));
  return h;
}

/**
 * sfc32 (Small Fast Counting PRNG, Chris Doty-Humphrey): 128-bit state, period >= 2^32,
 * passes PractRand; seeded through mix32 so nearby seeds give unrelated streams.
 */
export class Rng {
  private a: number;
  private b: number;
  private c: number;
  private d: number;

  constructor(seed: number, stream = 0) {
    this.a = hash32(seed, stream, 1);
    this.b = hash32(seed, stream, 2);
    this.c = hash32(seed, stream, 3);
    this.d = 1;
    for (let i = 0; i < 12; i++) this.u32();
  }

  /** Uniform unsigned 32-bit integer. */
  u32(): number {
    const t = (((this.a + this.b) | 0) + this.d) | 0;
    this.d = (this.d + 1) | 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) | 0;
    this.c = (this.c << 21) | (this.c >>> 11);
    this.c = (this.c + t) | 0;
    return t >>> 0;
  }

  /** Uniform float in [0, 1). */
  float(): number {
    return this.u32() / 4294967296;
  }

  /** Uniform integer in [0, n). */
  int(n: number): number {
    return Math.floor(this.float() * n);
  }

  /** True with probability p. */
  chance(p: number): boolean {
    return this.float() < p;
  }

  /** Exponential variate with the given mean. */
  exp(mean: number): number {
    return -Math.log(1 - this.float()) * mean;
  }

  /** Approximately normal variate (sum of uniforms; no trig, so fully portable). */
  normal(mean: number, sd: number): number {
    const s = this.float() + this.float() + this.float() + this.float() + this.float() + this.float();
    return mean + (s - 3) * sd * 1.4142135623730951;
  }

  /** Pick an element of `items`. */
  pick<T>(items: readonly T[]): T {
    return items[this.int(items.length)]!;
  }
}

/**
 * Weighted choice table: `pick(rng)` returns an index with probability proportional to its
 * weight. Built once, O(log n) per draw.
 */
export class Weighted {
  private readonly cum: Float64Array;
  readonly total: number;

  constructor(weights: readonly number[]) {
    this.cum = new Float64Array(weights.length);
    let s = 0;
    for (let i = 0; i < weights.length; i++) {
      s += weights[i]!;
      this.cum[i] = s;
    }
    this.total = s;
  }

  pick(rng: Rng): number {
    return this.at(rng.float());
  }

  /** Index for a uniform value u in [0, 1). */
  at(u: number): number {
    const x = u * this.total;
    const cum = this.cum;
    let lo = 0;
    let hi = cum.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (cum[mid]! > x) hi = mid;
      else lo = mid + 1;
    }
    return lo;
  }
}

const HEX: string[] = [];
for (let i = 0; i < 256; i++) HEX.push(i.toString(16).padStart(2, '0'));

/** 8 lowercase hex digits of an unsigned 32-bit value. */
export function hex8(x: number): string {
  return HEX[x >>> 24]! + HEX[(x >>> 16) & 255]! + HEX[(x >>> 8) & 255]! + HEX[x & 255]!;
}

/** 7 base-36 digits of an unsigned 32-bit value (36^7 > 2^32, so this is injective). */
export function b36x7(x: number): string {
  return x.toString(36).padStart(7, '0');
}
