import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Action, Motion, Position } from '../../src/society/components';
import { Actions } from '../../src/society/actions';
import { createSociety } from '../../src/society/create';
import { parseScenario } from '../../src/society/scenario';
import { MapKey, mapFromRows, type TileMap } from '../../src/society/world/map';
import { decodeValue, encodeValue } from '../../src/persistence/section-codec';
import { RoutesKey, type SavedRoutes } from '../../src/society/world/navigation';
import { PathFinder } from '../../src/society/world/pathfinding';

/** The legal moves from tile t (8-way, no cutting past a blocked corner): visit(neighbour, step length). */
function forEachMove(map: TileMap, t: number, visit: (u: number, step: number) => void): void {
  const c = t % map.cols;
  const r = Math.floor(t / map.cols);
  for (let dr = -1; dr <= 1; dr++) {
    for (let dc = -1; dc <= 1; dc++) {
      const nc = c + dc;
      const nr = r + dr;
      if ((dc === 0 && dr === 0) || nc < 0 || nr < 0 || nc >= map.cols || nr >= map.rows) continue;
      const u = nr * map.cols + nc;
      if (!map.passable[u]) continue;
      if (dc !== 0 && dr !== 0 && (!map.passable[r * map.cols + nc] || !map.passable[nr * map.cols + c])) continue;
      visit(u, dc !== 0 && dr !== 0 ? Math.SQRT2 : 1);
    }
  }
}

/** Reference: breadth-first search over the same moves. */
function bfsReachable(map: TileMap, start: number, goal: number): boolean {
  if (!map.passable[start] || !map.passable[goal]) return false;
  const seen = new Uint8Array(map.size);
  const queue = [start];
  seen[start] = 1;
  for (let head = 0; head < queue.length; head++) {
    const t = queue[head];
    if (t === goal) return true;
    forEachMove(map, t, (u) => {
      if (seen[u]) return;
      seen[u] = 1;
      queue.push(u);
    });
  }
  return false;
}

/** Reference: the shortest octile length over the same moves (Dijkstra, O(n²): the maps are small). */
function shortestLength(map: TileMap, start: number, goal: number): number {
  const dist = new Float64Array(map.size).fill(Infinity);
  const done = new Uint8Array(map.size);
  dist[start] = 0;
  for (;;) {
    let t = -1;
    for (let i = 0; i < map.size; i++) if (!done[i] && dist[i] < Infinity && (t < 0 || dist[i] < dist[t])) t = i;
    if (t < 0 || t === goal) return dist[goal];
    done[t] = 1;
    forEachMove(map, t, (u, step) => (dist[u] = Math.min(dist[u], dist[t] + step)));
  }
}

function octileLength(map: TileMap, tiles: Int32Array): number {
  let length = 0;
  for (let i = 1; i < tiles.length; i++) length += tiles[i] % map.cols !== tiles[i - 1] % map.cols && Math.floor(tiles[i] / map.cols) !== Math.floor(tiles[i - 1] / map.cols) ? Math.SQRT2 : 1;
  return length;
}

/** Every point along every segment of a walk, sampled finely, is on land. */
function walkStaysDry(map: TileMap, fromX: number, fromY: number, points: readonly number[]): boolean {
  let x = fromX;
  let y = fromY;
  for (let i = 0; i < points.length; i += 2) {
    const tx = points[i];
    const ty = points[i + 1];
    const steps = Math.ceil(Math.hypot(tx - x, ty - y) * 50) + 1;
    for (let s = 0; s <= steps; s++) if (map.blocked(x + ((tx - x) * s) / steps, y + ((ty - y) * s) / steps)) return false;
    x = tx;
    y = ty;
  }
  return true;
}

const randomMap = fc
  .record({ cols: fc.integer({ min: 2, max: 24 }), rows: fc.integer({ min: 2, max: 24 }), water: fc.double({ min: 0, max: 0.45, noNaN: true }), seed: fc.integer() })
  .map(({ cols, rows, water, seed }) => {
    let s = seed >>> 0 || 1;
    const next = () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 4294967296);
    const lines = Array.from({ length: rows }, () => Array.from({ length: cols }, () => (next() < water ? 'w' : 'g')).join(''));
    return mapFromRows(lines, 1);
  });

