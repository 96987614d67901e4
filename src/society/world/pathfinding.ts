// Paths around water. A straight walk is used whenever the segment crosses only passable tiles
// (most trips); otherwise A* over the tile grid (8-way, no cutting past a blocked corner, octile
// heuristic), then string-pulled to the few turning points an agent actually walks to. Tile
// paths are cached by (start tile, goal tile): the map never changes, so a cached path stays valid.

import type { TileMap } from './map';

const SQRT2 = Math.SQRT2;
const NO_PATH: Int32Array = new Int32Array(0);
/**
 * The heuristic weighed a hair over 1 breaks ties among equal f toward the goal: without it an open
 * stretch of map expands a whole diamond of equally good tiles. Paths stay within 0.1% of the shortest.
 */
const TIE_BREAK = 1 + 1 / 1024;

/** The cached routes between one start tile and one goal tile. */
interface RouteBucket {
  routes: CachedRoute[];
  queuedAt: number;
  usedAt: number;
}

interface CachedRoute {
  fromX: number;
  fromY: number;
  toX: number;
  toY: number;
  points: readonly number[];
}

export class PathFinder {
  private readonly g: Float32Array;
  private readonly parent: Int32Array;
  /**
   * Per tile, which search last touched it: `stamp` when queued (open), `stamp + 1` when expanded
   * (closed). One array, not two: a neighbour's test is one load on a map too big for the cache.
   */
  private readonly mark: Uint32Array;
  private stamp = 0;
  private heapNodes: Int32Array = new Int32Array(1024);
  private heapKeys: Float32Array = new Float32Array(1024);
  private heapSize = 0;
  private readonly cache = new Map<number, Int32Array>();
  /**
   * Routes that needed a search, by their exact endpoints: commuters walk the same legs every day,
   * and at 100,000 agents their 200,000 legs thrashed the tile-path cache, so every commute searched
   * again. A few waypoints each, where a tile path holds hundreds of tiles. Keyed by the start and
   * goal tiles, each with its exact endpoints (a string key of four coordinates cost more to build
   * than the lookup); the oldest tile pair not used since it was queued goes first (a second-chance clock: a hit marks its bucket, where moving it to the back of the Map cost a delete and a set).
   */
  private readonly routes = new Map<number, RouteBucket>();
  private routeCount = 0;
  private routeClock = 0;
  /** Counters for benchmarks and tests (not simulation state). */
  searches = 0;
  cacheHits = 0;
  routeHits = 0;

  constructor(
    readonly map: TileMap,
    readonly cacheSize = 4096,
    /** Give up after expanding this many tiles (a search of the whole map is allowed by default). */
    readonly maxExpansions = map.size,
    readonly routeCacheSize = 1 << 18,
  ) {
    const n = map.size;
    this.g = new Float32Array(n);
    this.parent = new Int32Array(n);
    this.mark = new Uint32Array(n);
  }

  /** True when the segment crosses only passable tiles (a corner touched counts as both sides). */
  lineOfSight(x0: number, y0: number, x1: number, y1: number): boolean {
    const m = this.map;
    const s = m.tileSize;
    let c = m.col(x0);
    let r = m.row(y0);
    const c1 = m.col(x1);
    const r1 = m.row(y1);
    const pass = m.passable;
    const cols = m.cols;
    if (!pass[r * cols + c]) return false;
    const dx = x1 - x0;
    const dy = y1 - y0;
    const stepC = dx > 0 ? 1 : -1;
    const stepR = dy > 0 ? 1 : -1;
    const tDeltaX = dx !== 0 ? Math.abs(s / dx) : Infinity;
    const tDeltaY = dy !== 0 ? Math.abs(s / dy) : Infinity;
    let tMaxX = dx !== 0 ? Math.abs(((dx > 0 ? (c + 1) * s : c * s) - x0) / dx) : Infinity;
    let tMaxY = dy !== 0 ? Math.abs(((dy > 0 ? (r + 1) * s : r * s) - y0) / dy) : Infinity;
    const eps = 1e-6;
    let guard = Math.abs(c1 - c) + Math.abs(r1 - r) + 2;
    while ((c !== c1 || r !== r1) && guard-- > 0) {
      if (Math.abs(tMaxX - tMaxY) < eps) {
        // Through (or within a hair of) a corner: both side tiles must be open.
        if (!pass[r * cols + c + stepC] || !pass[(r + stepR) * cols + c]) return false;
        c += stepC;
        r += stepR;
        tMaxX += tDeltaX;
        tMaxY += tDeltaY;
      } else if (tMaxX < tMaxY) {
        c += stepC;
        tMaxX += tDeltaX;
      } else {
        r += stepR;
        tMaxY += tDeltaY;
      }
      if (c < 0 || r < 0 || c >= cols || r >= m.rows) return false;
      if (!pass[r * cols + c]) return false;
    }
    return true;
  }

