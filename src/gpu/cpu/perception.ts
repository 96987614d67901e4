// CPU twin of shaders/perception.wgsl: each agent's k nearest other agents within a radius,
// nearest first, distance ties broken by the lower id; -1 fills the list when fewer are in reach.
// Same ring-by-ring search as SpatialGrid.nearest, in f32 like the GPU.

import { colOf, rowOf, type Bins } from './grid';

const f = Math.fround;
export const MAX_K = 16;
/** The largest f32: "no radius limit" on the GPU. */
export const F32_MAX = 3.4028234663852886e38;

/** Fills out[e * k + j] for every binned agent e. */
export function nearestF32(bins: Bins, k: number, maxRadius: number, out: Int32Array): void {
  if (!(k >= 1 && k <= MAX_K)) throw new Error(`perception: k must be between 1 and ${MAX_K}, got ${k}`);
  const g = bins.shape;
  const maxR2 = Number.isFinite(maxRadius) ? f(maxRadius * maxRadius) : F32_MAX;
  const maxRing = Math.max(g.cols, g.rows);
  const ids = new Int32Array(k);
  const ds = new Float32Array(k);
  for (let s = 0; s < bins.id.length; s++) {
    const self = bins.id[s];
    const x = bins.x[s];
    const y = bins.y[s];
    const cx = colOf(g, x);
    const cy = rowOf(g, y);
    let found = 0;
    for (let ring = 0; ring <= maxRing; ring++) {
      const minDist = f((ring - 1) * g.cellSize);
      const min2 = f(minDist * minDist);
      if (found === k && minDist > 0 && min2 > ds[k - 1]) break;
      if (minDist > 0 && min2 > maxR2) break;
      for (let row = cy - ring; row <= cy + ring; row++) {
        if (row < 0 || row >= g.rows) continue;
        const edgeRow = row === cy - ring || row === cy + ring;
        const step = edgeRow || ring === 0 ? 1 : 2 * ring;
        for (let col = cx - ring; col <= cx + ring; col += step) {
          if (col < 0 || col >= g.cols) continue;
          const cell = row * g.cols + col;
          for (let o = bins.cellStart[cell], end = bins.cellStart[cell + 1]; o < end; o++) {
            const id = bins.id[o];
            if (id === self) continue;
            const dx = f(bins.x[o] - x);
            const dy = f(bins.y[o] - y);
            const d2 = f(f(dx * dx) + f(dy * dy));
            if (d2 > maxR2) continue;
            if (found === k && !(d2 < ds[k - 1] || (d2 === ds[k - 1] && id < ids[k - 1]))) continue;
            let at = found === k ? k - 1 : found++;
            while (at > 0 && (d2 < ds[at - 1] || (d2 === ds[at - 1] && id < ids[at - 1]))) {
              ids[at] = ids[at - 1];
              ds[at] = ds[at - 1];
              at--;
            }
            ids[at] = id;
            ds[at] = d2;
          }
        }
      }
    }
    for (let j = 0; j < k; j++) out[self * k + j] = j < found ? ids[j] : -1;
  }
}