/** Reference: the shortest octile length over the same moves, Dijkstra with a binary heap (for maps of thousands of tiles). */
function shortestLengthHeap(map: TileMap, start: number, goal: number): number {
  const dist = new Float64Array(map.size).fill(Infinity);
  const heap: [number, number][] = [];
  const push = (d: number, t: number) => {
    heap.push([d, t]);
    for (let i = heap.length - 1; i > 0 && heap[(i - 1) >> 1][0] > heap[i][0]; i = (i - 1) >> 1) [heap[i], heap[(i - 1) >> 1]] = [heap[(i - 1) >> 1], heap[i]];
  };
  const pop = () => {
    const top = heap[0];
    const last = heap.pop()!;
    if (heap.length > 0) {
      heap[0] = last;
      for (let i = 0; ; ) {
        let m = i;
        for (const k of [2 * i + 1, 2 * i + 2]) if (k < heap.length && heap[k][0] < heap[m][0]) m = k;
        if (m === i) break;
        [heap[i], heap[m]] = [heap[m], heap[i]];
        i = m;
      }
    }
    return top;
  };
  dist[start] = 0;
  push(0, start);
  while (heap.length > 0) {
    const [d, t] = pop();
    if (d > dist[t]) continue;
    if (t === goal) return d;
    forEachMove(map, t, (u, step) => {
      if (d + step < dist[u]) push((dist[u] = d + step), u);
    });
  }
  return Infinity;
}

/**
 * Maps up to 80 tiles a side (a jump's straight runs read 32 tiles at a time: runs must cross those
 * words), land with round ponds, a few walls with gaps, and scattered single water tiles: the shapes
 * a jump's forced neighbours come from.
 */
const pondMap = fc
  .record({ cols: fc.integer({ min: 1, max: 80 }), rows: fc.integer({ min: 1, max: 80 }), ponds: fc.integer({ min: 0, max: 30 }), walls: fc.integer({ min: 0, max: 4 }), speckle: fc.double({ min: 0, max: 0.25, noNaN: true }), seed: fc.integer() })
  .map(({ cols, rows, ponds, walls, speckle, seed }) => {
    let s = seed >>> 0 || 1;
    const next = () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 4294967296);
    const water = Array.from({ length: rows }, () => Array.from({ length: cols }, () => next() < speckle));
    for (let i = 0; i < ponds; i++) {
      const [pc, pr, radius] = [next() * cols, next() * rows, 0.5 + next() * 6];
      for (let r = 0; r < rows; r++) for (let c = 0; c < cols; c++) if (Math.hypot(c + 0.5 - pc, r + 0.5 - pr) < radius) water[r][c] = true;
    }
    for (let i = 0; i < walls; i++) {
      const vertical = next() < 0.5;
      const at = Math.floor(next() * (vertical ? cols : rows));
      const gap = Math.floor(next() * (vertical ? rows : cols));
      for (let k = 0; k < (vertical ? rows : cols); k++) if (Math.abs(k - gap) > 1) (vertical ? (water[k][at] = true) : (water[at][k] = true));
    }
    return mapFromRows(water.map((line) => line.map((w) => (w ? 'w' : 'g')).join('')), 1);
  });