  /**
   * Waypoints (x0, y0, x1, y1, ...) from a point to a goal, ending at the goal itself; the goal
   * alone means walk straight. Null when the goal cannot be reached (blocked or cut off). A route
   * that needed a search is shared with the route cache: read it, never change it.
   */
  route(fromX: number, fromY: number, toX: number, toY: number): readonly number[] | null {
    const m = this.map;
    if (!m.connected(fromX, fromY, toX, toY)) return null;
    if (this.lineOfSight(fromX, fromY, toX, toY)) return [toX, toY];
    const key = m.tileAt(fromX, fromY) * m.size + m.tileAt(toX, toY);
    const pair = this.routes.get(key);
    if (pair) {
      for (let i = 0; i < pair.routes.length; i++) {
        const r = pair.routes[i];
        if (r.fromX === fromX && r.fromY === fromY && r.toX === toX && r.toY === toY) {
          this.routeHits++;
          pair.usedAt = ++this.routeClock;
          return r.points;
        }
      }
    }
    const route = this.plan(fromX, fromY, toX, toY);
    if (route) {
      while (this.routeCount >= this.routeCacheSize) {
        const [oldest, bucket] = this.routes.entries().next().value!;
        this.routes.delete(oldest);
        // Second chance: a tile pair used since it was (re)queued goes to the back instead.
        if (bucket.usedAt > bucket.queuedAt && oldest !== key) {
          bucket.queuedAt = ++this.routeClock;
          this.routes.set(oldest, bucket);
        } else {
          this.routeCount -= bucket.routes.length;
        }
      }
      const entry = { fromX, fromY, toX, toY, points: route };
      const bucket = this.routes.get(key);
      if (bucket) bucket.routes.push(entry);
      else this.routes.set(key, { routes: [entry], queuedAt: ++this.routeClock, usedAt: 0 });
      this.routeCount++;
    }
    return route;
  }

  /** route() for two points out of each other's sight. */
  private plan(fromX: number, fromY: number, toX: number, toY: number): number[] | null {
    const m = this.map;
    const start = m.tileAt(fromX, fromY);
    const goal = m.tileAt(toX, toY);
    const tiles = this.tilePath(start, goal);
    if (tiles.length === 0) return null;
    // String-pull over tile centres: from each turning point, walk to the farthest path tile in
    // sight. Galloping then bisecting finds it with O(log n) sight tests instead of one per tile
    // (a long commute made that quadratic). Every leg is sight-tested, so every walk stays dry.
    const out: number[] = [];
    let ax = fromX;
    let ay = fromY;
    let at = 0;
    const last = tiles.length - 1;
    while (at < last && !this.lineOfSight(ax, ay, toX, toY)) {
      let lo = at; // in sight (or where we stand)
      let step = 1;
      let hi = at + 1;
      while (hi <= last && this.seesTile(ax, ay, tiles[hi])) {
        lo = hi;
        step *= 2;
        hi = at + step;
      }
      if (hi > last) hi = last + 1;
      while (hi - lo > 1) {
        const mid = (lo + hi) >> 1;
        if (this.seesTile(ax, ay, tiles[mid])) lo = mid;
        else hi = mid;
      }
      // Nothing ahead in sight from an off-centre start: step to the centre of this tile first
      // (neighbouring centres always see each other, so the next round moves on).
      const cx = m.centreX(tiles[at]);
      const cy = m.centreY(tiles[at]);
      if (lo === at && ax === cx && ay === cy) lo = at + 1;
      at = lo;
      ax = m.centreX(tiles[at]);
      ay = m.centreY(tiles[at]);
      out.push(ax, ay);
    }
    out.push(toX, toY);
    return out;
  }

  private seesTile(x: number, y: number, tile: number): boolean {
    return this.lineOfSight(x, y, this.map.centreX(tile), this.map.centreY(tile));
  }

