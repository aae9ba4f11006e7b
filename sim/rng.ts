/**
 * The simulator's only source of randomness: xoshiro128** (Blackman & Vigna), seeded through
 * splitmix32, with uniform and Gaussian draws. Same seed and stream → the same sequence on every
 * machine, so a simulated run can be repeated bit for bit. Draws do not allocate.
 */
export class SeededRng {
  /** xoshiro128** state. */
  private readonly s = new Int32Array(4);
  /** [0]: the latest 53-bit uniform; [1]: the spare normal from the polar method. */
  private readonly out = new Float64Array(2);
  private hasSpare = false;

  /**
   * @param seed any integer-valued number (only its low 32 bits and, for larger seeds, the next 21 bits count)
   * @param stream separates independent sequences drawn from one seed (sensors, people, faults)
   */
  constructor(seed: number, stream = 0) {
    this.reseed(seed, stream);
  }

  /** Restart the sequence as if newly constructed with these arguments. */
  reseed(seed: number, stream = 0): void {
    const lo = seed >>> 0;
    const hi = Math.floor(seed / 4294967296) >>> 0;
    let x = (lo ^ Math.imul(hi, 0x9e3779b9) ^ Math.imul(stream + 1, 0x85ebca6b)) >>> 0;
    for (let k = 0; k < 4; k++) {
      // splitmix32
      x = (x + 0x9e3779b9) >>> 0;
      let z = x;
      z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
      z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
      this.s[k] = z ^ (z >>> 16);
    }
    if ((this.s[0]! | this.s[1]! | this.s[2]! | this.s[3]!) === 0) this.s[0] = 1;
    this.hasSpare = false;
    this.out[1] = 0;
  }

  /** The next 32 random bits as an unsigned integer. */
  nextUint32(): number {
    const s = this.s;
    let s0 = s[0]!;
    let s1 = s[1]!;
    let s2 = s[2]!;
    let s3 = s[3]!;
    const m = Math.imul(s1, 5);
    const result = Math.imul((m << 7) | (m >>> 25), 9) >>> 0;
    const t = s1 << 9;
    s2 ^= s0;
    s3 ^= s1;
    s1 ^= s2;
    s0 ^= s3;
    s2 ^= t;
    s3 = (s3 << 11) | (s3 >>> 21);
    s[0] = s0;
    s[1] = s1;
    s[2] = s2;
    s[3] = s3;
    return result;
  }

  /** Uniform in [0, 1), 53 bits of resolution. */
  uniform(): number {
    this.advance();
    return this.out[0]!;
  }

  /** Standard normal (mean 0, standard deviation 1), Marsaglia's polar method with the spare kept. */
  gaussian(): number {
    const out = this.out;
    if (this.hasSpare) {
      this.hasSpare = false;
      return out[1]!;
    }
    let u: number;
    let v: number;
    let r: number;
    do {
      this.advance();
      u = 2 * out[0]! - 1;
      this.advance();
      v = 2 * out[0]! - 1;
      r = u * u + v * v;
    } while (r >= 1 || r === 0);
    const f = Math.sqrt((-2 * Math.log(r)) / r);
    out[1] = v * f;
    this.hasSpare = true;
    return u * f;
  }

  /**
   * Two xoshiro128** steps (27 + 26 bits) → one uniform double in `out[0]`. Written out in full, with
   * nothing returned, so that no intermediate number is boxed on the heap.
   */
  private advance(): void {
    const s = this.s;
    let s0 = s[0]!;
    let s1 = s[1]!;
    let s2 = s[2]!;
    let s3 = s[3]!;
    let m = Math.imul(s1, 5);
    const hi = Math.imul((m << 7) | (m >>> 25), 9) >>> 5;
    let t = s1 << 9;
    s2 ^= s0;
    s3 ^= s1;
    s1 ^= s2;
    s0 ^= s3;
    s2 ^= t;
    s3 = (s3 << 11) | (s3 >>> 21);
    m = Math.imul(s1, 5);
    const lo = Math.imul((m << 7) | (m >>> 25), 9) >>> 6;
    t = s1 << 9;
    s2 ^= s0;
    s3 ^= s1;
    s1 ^= s2;
    s0 ^= s3;
    s2 ^= t;
    s3 = (s3 << 11) | (s3 >>> 21);
    s[0] = s0;
    s[1] = s1;
    s[2] = s2;
    s[3] = s3;
    this.out[0] = (hi * 67108864 + lo) / 9007199254740992;
  }
}

/** Independent streams drawn from one run seed; fixed numbers so adding a stream never shifts another. */
export const RNG_STREAM = { sensors: 1, humans: 2, faults: 3 } as const;