describe('pathfinding', () => {
  it('finds a path exactly when BFS says the goal is reachable, within 0.1% of the shortest; every step is legal and every walk stays dry', () => {
    fc.assert(
      fc.property(randomMap, fc.nat(), fc.nat(), (map, a, b) => {
        const start = a % map.size;
        const goal = b % map.size;
        const pf = new PathFinder(map, 16);
        const tiles = pf.tilePath(start, goal);
        expect(tiles.length > 0).toBe(bfsReachable(map, start, goal));
        for (let i = 0; i < tiles.length; i++) {
          expect(map.passable[tiles[i]]).toBe(1);
          if (i === 0) continue;
          const [c0, r0, c1, r1] = [tiles[i - 1] % map.cols, Math.floor(tiles[i - 1] / map.cols), tiles[i] % map.cols, Math.floor(tiles[i] / map.cols)];
          expect(Math.max(Math.abs(c1 - c0), Math.abs(r1 - r0))).toBe(1);
          if (c0 !== c1 && r0 !== r1) expect(map.passable[r0 * map.cols + c1] && map.passable[r1 * map.cols + c0]).toBeTruthy();
        }
        if (tiles.length > 0) {
          expect(tiles[0]).toBe(start);
          expect(tiles[tiles.length - 1]).toBe(goal);
          // Ties broken toward the goal keep paths within 0.1% of the shortest.
          expect(octileLength(map, tiles)).toBeLessThanOrEqual(shortestLength(map, start, goal) * (1 + 1 / 1024) + 1e-6);
          const fx = map.centreX(start) + 0.3;
          const fy = map.centreY(start) - 0.2;
          const gx = map.centreX(goal) - 0.1;
          const gy = map.centreY(goal) + 0.4;
          const route = pf.route(fx, fy, gx, gy)!;
          expect(route).not.toBeNull();
          expect(route.slice(-2)).toEqual([gx, gy]);
          expect(walkStaysDry(map, fx, fy, route)).toBe(true);
        } else if (map.passable[goal]) {
          expect(pf.route(map.centreX(start), map.centreY(start), map.centreX(goal), map.centreY(goal))).toBeNull();
        }
      }),
      { numRuns: 300, seed: 42 },
    );
  });

  it('jump point search: as short as Dijkstra, a legal step at a time, empty exactly when unreachable, on maps with ponds and walls', () => {
    fc.assert(
      fc.property(pondMap, fc.array(fc.tuple(fc.nat(), fc.nat()), { minLength: 1, maxLength: 6 }), (map, ends) => {
        const pf = new PathFinder(map, 1);
        for (const [a, b] of ends) {
          // Mostly land ends: a search runs only between two tiles of one region.
          const start = map.nearestPassable(a % map.size);
          const goal = map.nearestPassable(b % map.size);
          if (start < 0 || goal < 0) return;
          const tiles = pf.tilePath(start, goal);
          const shortest = shortestLengthHeap(map, start, goal);
          expect(tiles.length === 0).toBe(shortest === Infinity);
          if (tiles.length === 0) continue;
          expect([tiles[0], tiles[tiles.length - 1]]).toEqual([start, goal]);
          for (let i = 1; i < tiles.length; i++) {
            let legal = false;
            forEachMove(map, tiles[i - 1], (u) => (legal ||= u === tiles[i]));
            expect(legal).toBe(true);
          }
          expect(octileLength(map, tiles)).toBeLessThanOrEqual(shortest * (1 + 1 / 1024) + 1e-6);
        }
      }),
      { numRuns: 400, seed: 7 },
    );
  });

  it('gives up once its work passes maxExpansions', () => {
    // A serpentine: the way from one corner to the other turns at every wall.
    const rows = Array.from({ length: 40 }, (_, r) => (r % 2 === 0 ? 'g'.repeat(40) : r % 4 === 1 ? 'w'.repeat(39) + 'g' : 'g' + 'w'.repeat(39)));
    const map = mapFromRows(rows, 1);
    const goal = 39 * 40;
    expect(new PathFinder(map, 1).tilePath(0, goal).length).toBeGreaterThan(400);
    expect(new PathFinder(map, 1, 50).tilePath(0, goal).length).toBe(0);
    expect(new PathFinder(map, 1, 50).tilePath(0, 5).length).toBe(6);
  });

  it('finds shortest paths (octile length) and caches them', () => {
    // A wall with one gap at the bottom: the way round is forced.
    const map = mapFromRows(['ggggwgggg', 'ggggwgggg', 'ggggwgggg', 'ggggwgggg', 'ggggggggg'], 1);
    const pf = new PathFinder(map);
    const start = 0;
    const goal = 8;
    const tiles = pf.tilePath(start, goal);
    let length = 0;
    for (let i = 1; i < tiles.length; i++) length += tiles[i] - tiles[i - 1] === 1 || tiles[i] - tiles[i - 1] === -1 || Math.abs(tiles[i] - tiles[i - 1]) === 9 ? 1 : Math.SQRT2;
    // 3 diagonals to (3,3), down and through the gap (no cutting the wall's corners), 3 diagonals up, 1 up.
    expect(length).toBeCloseTo(4 + 6 * Math.SQRT2, 5);
    expect(pf.searches).toBe(1);
    pf.tilePath(start, goal);
    expect(pf.searches).toBe(1);
    expect(pf.cacheHits).toBe(1);
    const around = pf.route(0.5, 0.5, 8.5, 0.5)!;
    expect(around.length).toBeGreaterThan(2); // turns at least once
    expect(pf.route(0.5, 0.5, 3.5, 3.5)).toEqual([3.5, 3.5]); // in sight: straight
    // The same leg again (a commute) comes from the route cache: the same waypoints, no string-pulling.
    expect(pf.routeHits).toBe(0);
    expect(pf.route(0.5, 0.5, 8.5, 0.5)).toBe(around);
    expect(pf.routeHits).toBe(1);
    // Another start in the same tile is another route (string-pulling depends on the exact point).
    expect(pf.route(0.6, 0.5, 8.5, 0.5)).not.toBe(around);
    const small = new PathFinder(map, 4096, Infinity, 1);
    small.route(0.5, 0.5, 8.5, 0.5);
    small.route(0.5, 1.5, 8.5, 0.5); // evicts the first (capacity 1)
    small.route(0.5, 0.5, 8.5, 0.5);
    expect(small.routeHits).toBe(0);
  });

  it("keeps each walker's last legs: route()'s answers, without the route cache", () => {
    const map = mapFromRows(['ggggwgggg', 'ggggwgggg', 'ggggwgggg', 'ggggwgggg', 'ggggggggg'], 1);
    const pf = new PathFinder(map);
    const around = pf.walk(7, 0.5, 0.5, 8.5, 0.5)!;
    expect(around).toEqual(new PathFinder(map).route(0.5, 0.5, 8.5, 0.5));
    expect(pf.walk(7, 0.5, 0.5, 3.5, 3.5)).toEqual([3.5, 3.5]);
    expect(pf.walked(7, 0.5, 0.5, 8.5, 0.5)).toBe(true);
    expect(pf.walked(8, 0.5, 0.5, 8.5, 0.5)).toBe(false); // another walker's
    expect(pf.walk(7, 0.5, 0.5, 8.5, 0.5)).toBe(around);
    expect(pf.walk(7, 0.5, 0.5, 3.5, 3.5)).toEqual([3.5, 3.5]);
    expect(pf.routeHits).toBe(0);
    // The oldest of the last 4 makes way for a new one.
    for (let i = 0; i < 3; i++) pf.walk(7, 0.5, 0.5, 1.5 + i, 4.5);
    expect(pf.walked(7, 0.5, 0.5, 8.5, 0.5)).toBe(false);
    expect(pf.walked(7, 0.5, 0.5, 3.5, 3.5)).toBe(true);
    // No way there (water): nothing kept.
    expect(pf.walk(7, 0.5, 0.5, 4.5, 0.5)).toBeNull();
    expect(pf.walked(7, 0.5, 0.5, 4.5, 0.5)).toBe(false);
    expect(pf.walk(5000, 0.5, 0.5, 8.5, 0.5)).toEqual(around);
    expect(pf.walked(5000, 0.5, 0.5, 8.5, 0.5)).toBe(true);
  });

  it('gives the same paths after its search marks wrap around (a long run)', () => {
    const map = mapFromRows(['ggggwgggg', 'ggwgwgwgg', 'ggwgwgwgg', 'ggwgggwgg', 'ggggggggg'], 1);
    const fresh = new PathFinder(map, 1);
    const worn = new PathFinder(map, 1);
    // Marks left by an early search must not count as a later one's once the marks start over.
    worn.tilePath(0, 8);
    (worn as unknown as { stamp: number }).stamp = 0xffffffff - 3;
    for (let i = 0; i < 4; i++) {
      // Alternate goals so that nothing comes from the cache: every call searches, across the wrap.
      const goal = i % 2 === 0 ? 44 : 8;
      expect(Array.from(worn.tilePath(0, goal))).toEqual(Array.from(fresh.tilePath(0, goal)));
    }
    expect(worn.searches).toBe(5);
  });
});

