// Resource nodes: every field, forest and stone tile holds a stock (food, wood, stone) that
// gathering and work deplete and that regrows each simulated day up to its capacity. Only the
// stock levels are state (the nodes themselves follow from the map). Wood and stone are both the
// `materials` good.

import { resourceKey, type StateSection } from '../../engine/world';
import type { Good } from '../resources';
import type { Scenario } from '../scenario';
import type { TileMap } from './map';
import { FIELD, FOREST, STONE } from './terrain';

export const NODE_KINDS = ['field', 'forest', 'stone'] as const;
export type NodeKind = (typeof NODE_KINDS)[number];
export const NODE_FIELD = 0;
export const NODE_FOREST = 1;
export const NODE_STONE = 2;

/** The good a node of each kind yields. */
export const NODE_GOOD: readonly Good[] = ['food', 'materials', 'materials'];

const BUCKET = 8; // tiles per side of a search bucket
const ascending = (a: number, b: number) => a - b;

export class ResourceNodes implements StateSection {
  readonly name = 'nodes';
  readonly count: number;
  readonly tile: Int32Array;
  readonly kind: Uint8Array;
  /** Units per node: lowered by take(), raised only by regrow() and load(), which bump `generation`. */
  stock: Float32Array;
  /**
   * Bumped whenever stocks may rise. Within one generation they only fall, so a nearest node that
   * still holds a unit is still the nearest: callers may keep such answers until it changes.
   */
  generation = 0;
  /** Each node's tile centre: nearest() weighs dozens of nodes a call, and working it out from the tile each time was most of its cost. */
  private readonly cx: Float64Array;
  private readonly cy: Float64Array;
  /** Node id per tile, -1 where there is none. */
  readonly atTile: Int32Array;
  readonly capacity: Float32Array;
  readonly regrowPerDay: Float32Array;
  /** Nodes of each kind. */
  private readonly kindCount = new Int32Array(NODE_KINDS.length);
  private readonly bucketCols: number;
  private readonly bucketRows: number;
  /** Per kind: node ids grouped by bucket (CSR: start offsets then ids). */
  private readonly bucketStart: Int32Array[] = [];
  private readonly bucketIds: Int32Array[] = [];
  /**
   * withinPlace()'s lists (derived from the fixed layout, not saved), by the site's tile and kind,
   * each with its exact site: a string key of the coordinates cost more to build than the walk it saved.
   */
  private readonly placeLists = new Map<number, { x: number; y: number; radius: number; list: readonly number[] }[]>();

  constructor(
    readonly map: TileMap,
    cfg: Scenario['map'],
  ) {
    // Node kind per terrain code (-1: none); a table, since reading the imported codes per tile costs more than the loop.
    const kindOfTerrain = new Int8Array(256).fill(-1);
    kindOfTerrain[FIELD] = NODE_FIELD;
    kindOfTerrain[FOREST] = NODE_FOREST;
    kindOfTerrain[STONE] = NODE_STONE;
    // Locals, not fields, in the loops over every tile: this runs on every world build and load.
    const terrain = map.terrain;
    const size = map.size;
    let n = 0;
    for (let t = 0; t < size; t++) if (kindOfTerrain[terrain[t]] >= 0) n++;
    this.count = n;
    const tile = (this.tile = new Int32Array(n));
    const kind = (this.kind = new Uint8Array(n));
    const stock = (this.stock = new Float32Array(n));
    const atTile = (this.atTile = new Int32Array(size).fill(-1));
    // Stock and regrowth are per square unit of land, so a map of larger tiles (a big world) holds
    // as much food per farm as a small one: a node covers tileSize² of land.
    const area = map.tileSize * map.tileSize;
    const capacity = (this.capacity = new Float32Array([cfg.fieldFood * area, cfg.forestWood * area, cfg.stoneBlocks * area]));
    this.regrowPerDay = new Float32Array([cfg.fieldRegrowPerDay * area, cfg.forestRegrowPerDay * area, cfg.stoneRegrowPerDay * area]);
    let i = 0;
    for (let t = 0; t < size; t++) {
      const k = kindOfTerrain[terrain[t]];
      if (k < 0) continue;
      tile[i] = t;
      kind[i] = k;
      stock[i] = capacity[k];
      atTile[t] = i;
      this.kindCount[k]++;
      i++;
    }
    this.listed = new Uint8Array(n);
    const bucketCols = (this.bucketCols = Math.ceil(map.cols / BUCKET));
    this.bucketRows = Math.ceil(map.rows / BUCKET);
    const buckets = bucketCols * this.bucketRows;
    const cols = map.cols;
    this.cx = Float64Array.from(tile, (t) => map.centreX(t));
    this.cy = Float64Array.from(tile, (t) => map.centreY(t));
    const bucket = new Int32Array(n);
    for (let j = 0; j < n; j++) {
      const c = tile[j] % cols;
      bucket[j] = Math.floor((tile[j] - c) / cols / BUCKET) * bucketCols + Math.floor(c / BUCKET);
    }
    for (let k = 0; k < NODE_KINDS.length; k++) {
      const start = new Int32Array(buckets + 1);
      for (let j = 0; j < n; j++) if (kind[j] === k) start[bucket[j] + 1]++;
      for (let b = 0; b < buckets; b++) start[b + 1] += start[b];
      const ids = new Int32Array(start[buckets]);
      const fill = start.slice(0, buckets);
      for (let j = 0; j < n; j++) if (kind[j] === k) ids[fill[bucket[j]]++] = j;
      this.bucketStart.push(start);
      this.bucketIds.push(ids);
    }
  }