  /** Tiles from start to goal inclusive (empty when unreachable); cached. */
  tilePath(start: number, goal: number): Int32Array {
    const m = this.map;
    if (m.region[start] < 0 || m.region[start] !== m.region[goal]) return NO_PATH;
    const key = start * m.size + goal;
    const hit = this.cache.get(key);
    if (hit) {
      this.cacheHits++;
      // Refresh its place in the LRU order.
      this.cache.delete(key);
      this.cache.set(key, hit);
      return hit;
    }
    const path = this.search(start, goal);
    if (this.cache.size >= this.cacheSize) this.cache.delete(this.cache.keys().next().value!);
    this.cache.set(key, path);
    return path;
  }

  private search(start: number, goal: number): Int32Array {
    this.searches++;
    const m = this.map;
    const cols = m.cols;
    const rows = m.rows;
    const pass = m.passable;
    const g = this.g;
    const parent = this.parent;
    const mark = this.mark;
    this.stamp += 2;
    if (this.stamp >= 0xfffffffe) {
      mark.fill(0);
      this.stamp = 2;
    }
    const open = this.stamp;
    const closed = open + 1;
    const gc = goal % cols;
    const gr = (goal - gc) / cols;
    const K = SQRT2 - 1;
    this.heapSize = 0;
    g[start] = 0;
    parent[start] = -1;
    mark[start] = open;
    {
      const dc = Math.abs((start % cols) - gc);
      const dr = Math.abs(Math.floor(start / cols) - gr);
      this.push(start, (dc > dr ? dc + K * dr : dr + K * dc) * TIE_BREAK);
    }
    let expansions = 0;
    while (this.heapSize > 0) {
      const t = this.pop();
      if (mark[t] === closed) continue;
      mark[t] = closed;
      if (t === goal) return this.unwind(goal);
      if (++expansions > this.maxExpansions) break;
      const c = t % cols;
      const r = (t - c) / cols;
      const gt = g[t];
      // Neighbours in the order (dr, dc) = (-1,-1), (-1,0) ... (1,1), the octile heuristic inline:
      // the same pushes, in the same order, as a closure per neighbour made them.
      for (let dr = -1; dr <= 1; dr++) {
        const nr = r + dr;
        if (nr < 0 || nr >= rows) continue;
        const hr = Math.abs(nr - gr);
        for (let dc = -1; dc <= 1; dc++) {
          if (dc === 0 && dr === 0) continue;
          const nc = c + dc;
          if (nc < 0 || nc >= cols) continue;
          const u = nr * cols + nc;
          const mu = mark[u];
          if (!pass[u] || mu === closed) continue;
          const diagonal = dc !== 0 && dr !== 0;
          // No squeezing diagonally between two blocked tiles or past a blocked corner.
          if (diagonal && (!pass[r * cols + nc] || !pass[nr * cols + c])) continue;
          const ng = gt + (diagonal ? SQRT2 : 1);
          if (mu === open && ng >= g[u]) continue;
          mark[u] = open;
          g[u] = ng;
          parent[u] = t;
          const hc = Math.abs(nc - gc);
          this.push(u, ng + (hc > hr ? hc + K * hr : hr + K * hc) * TIE_BREAK);
        }
      }
    }
    return NO_PATH;
  }

  private unwind(goal: number): Int32Array {
    let len = 0;
    for (let t = goal; t !== -1; t = this.parent[t]) len++;
    const out = new Int32Array(len);
    for (let t = goal, i = len - 1; t !== -1; t = this.parent[t]) out[i--] = t;
    return out;
  }

  private push(node: number, key: number): void {
    if (this.heapSize === this.heapNodes.length) {
      const nodes = new Int32Array(this.heapSize * 2);
      nodes.set(this.heapNodes);
      const keys = new Float32Array(this.heapSize * 2);
      keys.set(this.heapKeys);
      this.heapNodes = nodes;
      this.heapKeys = keys;
    }
    const nodes = this.heapNodes;
    const keys = this.heapKeys;
    let i = this.heapSize++;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (keys[p] <= key) break;
      nodes[i] = nodes[p];
      keys[i] = keys[p];
      i = p;
    }
    nodes[i] = node;
    keys[i] = key;
  }

  private pop(): number {
    const nodes = this.heapNodes;
    const keys = this.heapKeys;
    const top = nodes[0];
    const n = --this.heapSize;
    const lastNode = nodes[n];
    const lastKey = keys[n];
    let i = 0;
    for (;;) {
      let child = 2 * i + 1;
      if (child >= n) break;
      if (child + 1 < n && keys[child + 1] < keys[child]) child++;
      if (keys[child] >= lastKey) break;
      nodes[i] = nodes[child];
      keys[i] = keys[child];
      i = child;
    }
    nodes[i] = lastNode;
    keys[i] = lastKey;
    return top;
  }
}