describe('walking the map', () => {
  const rows = ['gggggggggg', 'gggwwwwggg', 'gggwwwwggg', 'gggwwwwggg', 'gggggggggg', 'gggggggggg'];
  const scenario = parseScenario({ name: 'lake', world: { width: 20, height: 12 }, map: { rows }, agents: 1, production: { jobsPerCapita: 0 } });

  it('move_to walks around a lake, never standing on water, and arrives', () => {
    const w = createSociety(scenario, { agents: 1 });
    const eid = w.entities.alive()[0];
    const p = w.store(Position);
    p.x[eid] = 3;
    p.y[eid] = 5;
    const registry = w.resource(Actions);
    expect(registry.perform(w, eid, { type: 'move_to', x: 17, y: 5 })).toEqual({ ok: true });
    const map = w.resource(MapKey);
    let ticks = 0;
    while (w.store(Action).kind[eid] === registry.kindOf('move_to') && ticks < 100) {
      w.step();
      ticks++;
      expect(map.blocked(p.x[eid], p.y[eid])).toBe(false);
    }
    expect(p.x[eid]).toBeCloseTo(17, 4);
    expect(p.y[eid]).toBeCloseTo(5, 4);
    expect(ticks).toBeGreaterThan(14); // the straight line (14 units) crosses the lake: the way round is longer
  });

  it('refuses targets in water, and puts anyone placed on water back on land', () => {
    const w = createSociety(scenario, { agents: 1 });
    const eid = w.entities.alive()[0];
    expect(w.resource(Actions).perform(w, eid, { type: 'move_to', x: 9, y: 5 })).toEqual({ ok: false, reason: 'move_to: target (9, 5) is water' });
    w.store(Position).x[eid] = 9;
    w.store(Position).y[eid] = 5;
    w.step();
    expect(w.resource(MapKey).blocked(w.store(Position).x[eid], w.store(Position).y[eid])).toBe(false);
  });
});