  x(node: number): number {
    return this.cx[node];
  }

  y(node: number): number {
    return this.cy[node];
  }

  /** Whole units a node can give now. */
  available(node: number): number {
    return Math.floor(this.stock[node]);
  }

  /** Take up to qty whole units; returns how many were taken. */
  take(node: number, qty: number): number {
    const got = Math.min(qty, this.available(node));
    if (got > 0) {
      this.stock[node] -= got;
      if (this.listed[node] === 0) this.list(node);
    }
    return got;
  }

  /**
   * The nodes below capacity, in no order (each once: `listed` marks them); every other node is full.
   * A town's day touches a few hundred of its 87,000 nodes, and regrowth and the daily levels
   * walked them all (half a millisecond a day).
   */
  private depleted = new Int32Array(16);
  private depletedCount = 0;
  private listed = new Uint8Array(0);

  private list(node: number): void {
    if (this.depletedCount === this.depleted.length) {
      const grown = new Int32Array(this.depleted.length * 2);
      grown.set(this.depleted);
      this.depleted = grown;
    }
    this.depleted[this.depletedCount++] = node;
    this.listed[node] = 1;
  }

  /** List every node below capacity afresh (after stocks were set wholesale). */
  private relist(): void {
    this.depletedCount = 0;
    this.listed = new Uint8Array(this.count);
    for (let i = 0; i < this.count; i++) if (this.stock[i] < this.capacity[this.kind[i]]) this.list(i);
  }

  /** One simulated day of regrowth for every node. */
  regrow(): void {
    this.generation++;
    const stock = this.stock;
    const kind = this.kind;
    const cap = this.capacity;
    const grow = this.regrowPerDay;
    const depleted = this.depleted;
    // Full nodes stay full (regrowth is never negative); one that fills up leaves the list.
    for (let j = 0; j < this.depletedCount; j++) {
      const i = depleted[j];
      const k = kind[i];
      const c = cap[k];
      const s = stock[i] + grow[k];
      if (s < c) {
        stock[i] = s;
        continue;
      }
      stock[i] = c;
      this.listed[i] = 0;
      depleted[j--] = depleted[--this.depletedCount];
    }
  }

  /** The node whose tile centre is exactly (x, y), where a walk to a node ends, or -1. */
  centredAt(x: number, y: number): number {
    const node = this.atTile[this.map.tileAt(x, y)];
    return node >= 0 && this.cx[node] === x && this.cy[node] === y ? node : -1;
  }

