// Drives a world in real time: run, pause, single-step and speed. The host supplies the wall
// clock and the timer, so this never influences simulation state, only how often step() is called.

export interface Steppable {
  step(): void;
}

export interface LoopHost {
  now(): number;
  schedule(callback: () => void, delayMs: number): unknown;
  cancel(handle: unknown): void;
}

export const MIN_SPEED = 0.5;
export const MAX_SPEED = 64;

export class RealtimeLoop {
  private handle: unknown = null;
  private running = false;
  private speedFactor = 1;
  private last = 0;
  private debt = 0;
  /** Called after each batch of ticks (e.g. to post a frame to the UI). */
  onTicks: ((ticks: number) => void) | null = null;

  constructor(
    private readonly world: Steppable,
    private readonly host: LoopHost,
    /** Ticks per second at speed 1. */
    readonly baseRate = 8,
    /** Never run more than this many ticks per callback, so a slow machine degrades instead of freezing. */
    readonly maxTicksPerFrame = 256,
  ) {}

  get isRunning(): boolean {
    return this.running;
  }

  get speed(): number {
    return this.speedFactor;
  }

  setSpeed(speed: number): void {
    if (!(speed >= MIN_SPEED && speed <= MAX_SPEED)) throw new Error(`speed must be between ${MIN_SPEED} and ${MAX_SPEED}, got ${speed}`);
    this.speedFactor = speed;
  }

  play(): void {
    if (this.running) return;
    this.running = true;
    this.last = this.host.now();
    this.debt = 0;
    this.handle = this.host.schedule(() => this.frame(), 0);
  }

  pause(): void {
    this.running = false;
    if (this.handle !== null) this.host.cancel(this.handle);
    this.handle = null;
  }

  /** One tick, only while paused. */
  stepOnce(): void {
    if (this.running) return;
    this.world.step();
    this.onTicks?.(1);
  }

  private frame(): void {
    if (!this.running) return;
    const now = this.host.now();
    this.debt += ((now - this.last) / 1000) * this.baseRate * this.speedFactor;
    this.last = now;
    const ticks = Math.min(Math.floor(this.debt), this.maxTicksPerFrame);
    this.debt = Math.min(this.debt - ticks, this.maxTicksPerFrame);
    for (let i = 0; i < ticks; i++) this.world.step();
    if (ticks > 0) this.onTicks?.(ticks);
    this.handle = this.host.schedule(() => this.frame(), 1000 / 60);
  }
}
