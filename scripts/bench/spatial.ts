// Uniform grid vs brute force: build time and per-query time for radius and k-nearest queries,
// at 2,500 and 100,000 agents, with the speed-up as a ratio measured in the same run.
// Usage: npx tsx scripts/bench/spatial.ts

import { bruteNearest, bruteRadius, SpatialGrid } from '../../src/engine/spatial';
import { Rng } from '../../src/engine/rng';

function world(n: number) {
  const side = Math.sqrt(n / 2500) * 500; // constant density: 2,500 agents per 500 x 500
  const rng = Rng.fromSeed(1);
  const x = new Float32Array(n);
  const y = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    x[i] = rng.range(0, side);
    y[i] = rng.range(0, side);
  }
  return { ids: Int32Array.from({ length: n }, (_, i) => i), x, y, side };
}

function time(fn: () => void, reps: number): number {
  fn();
  const t0 = performance.now();
  for (let i = 0; i < reps; i++) fn();
  return (performance.now() - t0) / reps;
}

for (const n of [2500, 100_000]) {
  const { ids, x, y, side } = world(n);
  const radius = 10;
  const grid = new SpatialGrid(side, side, radius);
  const buildMs = time(() => grid.rebuild(ids, x, y), 20);
  const queries = 2000;
  let sink = 0;
  const gridRadiusMs = time(() => {
    for (let q = 0; q < queries; q++) sink += grid.queryRadius(x[q], y[q], radius).length;
  }, 5) / queries;
  const bruteQueries = n > 10_000 ? 50 : 500;
  const bruteRadiusMs = time(() => {
    for (let q = 0; q < bruteQueries; q++) sink += bruteRadius(ids, x, y, x[q], y[q], radius).length;
  }, 2) / bruteQueries;
  const gridKnnMs = time(() => {
    for (let q = 0; q < queries; q++) sink += grid.nearest(x[q], y[q], 3, q).length;
  }, 5) / queries;
  const bruteKnnMs = time(() => {
    for (let q = 0; q < bruteQueries; q++) sink += bruteNearest(ids, x, y, x[q], y[q], 3, q).length;
  }, 1) / bruteQueries;
  console.log(`${n} agents (radius ${radius}):`);
  console.log(`  grid rebuild            ${buildMs.toFixed(3)} ms`);
  console.log(`  radius query   grid ${(gridRadiusMs * 1000).toFixed(2)} µs  brute ${(bruteRadiusMs * 1000).toFixed(1)} µs  speed-up x${(bruteRadiusMs / gridRadiusMs).toFixed(0)}`);
  console.log(`  3-nearest      grid ${(gridKnnMs * 1000).toFixed(2)} µs  brute ${(bruteKnnMs * 1000).toFixed(1)} µs  speed-up x${(bruteKnnMs / gridKnnMs).toFixed(0)}`);
  console.log(`  all agents' radius queries per tick: grid ${(buildMs + gridRadiusMs * n).toFixed(1)} ms vs brute ${(bruteRadiusMs * n).toFixed(0)} ms`);
  if (sink < 0) console.log(sink);
}