  /**
   * The node of a kind nearest (x, y), within maxDistance, holding at least `min` units
   * (ties: lowest id), or -1. Searches buckets in growing rings.
   */
  nearest(kind: number, x: number, y: number, min = 1, maxDistance = Infinity): number {
    const m = this.map;
    // Nothing lies nearer than distance 0; and a query from a node's own centre (where a gatherer or
    // farmer stands after working it) is answered by that node: a third of a town's searches.
    if (!(maxDistance * maxDistance > 0)) return -1;
    const here = this.centredAt(x, y);
    if (here >= 0 && this.kind[here] === kind && this.stock[here] >= min) return here;
    const bc = Math.floor(m.col(x) / BUCKET);
    const br = Math.floor(m.row(y) / BUCKET);
    const start = this.bucketStart[kind];
    const ids = this.bucketIds[kind];
    const bucketWorld = BUCKET * m.tileSize;
    const maxRing = Math.min(Math.max(this.bucketCols, this.bucketRows), Math.ceil(maxDistance / bucketWorld) + 1);
    // A hair off each bucket's edges, so that rounding never puts a node nearer than its bucket.
    const slack = 1e-6 * bucketWorld;
    let best = -1;
    let bestD = maxDistance * maxDistance;
    for (let ring = 0; ring <= maxRing; ring++) {
      // Anything in this ring is at least (ring - 1) buckets away: stop once that exceeds the best.
      const minD = Math.max(0, ring - 1) * bucketWorld;
      if (best >= 0 && minD * minD > bestD) break;
      for (let r = br - ring; r <= br + ring; r++) {
        if (r < 0 || r >= this.bucketRows) continue;
        const edge = r === br - ring || r === br + ring;
        const gy = Math.max(0, r < br ? y - (r + 1) * bucketWorld - slack : r > br ? r * bucketWorld - y - slack : 0);
        for (let c = bc - ring; c <= bc + ring; c += edge || ring === 0 ? 1 : 2 * ring) {
          if (c < 0 || c >= this.bucketCols) continue;
          const b = r * this.bucketCols + c;
          const end = start[b + 1];
          if (start[b] === end) continue;
          // A bucket whose nearest edge lies beyond the best so far holds nothing nearer (a gatherer's
          // own wood answers it, and the ring around it need not be read node by node).
          if (best >= 0) {
            const gx = Math.max(0, c < bc ? x - (c + 1) * bucketWorld - slack : c > bc ? c * bucketWorld - x - slack : 0);
            if (gx * gx + gy * gy > bestD) continue;
          }
          for (let j = start[b]; j < end; j++) {
            const node = ids[j];
            if (this.stock[node] < min) continue;
            const dx = this.cx[node] - x;
            const dy = this.cy[node] - y;
            const d = dx * dx + dy * dy;
            if (d < bestD || (d === bestD && node < best)) {
              bestD = d;
              best = node;
            }
          }
        }
      }
    }
    return best;
  }

  /**
   * within() around a place that never moves (a firm's workplace), listed once and kept: nodes never
   * move either. Every shift of a farm's workers asked for the same list. Not for points that move.
   */
  withinPlace(kind: number, x: number, y: number, radius: number): readonly number[] {
    const key = this.map.tileAt(x, y) * NODE_KINDS.length + kind;
    let sites = this.placeLists.get(key);
    if (!sites) this.placeLists.set(key, (sites = []));
    for (let i = 0; i < sites.length; i++) if (sites[i].x === x && sites[i].y === y && sites[i].radius === radius) return sites[i].list;
    const list = this.within(kind, x, y, radius);
    sites.push({ x, y, radius, list });
    return list;
  }

  /** Nodes of a kind whose tile centre lies within `radius` of (x, y), in tile order. */
  within(kind: number, x: number, y: number, radius: number, out: number[] = []): number[] {
    out.length = 0;
    const m = this.map;
    const r0 = m.row(y - radius);
    const r1 = m.row(y + radius);
    const c0 = m.col(x - radius);
    const c1 = m.col(x + radius);
    const r2 = radius * radius;
    const { cols, tileSize } = m;
    const start = this.bucketStart[kind];
    const ids = this.bucketIds[kind];
    // Only this kind's nodes in the buckets over the window, not every tile of it.
    for (let br = Math.floor(r0 / BUCKET); br <= Math.floor(r1 / BUCKET); br++) {
      for (let bc = Math.floor(c0 / BUCKET); bc <= Math.floor(c1 / BUCKET); bc++) {
        const b = br * this.bucketCols + bc;
        for (let j = start[b]; j < start[b + 1]; j++) {
          const node = ids[j];
          const t = this.tile[node];
          const c = t % cols;
          const r = (t - c) / cols;
          if (c < c0 || c > c1 || r < r0 || r > r1) continue;
          const dx = (c + 0.5) * tileSize - x; // the tile centre, as map.centreX computes it
          const dy = (r + 0.5) * tileSize - y;
          if (dx * dx + dy * dy <= r2) out.push(node);
        }
      }
    }
    // Node ids follow tile order.
    return out.sort(ascending);
  }

