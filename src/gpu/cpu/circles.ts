// CPU twin of shaders/circles.wgsl: the neighbour-interaction benchmark in the style of FLAME GPU 2's
// "circles": every agent reads every neighbour within the radius (from the bins) and moves: pushed
// away from those closer than half the radius, pulled toward the others, clamped to the world.

import { forEachNeighbour, type Bins } from './grid';

const f = Math.fround;

export interface CirclesParams {
  radius: number;
  attraction: number;
  repulsion: number;
  width: number;
  height: number;
}

/** New positions per bin slot (outX/outY indexed by slot); returns the number of neighbour reads. */
export function circlesF32(bins: Bins, p: CirclesParams, outX: Float32Array, outY: Float32Array): number {
  const r = f(p.radius);
  const half = f(r * 0.5);
  let reads = 0;
  for (let s = 0; s < bins.id.length; s++) {
    const x = bins.x[s];
    const y = bins.y[s];
    let fx = 0;
    let fy = 0;
    forEachNeighbour(bins, x, y, r, (o, d2) => {
      reads++;
      if (d2 === 0) return;
      const d = f(Math.sqrt(d2));
      const k = d < half ? -f(p.repulsion) : f(p.attraction);
      fx = f(fx + f(k * f(f(bins.x[o] - x) / d)));
      fy = f(fy + f(k * f(f(bins.y[o] - y) / d)));
    });
    outX[s] = Math.min(f(p.width), Math.max(0, f(x + fx)));
    outY[s] = Math.min(f(p.height), Math.max(0, f(y + fy)));
  }
  return reads;
}
