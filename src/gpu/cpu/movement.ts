// CPU twin of shaders/movement.wgsl: the society's movement step (stepToward in
// src/society/core/movement-system.ts: toward the target at the agent's speed, clamped to the world,
// energy cost per moving tick, arrival ends a move action) in f32, plus separation: a moving agent
// that has not arrived is pushed away from every neighbour within the separation radius by
// strength * (1 - d/r) along the line between them, using positions from the start of the step.

import { forEachNeighbour, type Bins } from './grid';

const f = Math.fround;

export interface MovementParams {
  width: number;
  height: number;
  energyCost: number;
  separationRadius: number;
  /** World units per tick at distance 0; 0 turns separation off. */
  separationStrength: number;
  /** ActionKind written when a move action (remaining 0xffff) ends. */
  idleKind: number;
}

export interface MovementArrays {
  x: Float32Array;
  y: Float32Array;
  tx: Float32Array;
  ty: Float32Array;
  speed: Float32Array;
  moving: Uint8Array;
  energy: Float32Array;
  kind: Uint8Array;
  remaining: Uint16Array;
}

/** Separation push of the agent binned at slot s (zero when alone). */
export function separationPush(bins: Bins, s: number, radius: number): [number, number] {
  const self = bins.id[s];
  const x = bins.x[s];
  const y = bins.y[s];
  let px = 0;
  let py = 0;
  const r = f(radius);
  forEachNeighbour(bins, x, y, r, (o, d2) => {
    if (bins.id[o] === self || d2 === 0) return;
    const d = f(Math.sqrt(d2));
    const w = f(1 - f(d / r));
    px = f(px - f(f(f(bins.x[o] - x) / d) * w));
    py = f(py - f(f(f(bins.y[o] - y) / d) * w));
  });
  return [px, py];
}

/** One movement step for the alive agents. `bins` (positions at the start) is needed when separation is on. */
export function movementF32(alive: ArrayLike<number>, a: MovementArrays, p: MovementParams, bins: Bins | null): void {
  // Pushes by entity id, computed from the start positions before anyone moves.
  let pushX: Float32Array | null = null;
  let pushY: Float32Array | null = null;
  if (p.separationStrength > 0) {
    if (!bins) throw new Error('movement: separation needs bins');
    pushX = new Float32Array(a.x.length);
    pushY = new Float32Array(a.x.length);
    for (let s = 0; s < bins.id.length; s++) {
      const e = bins.id[s];
      if (!a.moving[e]) continue;
      const [sx, sy] = separationPush(bins, s, p.separationRadius);
      pushX[e] = sx;
      pushY[e] = sy;
    }
  }
  const width = f(p.width);
  const height = f(p.height);
  const cost = f(p.energyCost);
  const strength = f(p.separationStrength);
  for (let i = 0; i < alive.length; i++) {
    const e = alive[i];
    if (!a.moving[e]) continue;
    const px = a.x[e];
    const py = a.y[e];
    const tx = a.tx[e];
    const ty = a.ty[e];
    const speed = a.speed[e];
    const dx = f(tx - px);
    const dy = f(ty - py);
    const d = f(Math.sqrt(f(f(dx * dx) + f(dy * dy))));
    let nx: number;
    let ny: number;
    const arrived = d <= speed;
    if (arrived) {
      nx = tx;
      ny = ty;
    } else {
      nx = f(px + f(f(dx / d) * speed));
      ny = f(py + f(f(dy / d) * speed));
      if (pushX && pushY) {
        nx = f(nx + f(pushX[e] * strength));
        ny = f(ny + f(pushY[e] * strength));
      }
    }
    a.x[e] = Math.min(width, Math.max(0, nx));
    a.y[e] = Math.min(height, Math.max(0, ny));
    a.energy[e] = Math.max(0, f(a.energy[e] - cost));
    if (arrived) {
      a.moving[e] = 0;
      if (a.remaining[e] === 0xffff) {
        a.remaining[e] = 0;
        a.kind[e] = p.idleKind;
      }
    }
  }
}