  /**
   * Whether some node of a kind within `radius` of (x, y) holds at least `min` units. Walks the
   * window's tiles and stops at the first: every work shift asks this, so no list, no sort.
   */
  anyWithin(kind: number, x: number, y: number, radius: number, min: number): boolean {
    const m = this.map;
    const r0 = m.row(y - radius);
    const r1 = m.row(y + radius);
    const c0 = m.col(x - radius);
    const c1 = m.col(x + radius);
    const r2 = radius * radius;
    const { cols, tileSize } = m;
    for (let r = r0; r <= r1; r++) {
      const dy = (r + 0.5) * tileSize - y;
      for (let c = c0; c <= c1; c++) {
        const node = this.atTile[r * cols + c];
        if (node < 0 || this.kind[node] !== kind || this.stock[node] < min) continue;
        const dx = (c + 0.5) * tileSize - x;
        if (dx * dx + dy * dy <= r2) return true;
      }
    }
    return false;
  }

  /** anyWithin() for a site that never moves (a firm's): a walk over its kept list, not every tile of its disc. */
  anyWithinPlace(kind: number, x: number, y: number, radius: number, min: number): boolean {
    const list = this.withinPlace(kind, x, y, radius);
    for (let i = 0; i < list.length; i++) if (this.stock[list[i]] >= min) return true;
    return false;
  }

  /**
   * The fullest node (by stock) of any of `kinds` whose tile centre lies within `radius` of (x, y)
   * and that can give `min` whole units, or -1. Ties go to the earlier kind in `kinds`, then to the
   * lower id: what picking the strictly fullest over within() of each kind in turn gives, without
   * listing.
   */
  fullestWithin(kinds: readonly number[], x: number, y: number, radius: number, min: number): number {
    const m = this.map;
    const r0 = m.row(y - radius);
    const r1 = m.row(y + radius);
    const c0 = m.col(x - radius);
    const c1 = m.col(x + radius);
    const r2 = radius * radius;
    const { cols, tileSize } = m;
    let best = -1;
    let bestRank = 0;
    // Tiles in row-major order, so node ids ascend: among equals, the first kept is the lowest id.
    for (let r = r0; r <= r1; r++) {
      const dy = (r + 0.5) * tileSize - y;
      for (let c = c0; c <= c1; c++) {
        const node = this.atTile[r * cols + c];
        if (node < 0) continue;
        const rank = kinds.indexOf(this.kind[node]);
        if (rank < 0 || this.available(node) < min) continue;
        const dx = (c + 0.5) * tileSize - x;
        if (dx * dx + dy * dy > r2) continue;
        if (best >= 0 && (this.stock[node] < this.stock[best] || (this.stock[node] === this.stock[best] && rank >= bestRank))) continue;
        best = node;
        bestRank = rank;
      }
    }
    return best;
  }

  /** Total stock and capacity per kind. */
  levels(): { stock: number[]; capacity: number[] } {
    // Each kind's full capacity less what its depleted nodes lack. Capacity is a whole count times an
    // f32, and every stock an f32 of the same scale: the doubles add them up exactly, in any order.
    const capacity = Array.from(this.kindCount, (c, k) => c * this.capacity[k]);
    const stock = capacity.slice();
    for (let j = 0; j < this.depletedCount; j++) {
      const i = this.depleted[j];
      const k = this.kind[i];
      stock[k] -= this.capacity[k] - this.stock[i];
    }
    return { stock, capacity };
  }

  save(): Float32Array {
    return this.stock.slice();
  }

  load(data: unknown): void {
    let values: ArrayLike<number>;
    if (data instanceof Float32Array) values = data;
    else if (Array.isArray(data) && data.every((v) => typeof v === 'number')) values = data as number[];
    else throw new Error('nodes section: expected a list of stock levels');
    if (values.length !== this.count) throw new Error(`nodes section: ${values.length} stock levels for a map with ${this.count} resource nodes`);
    for (let i = 0; i < values.length; i++) {
      const v = values[i];
      if (!Number.isFinite(v) || v < 0 || v > this.capacity[this.kind[i]]) {
        throw new Error(`nodes section: node ${i} (${NODE_KINDS[this.kind[i]]}) has stock ${v}, outside 0..${this.capacity[this.kind[i]]}`);
      }
    }
    this.stock = Float32Array.from(values);
    this.relist();
    this.generation++;
  }
}

export const NodesKey = resourceKey<ResourceNodes>('nodes');
