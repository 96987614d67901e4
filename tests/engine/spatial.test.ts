import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { bruteNearest, bruteRadius, SpatialGrid } from '../../src/engine/spatial';

function randomWorld(n: number, w: number, h: number, seed: number) {
  let s = seed >>> 0 || 1;
  const next = () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 4294967296);
  const x = new Float32Array(n);
  const y = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    x[i] = next() * w;
    y[i] = next() * h;
  }
  return { ids: Int32Array.from({ length: n }, (_, i) => i), x, y };
}

describe('SpatialGrid', () => {
  it('radius queries agree with brute force on random worlds', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 400 }),
        fc.integer({ min: 1, max: 1 << 30 }),
        fc.double({ min: 0.5, max: 30, noNaN: true }),
        fc.double({ min: 0, max: 100, noNaN: true }),
        fc.double({ min: 0, max: 60, noNaN: true }),
        fc.double({ min: 0.1, max: 25, noNaN: true }),
        (n, seed, cell, qx, qy, r) => {
          const { ids, x, y } = randomWorld(n, 100, 60, seed);
          const grid = new SpatialGrid(100, 60, cell);
          grid.rebuild(ids, x, y);
          const got = grid.queryRadius(qx, qy, r).sort((a, b) => a - b);
          const want = bruteRadius(ids, x, y, qx, qy, r).sort((a, b) => a - b);
          expect(got).toEqual(want);
        },
      ),
      { numRuns: 150 },
    );
  });

  it('k-nearest agrees with brute force (order and ties included)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 300 }),
        fc.integer({ min: 1, max: 1 << 30 }),
        fc.double({ min: 1, max: 40, noNaN: true }),
        fc.integer({ min: 1, max: 12 }),
        (n, seed, cell, k) => {
          const { ids, x, y } = randomWorld(n, 100, 100, seed);
          const grid = new SpatialGrid(100, 100, cell);
          grid.rebuild(ids, x, y);
          for (let q = 0; q < 5; q++) {
            const self = (seed + q) % n;
            expect(grid.nearest(x[self], y[self], k, self)).toEqual(bruteNearest(ids, x, y, x[self], y[self], k, self));
          }
        },
      ),
      { numRuns: 100 },
    );
  });

  it('k-nearest within a radius agrees with brute force in crowds (many agents on a few spots, queries anywhere)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 300 }),
        fc.integer({ min: 1, max: 1 << 30 }),
        fc.double({ min: 1, max: 40, noNaN: true }),
        fc.integer({ min: 1, max: 12 }),
        fc.double({ min: 0.5, max: 60, noNaN: true }),
        (n, seed, cell, k, radius) => {
          const { ids, x, y } = randomWorld(n, 100, 100, seed);
          // Crowd most entities onto 4 spots (two of them on cell edges), like a market square.
          for (let i = 0; i < n; i++) {
            if (i % 5 === 0) continue;
            x[i] = [20, cell * 2, 70.5, 99.9][i % 4];
            y[i] = [30, cell, 70.5, 0][i % 4];
          }
          const grid = new SpatialGrid(100, 100, cell);
          grid.rebuild(ids, x, y);
          for (let q = 0; q < 6; q++) {
            const self = (seed + q) % n;
            const qx = q < 3 ? x[self] : (seed % 130) - 15;
            const qy = q < 3 ? y[self] : ((seed >> 8) % 130) - 15;
            const want = bruteWithin(ids, x, y, qx, qy, k, self, radius);
            expect(grid.nearest(qx, qy, k, self, radius)).toEqual(want);
          }
        },
      ),
      { numRuns: 150 },
    );
  });

  it('handles duplicates at one point and respects maxRadius', () => {
    const ids = Int32Array.from([0, 1, 2, 3]);
    const x = Float32Array.from([5, 5, 5, 50]);
    const y = Float32Array.from([5, 5, 5, 50]);
    const grid = new SpatialGrid(100, 100, 10);
    grid.rebuild(ids, x, y);
    expect(grid.nearest(5, 5, 10)).toEqual([0, 1, 2, 3]);
    expect(grid.nearest(5, 5, 10, 1, 20)).toEqual([0, 2]);
    expect(grid.count).toBe(4);
    expect(() => new SpatialGrid(0, 10, 1)).toThrow();
  });

  it('indexes only the given entities and survives a rebuild with fewer', () => {
    const { ids, x, y } = randomWorld(100, 50, 50, 3);
    const grid = new SpatialGrid(50, 50, 5);
    grid.rebuild(ids, x, y);
    grid.rebuild(ids.subarray(0, 10), x, y);
    expect(grid.queryRadius(25, 25, 100).sort((a, b) => a - b)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
  });

  it('a staged index answers for the positions and entities as they were when staged, however they move after', () => {
    const { ids, x, y } = randomWorld(300, 50, 50, 5);
    const grid = new SpatialGrid(50, 50, 2.5);
    for (let round = 0; round < 6; round++) {
      const n = 200 + round * 20;
      const live = ids.slice(0, n);
      const [sx, sy] = [x.slice(), y.slice()];
      grid.stage(live, x, y);
      // Moved after staging (the act phase's walkers), and a round with no query at all.
      for (let i = 0; i < x.length; i++) [x[i], y[i]] = [(x[i] * 7 + 13) % 50, (y[i] * 3 + 29) % 50];
      if (round === 2) continue;
      for (let q = 0; q < 20; q++) {
        const [qx, qy] = [(q * 7.3) % 50, (q * 11.9) % 50];
        expect(grid.nearest(qx, qy, 5, q)).toEqual(bruteNearest(live, sx, sy, qx, qy, 5, q));
        expect(grid.queryRadius(qx, qy, 6).sort((a, b) => a - b)).toEqual(bruteRadius(live, sx, sy, qx, qy, 6).sort((a, b) => a - b));
      }
      expect(grid.count).toBe(n);
    }
  });

  it('repeated queries at one point (any k, any exclusion, across rebuilds) agree with brute force', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 200 }),
        fc.integer({ min: 1, max: 1 << 30 }),
        fc.array(fc.tuple(fc.integer({ min: 0, max: 3 }), fc.integer({ min: 1, max: 40 }), fc.integer({ min: -1, max: 199 }), fc.boolean()), { minLength: 1, maxLength: 40 }),
        (n, seed, queries) => {
          const { ids, x, y } = randomWorld(n, 60, 60, seed);
          // A crowd on two spots, as at a workplace: the memo's case.
          for (let i = 0; i < n; i += 2) {
            x[i] = i % 4 === 0 ? 20 : 40.5;
            y[i] = i % 4 === 0 ? 20 : 10;
          }
          const grid = new SpatialGrid(60, 60, 5);
          grid.rebuild(ids, x, y);
          const spots = [[20, 20], [40.5, 10], [x[n - 1], y[n - 1]], [33, 33]];
          const radius = 12;
          for (const [spot, k, pick, move] of queries) {
            // Mostly a crowd member with a low id: one of the nearest, so the exclusion matters.
            const exclude = pick < 0 ? -1 : pick < 100 ? (pick % 8) * 2 : pick;
            if (move) {
              // Everyone shifts a little and the grid is rebuilt: no answer may outlive it.
              for (let i = 1; i < n; i += 3) x[i] = (x[i] + 7) % 60;
              grid.rebuild(ids, x, y);
            }
            const [qx, qy] = spots[spot];
            const want = bruteWithin(ids, x, y, qx, qy, k, exclude, radius);
            expect(grid.nearest(qx, qy, k, exclude, radius)).toEqual(want);
          }
        },
      ),
      { numRuns: 150 },
    );
  });

  it('k-nearest agrees with brute force for a shuffled subset of ids in crowds, staged and asked again (memo, wide k)', () => {
    // The town's case: a live list in no id order (births and deaths reorder it), half of it on a few
    // exact points (one on a cell corner), so a cell meets equal distances with ids falling as often as
    // rising; k past the memo's first width; answers asked twice and across re-staging.
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 250 }),
        fc.integer({ min: 1, max: 1 << 30 }),
        fc.array(fc.tuple(fc.integer({ min: 0, max: 5 }), fc.integer({ min: 1, max: 20 }), fc.integer({ min: -1, max: 300 }), fc.constantFrom(2.5, 7, 10, Infinity)), { minLength: 1, maxLength: 30 }),
        (n, seed, queries) => {
          const { x, y } = randomWorld(300, 80, 80, seed);
          let s = seed;
          const next = () => (s = (Math.imul(s, 1103515245) + 12345) >>> 0) / 4294967296;
          // A subset of 0..299 in shuffled order.
          const pool = Array.from({ length: 300 }, (_, i) => i);
          for (let i = pool.length - 1; i > 0; i--) {
            const j = Math.floor(next() * (i + 1));
            [pool[i], pool[j]] = [pool[j], pool[i]];
          }
          const live = Int32Array.from(pool.slice(0, n));
          const spots = [[20, 20], [40, 40], [41.25, 12.5], [60.5, 70.25]];
          for (let i = 0; i < 300; i++) if (i % 2 === 0) [x[i], y[i]] = spots[(i >> 1) % spots.length];
          const grid = new SpatialGrid(80, 80, 2.5);
          for (let round = 0; round < 2; round++) {
            grid.stage(live, x, y);
            for (const [at, k, pick, radius] of queries) {
              const [qx, qy] = at < spots.length ? spots[at] : at === 4 ? [x[live[0]], y[live[0]]] : [(seed % 97) - 8, (seed % 89) - 4];
              const exclude = pick < 0 ? -1 : pick < 100 ? live[pick % n] : pick;
              const want = bruteWithin(live, x, y, qx, qy, k, exclude, radius);
              expect(grid.nearest(qx, qy, k, exclude, radius)).toEqual(want);
              expect(grid.nearest(qx, qy, k, exclude, radius)).toEqual(want);
            }
          }
        },
      ),
      { numRuns: 150 },
    );
  });

  it('k-nearest keeps ties at the k-th place and points exactly on the radius (lowest ids first, whatever the scan order)', () => {
    // Twelve points exactly 5 from a cell corner (integer offsets: the squared distances are exact),
    // spread over four cells, with shuffled ids so the scan meets higher ids before lower ones.
    const ring = [[3, 4], [4, 3], [5, 0], [0, 5], [-3, 4], [-4, 3], [-5, 0], [0, -5], [3, -4], [4, -3], [-3, -4], [-4, -3]];
    fc.assert(
      fc.property(
        fc.shuffledSubarray([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11], { minLength: 12, maxLength: 12 }),
        fc.integer({ min: 1, max: 14 }),
        fc.constantFrom(5, 4.999, Infinity),
        fc.integer({ min: -1, max: 13 }),
        (order, k, radius, exclude) => {
          const n = 14;
          const ids = Int32Array.from({ length: n }, (_, i) => i);
          const x = new Float32Array(n);
          const y = new Float32Array(n);
          order.forEach((id, i) => {
            x[id] = 50 + ring[i][0];
            y[id] = 50 + ring[i][1];
          });
          // One nearer, one farther.
          [x[12], y[12], x[13], y[13]] = [51, 51, 57, 50];
          const grid = new SpatialGrid(100, 100, 10);
          grid.rebuild(ids, x, y);
          const want = bruteWithin(ids, x, y, 50, 50, k, exclude, radius);
          expect(grid.nearest(50, 50, k, exclude, radius)).toEqual(want);
        },
      ),
      { numRuns: 200 },
    );
  });
});

/** The k nearest within `radius` of (qx, qy), by brute force (bruteNearest over every entity, cut to the radius). */
function bruteWithin(ids: ArrayLike<number>, x: ArrayLike<number>, y: ArrayLike<number>, qx: number, qy: number, k: number, exclude: number, radius: number): number[] {
  return bruteNearest(ids, x, y, qx, qy, ids.length, exclude)
    .filter((e) => (x[e] - qx) ** 2 + (y[e] - qy) ** 2 <= radius * radius)
    .slice(0, k);
}
