// Paths around water. A straight walk is used whenever the segment crosses only passable tiles
// (most trips); otherwise a jump point search over the tile grid (8-way, no cutting past a blocked
// corner, octile heuristic), then string-pulled to the few turning points an agent actually walks
// to. Tile paths are cached by (start tile, goal tile): the map never changes, so a cached path stays valid.
// So are routes, by their exact endpoints, and each walker's last few legs by walker (walk()).

import type { TileMap } from './map';

const SQRT2 = Math.SQRT2;
const NO_PATH: Int32Array = new Int32Array(0);
/**
 * The heuristic weighed a hair over 1 breaks ties among equal f toward the goal: without it an open
 * stretch of map expands a whole diamond of equally good tiles. Paths stay within 0.1% of the shortest.
 */
const TIE_BREAK = 1 + 1 / 1024;
/** Legs kept per walker (see PathFinder.walk): a settled town's walkers find 4 in 5 of their walks among their last 4 legs. */
const LEG_WAYS = 4;

/** Bits of padding before a bit line's first tile (and at least as many after its last): runs never read past it. */
const PAD = 32;

/** 32 bits of a bit line from bit `b` on: bit j of the result is bit b + j. */
function bits32(bits: Uint32Array, line: number, b: number): number {
  const k = line + (b >>> 5);
  const s = b & 31;
  return s === 0 ? bits[k] | 0 : (bits[k] >>> s) | (bits[k + 1] << (32 - s));
}

/** The index of the lowest set bit (32 for none). */
function lowestBit(x: number): number {
  return x === 0 ? 32 : 31 - Math.clz32(x & -x);
}

/** Bit `b` of a bit line. */
function bit(bits: Uint32Array, line: number, b: number): number {
  return (bits[line + (b >>> 5)] >>> (b & 31)) & 1;
}

interface BitLines {
  rowBits: Uint32Array;
  rowWords: number;
  colBits: Uint32Array;
  colWords: number;
}

/**
 * The passable tiles as bit lines, one per row and one per column: bit PAD + c of row line 1 + r,
 * and bit PAD + r of column line 1 + c, for tile (c, r); the lines before the first and after the
 * last, and the padding, read as water. The columns are the rows' 32 x 32 blocks transposed: a pass
 * down each column took a cache miss a tile (250 ms for 10 million tiles; this, about 20 ms).
 */
function bitLines(map: TileMap): BitLines {
  const { cols, rows, passable } = map;
  const rowWords = ((cols + 2 * PAD) >>> 5) + 1;
  const colWords = ((rows + 2 * PAD) >>> 5) + 1;
  const rowBits = new Uint32Array((rows + 2) * rowWords);
  const colBits = new Uint32Array((cols + 2) * colWords);
  for (let r = 0, t = 0; r < rows; r++) {
    const line = (r + 1) * rowWords + PAD / 32;
    for (let c0 = 0; c0 < cols; c0 += 32) {
      let word = 0;
      for (let j = 0, end = Math.min(32, cols - c0); j < end; j++, t++) word |= passable[t] << j;
      rowBits[line + (c0 >>> 5)] = word;
    }
  }
  const block = new Int32Array(32);
  for (let r0 = 0; r0 < rows; r0 += 32) {
    for (let c0 = 0; c0 < cols; c0 += 32) {
      for (let i = 0; i < 32; i++) block[i] = r0 + i < rows ? rowBits[(r0 + i + 1) * rowWords + PAD / 32 + (c0 >>> 5)] : 0;
      transpose32(block);
      for (let j = 0; j < 32 && c0 + j < cols; j++) colBits[(c0 + j + 1) * colWords + PAD / 32 + (r0 >>> 5)] = block[j];
    }
  }
  return { rowBits, rowWords, colBits, colWords };
}

