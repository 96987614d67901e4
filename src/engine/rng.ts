// Seeded random streams. sfc32: four 32-bit words of state, fast, and trivially serializable.
// Each named stream is seeded from (world seed, stream name), so adding a stream never shifts another.

export type RngState = [number, number, number, number];

export class Rng {
  private a: number;
  private b: number;
  private c: number;
  private d: number;

  constructor(state: RngState) {
    [this.a, this.b, this.c, this.d] = state;
  }

  static fromSeed(seed: number, name = ''): Rng {
    let h = splitmix32((seed >>> 0) ^ 0x9e3779b9);
    for (let i = 0; i < name.length; i++) h = splitmix32(h ^ Math.imul(name.charCodeAt(i), 0x85ebca6b));
    const s1 = splitmix32(h);
    const s2 = splitmix32(s1);
    const s3 = splitmix32(s2);
    const s4 = splitmix32(s3);
    const rng = new Rng([s1, s2, s3, s4 | 1]);
    for (let i = 0; i < 12; i++) rng.u32(); // warm-up: decorrelate streams with nearby seeds
    return rng;
  }

  /** Next uniform 32-bit unsigned integer. */
  u32(): number {
    const t = (((this.a + this.b) | 0) + this.d) | 0;
    this.d = (this.d + 1) | 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) | 0;
    this.c = (this.c << 21) | (this.c >>> 11);
    this.c = (this.c + t) | 0;
    return t >>> 0;
  }

  /** Uniform in [0, 1). */
  float(): number {
    return this.u32() / 4294967296;
  }

  /** Uniform in [lo, hi). */
  range(lo: number, hi: number): number {
    return lo + (hi - lo) * this.float();
  }

  /** Uniform integer in [0, n). */
  int(n: number): number {
    return Math.floor(this.float() * n);
  }

  /** Uniform integer in [lo, hi] inclusive. */
  intBetween(lo: number, hi: number): number {
    return lo + this.int(hi - lo + 1);
  }

  chance(p: number): boolean {
    return this.float() < p;
  }

  /** Standard normal by Box-Muller (one value per call, no cached spare, so the state stays four words). */
  normal(mean = 0, sd = 1): number {
    const u = 1 - this.float();
    const v = this.float();
    return mean + sd * Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  }

  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new Error('Rng.pick: empty list');
    return items[this.int(items.length)];
  }

  state(): RngState {
    return [this.a >>> 0, this.b >>> 0, this.c >>> 0, this.d >>> 0];
  }

  setState(state: RngState): void {
    [this.a, this.b, this.c, this.d] = state.map((v) => v | 0) as RngState;
  }
}

export function splitmix32(x: number): number {
  x = (x + 0x9e3779b9) | 0;
  x = Math.imul(x ^ (x >>> 16), 0x85ebca6b);
  x = Math.imul(x ^ (x >>> 13), 0xc2b2ae35);
  return (x ^ (x >>> 16)) >>> 0;
}

/** Named, independent streams derived from one world seed. */
export class RngStreams {
  private readonly streams = new Map<string, Rng>();

  constructor(readonly seed: number) {}

  get(name: string): Rng {
    let rng = this.streams.get(name);
    if (!rng) {
      rng = Rng.fromSeed(this.seed, name);
      this.streams.set(name, rng);
    }
    return rng;
  }

  /** Every stream's state, sorted by name so the result is canonical. */
  save(): Record<string, RngState> {
    const out: Record<string, RngState> = {};
    for (const name of [...this.streams.keys()].sort()) out[name] = this.streams.get(name)!.state();
    return out;
  }

  load(states: Record<string, RngState>): void {
    // Update streams in place, so a system that holds an Rng from before the load draws from the loaded state.
    for (const name of [...this.streams.keys()]) if (!(name in states)) this.streams.delete(name);
    for (const [name, state] of Object.entries(states)) {
      const rng = this.streams.get(name);
      if (rng) rng.setState(state);
      else this.streams.set(name, new Rng(state));
    }
  }
}