describe('saved routes', () => {
  it('round-trip through the section codec, and a load refuses bad rows without changing anything', () => {
    const w = createSociety(parseScenario({ name: 'r', agents: 3 }), { agents: 3, seed: 2 });
    const [a, b] = w.entities.alive();
    const routes = w.resource(RoutesKey);
    routes.follow(w, b, [1, 2, 3.5, 4, 5, 6.25]);
    routes.follow(w, a, [7, 8, 9, 10]);
    const saved = decodeValue(encodeValue(routes.save(), 'routes'), 'routes') as SavedRoutes;
    expect(Array.from(saved.agent)).toEqual([a, b].sort((x, y) => x - y));
    const copy = createSociety(parseScenario({ name: 'r', agents: 3 }), { agents: 3, seed: 2 }).resource(RoutesKey);
    copy.load(saved);
    expect(copy.save()).toEqual(routes.save());
    const bad = (edit: (r: SavedRoutes) => void) => {
      const r = decodeValue(encodeValue(saved, 'routes'), 'routes') as SavedRoutes;
      edit(r);
      return r;
    };
    expect(() => copy.load(bad((r) => (r.next[0] = 4)))).toThrow(/^routes section: agent \d+: next index 4 is out of range$/);
    expect(() => copy.load(bad((r) => r.agent.reverse()))).toThrow('routes section: agent ids must be non-negative and increasing (entry 1)');
    expect(() => copy.load(bad((r) => (r.offsets[1] = 3)))).toThrow(/waypoints must be x, y pairs/);
    expect(() => copy.load({ ...saved, points: [1, 2] })).toThrow('routes section: points must be a Float64Array');
    expect(copy.save()).toEqual(routes.save());
  });

  it('a loaded route is walked, cut short and replaced as the one it was saved from', () => {
    const town = () => createSociety(parseScenario({ name: 'r', agents: 4 }), { agents: 4, seed: 2 });
    const w = town();
    const ids = [...w.entities.alive()];
    const routes = w.resource(RoutesKey);
    routes.follow(w, ids[0], [1, 2, 3, 4, 5, 6]);
    routes.follow(w, ids[1], [7, 8, 9, 10]);
    routes.follow(w, ids[2], [11, 12, 13, 14, 15, 16, 17, 18]);
    routes.follow(w, ids[3], [19, 20, 21, 22, 23, 24]);
    const w2 = town();
    const copy = w2.resource(RoutesKey);
    copy.load(decodeValue(encodeValue(routes.save(), 'routes'), 'routes'));
    // The same calls on both; each step's answer and waypoint must agree (Motion itself is another
    // section's: only what nextWaypoint writes is compared).
    const both = (fn: (r: typeof routes, world: typeof w) => unknown) => expect(fn(copy, w2)).toEqual(fn(routes, w));
    const next = (eid: number) => both((r, world) => (r.nextWaypoint(world, eid) ? [world.store(Motion).tx[eid], world.store(Motion).ty[eid]] : 'arrived'));
    next(ids[2]);
    next(ids[0]);
    both((r, world) => r.stopped(world, ids[1]));
    next(ids[1]);
    both((r, world) => r.follow(world, ids[3], [30, 31, 32, 33]));
    both((r) => r.save());
    for (let i = 0; i < 4; i++) for (const eid of ids) next(eid);
    both((r) => r.save());
    expect(copy.save().agent.length).toBe(0);
  });
});