/** Transposes a 32 x 32 bit matrix in place: bit j of word i trades places with bit i of word j. */
function transpose32(a: Int32Array): void {
  // Swap ever smaller blocks: the high half of each word's j-bit groups with the low half of word k + j's.
  let m = 0x0000ffff;
  for (let j = 16; j !== 0; j >>>= 1, m ^= m << j) {
    for (let k = 0; k < 32; k = ((k | j) + 1) & ~j) {
      const t = ((a[k] >>> j) ^ a[k | j]) & m;
      a[k] ^= t << j;
      a[k | j] ^= t;
    }
  }
}

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
  /** Passable tiles as bit rows and bit columns, for the jumps' straight runs. */
  private readonly rowBits: Uint32Array;
  private readonly rowWords: number;
  private readonly colBits: Uint32Array;
  private readonly colWords: number;
  /** The current search's goal, and the work it has done (see maxExpansions). */
  private goalC = 0;
  private goalR = 0;
  private work = 0;
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
  /**
   * Each walker's last LEG_WAYS legs, by walker id: from x, y, to x, y of each (NaN: none), and its
   * route (null: straight). A commuter's leg found in its own row skips the sight test across the map
   * (the tiles along it mostly out of the cache by the time a walk starts) and the route cache's lookup.
   * A route depends only on its endpoints, so a kept one stays right whoever the id belongs to later.
   */
  private legEnds = new Float64Array(0);
  private legRoutes: (readonly number[] | null)[] = [];
  /** Per walker, bit w set when the leg in its way w is straight: a kept straight leg needs no look at its entry in legRoutes (mostly a cache miss). */
  private legStraight = new Uint8Array(0);
  /** Per walker, the way its next new leg replaces (oldest first). */
  private legNext = new Uint8Array(0);
  /** Counters for benchmarks and tests (not simulation state). */
  searches = 0;
  cacheHits = 0;
  routeHits = 0;

  constructor(
    readonly map: TileMap,
    readonly cacheSize = 4096,
    /**
     * Give up after about this much work, each costing about what expanding one tile did in a plain
     * A*: a jump point expanded, a diagonal step, a straight run's 32-tile stretch. No limit by default.
     */
    readonly maxExpansions = Infinity,
    readonly routeCacheSize = 1 << 18,
  ) {
    const n = map.size;
    this.g = new Float32Array(n);
    this.parent = new Int32Array(n);
    this.mark = new Uint32Array(n);
    ({ rowBits: this.rowBits, rowWords: this.rowWords, colBits: this.colBits, colWords: this.colWords } = bitLines(map));
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

  /** route() for a walker (an entity id), from the legs it walked lately when this is one of them. */
  walk(walker: number, fromX: number, fromY: number, toX: number, toY: number): readonly number[] | null {
    const kept = this.leg(walker, fromX, fromY, toX, toY);
    if (kept >= 0) return (this.legStraight[walker] >> (kept - walker * LEG_WAYS)) & 1 ? [toX, toY] : this.legRoutes[kept];
    if (walker >= this.legNext.length) this.growLegs(walker + 1);
    const route = this.route(fromX, fromY, toX, toY);
    if (route !== null) {
      const way = this.legNext[walker];
      const w = walker * LEG_WAYS + way;
      this.legNext[walker] = (way + 1) % LEG_WAYS;
      const ends = this.legEnds;
      ends[4 * w] = fromX;
      ends[4 * w + 1] = fromY;
      ends[4 * w + 2] = toX;
      ends[4 * w + 3] = toY;
      // Straight answers are built again from the caller's own goal (a kept one could differ in the sign of a zero).
      const straight = route.length === 2;
      this.legStraight[walker] = straight ? this.legStraight[walker] | (1 << way) : this.legStraight[walker] & ~(1 << way);
      this.legRoutes[w] = straight ? null : route;
    }
    return route;
  }

  /** Whether the walker walked this leg lately (so the goal is on land and reachable from the start). */
  walked(walker: number, fromX: number, fromY: number, toX: number, toY: number): boolean {
    return this.leg(walker, fromX, fromY, toX, toY) >= 0;
  }

  /** The slot of the walker's kept leg with these ends, or -1. */
  private leg(walker: number, fromX: number, fromY: number, toX: number, toY: number): number {
    if (walker >= this.legNext.length) return -1;
    const ends = this.legEnds;
    for (let w = walker * LEG_WAYS, end = w + LEG_WAYS; w < end; w++) {
      const e = 4 * w;
      if (ends[e] === fromX && ends[e + 1] === fromY && ends[e + 2] === toX && ends[e + 3] === toY) return w;
    }
    return -1;
  }

  private growLegs(walkers: number): void {
    const n = Math.max(walkers, 2 * this.legNext.length);
    const ends = new Float64Array(4 * LEG_WAYS * n).fill(NaN);
    ends.set(this.legEnds);
    this.legEnds = ends;
    const next = new Uint8Array(n);
    next.set(this.legNext);
    this.legNext = next;
    const straight = new Uint8Array(n);
    straight.set(this.legStraight);
    this.legStraight = straight;
    for (let w = this.legRoutes.length; w < LEG_WAYS * n; w++) this.legRoutes.push(null);
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

  /**
   * Jump point search (Harabor & Grastien), in its form for moves that never cut a corner: from a
   * jump point, straight runs and diagonal runs skip every tile some other equally short path also
   * reaches, and stop only where a path may have to turn (a forced neighbour) or at the goal. A*
   * orders the jump points; the straight runs read 32 tiles a step from bit rows (and bit columns).
   * Consecutive jump points lie on one straight or diagonal line, which unwind() fills in tile by tile.
   * The rules: reached diagonally, a tile leads on only straight along both sides of its diagonal and
   * diagonally (a diagonal step needs both side tiles open, so the tile behind reaches every other
   * neighbour at least as cheaply); reached straight, it leads on straight, and toward a side whose tile
   * is open where the one behind it is water, straight and diagonally (forced: no path as short
   * reaches those without this tile). A diagonal walk stops where a straight run from it finds a jump
   * point. The property tests check the paths against Dijkstra on maps with ponds and walls.
   */
  private search(start: number, goal: number): Int32Array {
    this.searches++;
    const m = this.map;
    const cols = m.cols;
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
    this.goalC = goal % cols;
    this.goalR = (goal - this.goalC) / cols;
    this.heapSize = 0;
    this.work = 0;
    g[start] = 0;
    parent[start] = -1;
    mark[start] = open;
    this.push(start, 0);
    while (this.heapSize > 0) {
      const t = this.pop();
      if (mark[t] === closed) continue;
      mark[t] = closed;
      if (t === goal) return this.unwind(goal);
      if (++this.work > this.maxExpansions) break;
      const c = t % cols;
      const r = (t - c) / cols;
      const p = parent[t];
      if (p < 0) {
        // The start: every direction.
        this.straightRow(t, r, c, 1);
        this.straightRow(t, r, c, -1);
        this.straightCol(t, r, c, 1);
        this.straightCol(t, r, c, -1);
        for (let dr = -1; dr <= 1; dr += 2) for (let dc = -1; dc <= 1; dc += 2) this.diagonal(t, r, c, dc, dr);
        continue;
      }
      const pc = p % cols;
      const pr = (p - pc) / cols;
      const dc = Math.sign(c - pc);
      const dr = Math.sign(r - pr);
      if (dc !== 0 && dr !== 0) {
        this.straightRow(t, r, c, dc);
        this.straightCol(t, r, c, dr);
        this.diagonal(t, r, c, dc, dr);
      } else if (dr === 0) {
        this.straightRow(t, r, c, dc);
        // Forced: a side tile whose neighbour behind is water can only be reached well through here.
        for (let s = -1; s <= 1; s += 2) {
          const side = (r + s) * cols;
          if (r + s < 0 || r + s >= m.rows || !pass[side + c] || pass[side + c - dc]) continue;
          this.straightCol(t, r, c, s);
          this.diagonal(t, r, c, dc, s);
        }
      } else {
        this.straightCol(t, r, c, dr);
        for (let s = -1; s <= 1; s += 2) {
          if (c + s < 0 || c + s >= cols || !pass[r * cols + c + s] || pass[(r - dr) * cols + c + s]) continue;
          this.straightRow(t, r, c, s);
          this.diagonal(t, r, c, s, dr);
        }
      }
    }
    return NO_PATH;
  }

  /** Relaxes the edge from jump point t to jump point u, `steps` tiles along a straight or diagonal line. */
  private reach(t: number, u: number, steps: number, diagonal: boolean): void {
    const mark = this.mark;
    const mu = mark[u];
    if (mu === this.stamp + 1) return;
    const ng = this.g[t] + (diagonal ? steps * SQRT2 : steps);
    if (mu === this.stamp && ng >= this.g[u]) return;
    mark[u] = this.stamp;
    this.g[u] = ng;
    this.parent[u] = t;
    const cols = this.map.cols;
    const uc = u % cols;
    const hc = Math.abs(uc - this.goalC);
    const hr = Math.abs((u - uc) / cols - this.goalR);
    // The heuristic weighed a hair over 1 breaks ties among equal f toward the goal (see TIE_BREAK).
    this.push(u, ng + (hc > hr ? hc + (SQRT2 - 1) * hr : hr + (SQRT2 - 1) * hc) * TIE_BREAK);
  }

  private straightRow(t: number, r: number, c: number, dir: number): void {
    const at = this.scan(this.rowBits, this.rowWords, r, c + dir, dir, r === this.goalR ? this.goalC : -1);
    if (at >= 0) this.reach(t, r * this.map.cols + at, Math.abs(at - c), false);
  }

  private straightCol(t: number, r: number, c: number, dir: number): void {
    const at = this.scan(this.colBits, this.colWords, c, r + dir, dir, c === this.goalC ? this.goalR : -1);
    if (at >= 0) this.reach(t, at * this.map.cols + c, Math.abs(at - r), false);
  }

  /** Walks diagonally from (c, r) until a tile there is the goal or a straight run from it stops somewhere. */
  private diagonal(t: number, r: number, c: number, dc: number, dr: number): void {
    const m = this.map;
    const cols = m.cols;
    const pass = m.passable;
    const r0 = r;
    for (;;) {
      const nc = c + dc;
      const nr = r + dr;
      this.work++;
      if (nc < 0 || nr < 0 || nc >= cols || nr >= m.rows) return;
      // No cutting past a blocked corner.
      if (!pass[nr * cols + nc] || !pass[r * cols + nc] || !pass[nr * cols + c]) return;
      c = nc;
      r = nr;
      if (
        (c === this.goalC && r === this.goalR) ||
        this.scan(this.rowBits, this.rowWords, r, c + dc, dc, r === this.goalR ? this.goalC : -1) >= 0 ||
        this.scan(this.colBits, this.colWords, c, r + dr, dr, c === this.goalC ? this.goalR : -1) >= 0
      ) {
        this.reach(t, r * cols + c, Math.abs(r - r0), true);
        return;
      }
    }
  }

  /**
   * A straight run along one bit line (a row of rowBits or a column of colBits) from position `pos`
   * (the first tile stepped on) in direction dir (±1): the position of the first jump point (the goal,
   * at position `goal` of this line, or -1; or a tile whose side neighbour is passable where the one
   * behind it is not), or -1 when water or the map's edge comes first. 32 tiles a step.
   */
  private scan(bits: Uint32Array, words: number, line: number, pos: number, dir: number, goal: number): number {
    const above = line * words; // the padded line before this one; this line and the next follow
    const here = above + words;
    const below = here + words;
    let gi = goal < 0 ? -1 : (goal - pos) * dir; // tiles ahead to the goal
    for (;;) {
      this.work++;
      if (dir > 0) {
        // Bit j: the tile at pos + j; "behind": pos + j - 1.
        const b = pos + PAD;
        const open = bits32(bits, here, b);
        const up = bits32(bits, above, b);
        const down = bits32(bits, below, b);
        let stop = (up & ~((up << 1) | bit(bits, above, b - 1))) | (down & ~((down << 1) | bit(bits, below, b - 1)));
        if (gi >= 0 && gi < 32) stop |= 1 << gi;
        const s = lowestBit(stop);
        const w = lowestBit(~open);
        if (s < w) return pos + s;
        if (w < 32) return -1;
      } else {
        // Bit 31 - j: the tile at pos - j; "behind": pos - j + 1.
        const b = pos + PAD - 31;
        const open = bits32(bits, here, b);
        const up = bits32(bits, above, b);
        const down = bits32(bits, below, b);
        let stop = (up & ~((up >>> 1) | (bit(bits, above, b + 32) << 31))) | (down & ~((down >>> 1) | (bit(bits, below, b + 32) << 31)));
        if (gi >= 0 && gi < 32) stop |= 1 << (31 - gi);
        const s = Math.clz32(stop);
        const w = Math.clz32(~open);
        if (s < w) return pos - s;
        if (w < 32) return -1;
      }
      pos += 32 * dir;
      gi -= 32;
    }
  }

  /** The tiles from start to goal: the jump points with the straight or diagonal lines between them filled in. */
  private unwind(goal: number): Int32Array {
    const cols = this.map.cols;
    const parent = this.parent;
    const gap = (a: number, b: number) => Math.max(Math.abs((a % cols) - (b % cols)), Math.abs(Math.floor(a / cols) - Math.floor(b / cols)));
    let len = 1;
    for (let t = goal; parent[t] !== -1; t = parent[t]) len += gap(t, parent[t]);
    const out = new Int32Array(len);
    let i = len - 1;
    out[i] = goal;
    for (let t = goal; parent[t] !== -1; t = parent[t]) {
      const p = parent[t];
      const n = gap(t, p);
      // One tile step back toward the parent: -cols-1 ... cols+1.
      const step = Math.sign((p % cols) - (t % cols)) + Math.sign(Math.floor(p / cols) - Math.floor(t / cols)) * cols;
      for (let k = 1; k <= n; k++) out[--i] = t + k * step;
    }
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
