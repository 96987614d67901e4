// Smooth movement between ticks: the worker sends positions once per batch of ticks; the renderer
// draws every display frame, moving each agent from where it was shown to its new position over
// about one frame interval. Indexed by entity id so the alive list may reorder between frames.

export class AgentMotion {
  private prevX = new Float32Array(0);
  private prevY = new Float32Array(0);
  private curX = new Float32Array(0);
  private curY = new Float32Array(0);
  /** Serial of the last frame each entity appeared in. */
  private seen = new Uint32Array(0);
  private serial = 0;
  private t0 = 0;
  private duration = 1;
  private lastUpdate = -Infinity;
  ids: Uint32Array = new Uint32Array(0);
  count = 0;
  /** Positions as last sampled, in frame order (x0, y0, x1, y1...). */
  readonly shown: { pos: Float32Array } = { pos: new Float32Array(0) };

  /** Take a new frame's positions at time `now` (ms). `snap` teleports everyone (new or loaded world). */
  update(ids: Uint32Array, pos: Float32Array, spawned: ArrayLike<number>, now: number, snap = false): void {
    const a = this.alpha(now);
    for (let i = 0; i < this.count; i++) {
      const e = this.ids[i];
      this.prevX[e] += (this.curX[e] - this.prevX[e]) * a;
      this.prevY[e] += (this.curY[e] - this.prevY[e]) * a;
    }
    let maxId = 0;
    for (let i = 0; i < ids.length; i++) if (ids[i] > maxId) maxId = ids[i];
    this.ensure(maxId + 1);
    const previous = this.serial;
    this.serial++;
    for (let i = 0; i < ids.length; i++) {
      const e = ids[i];
      this.curX[e] = pos[2 * i];
      this.curY[e] = pos[2 * i + 1];
      if (snap || this.seen[e] !== previous) {
        this.prevX[e] = this.curX[e];
        this.prevY[e] = this.curY[e];
      }
      this.seen[e] = this.serial;
    }
    for (let i = 0; i < spawned.length; i++) {
      const e = spawned[i];
      if (e < this.curX.length) {
        this.prevX[e] = this.curX[e];
        this.prevY[e] = this.curY[e];
      }
    }
    this.ids = ids;
    this.count = ids.length;
    // Spread the move over the time between frames, so motion is continuous at any speed.
    this.duration = Math.min(400, Math.max(16, now - this.lastUpdate));
    this.lastUpdate = now;
    this.t0 = now;
    if (this.shown.pos.length < ids.length * 2) this.shown.pos = new Float32Array(ids.length * 2);
  }

  alpha(now: number): number {
    return Math.min(1, Math.max(0, (now - this.t0) / this.duration));
  }

  /** Interpolated positions at `now`, in frame order, into shown.pos. */
  sample(now: number): Float32Array {
    const a = this.alpha(now);
    const out = this.shown.pos;
    for (let i = 0; i < this.count; i++) {
      const e = this.ids[i];
      out[2 * i] = this.prevX[e] + (this.curX[e] - this.prevX[e]) * a;
      out[2 * i + 1] = this.prevY[e] + (this.curY[e] - this.prevY[e]) * a;
    }
    return out;
  }

  /** Where an entity is shown now, or null if it is not in the current frame. */
  positionOf(eid: number, now: number): [number, number] | null {
    if (eid >= this.seen.length || this.seen[eid] !== this.serial) return null;
    const a = this.alpha(now);
    return [this.prevX[eid] + (this.curX[eid] - this.prevX[eid]) * a, this.prevY[eid] + (this.curY[eid] - this.prevY[eid]) * a];
  }

  private ensure(n: number): void {
    if (n <= this.curX.length) return;
    const size = Math.max(n, this.curX.length * 2, 1024);
    const grow = <T extends Float32Array | Uint32Array>(a: T, ctor: new (n: number) => T): T => {
      const b = new ctor(size);
      b.set(a);
      return b;
    };
    this.prevX = grow(this.prevX, Float32Array);
    this.prevY = grow(this.prevY, Float32Array);
    this.curX = grow(this.curX, Float32Array);
    this.curY = grow(this.curY, Float32Array);
    this.seen = grow(this.seen, Uint32Array);
  }
}
