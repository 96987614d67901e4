// The tile map: a grid of terrain over the continuous world. Tile (c, r) covers world
// [c·s, (c+1)·s) × [r·s, (r+1)·s) for tile size s. Generated from the world seed by value noise,
// or drawn by hand in the scenario. The map never changes during a run; a save stores the terrain
// and its fingerprint, and a load restores the terrain instead of generating it again.

import type { Rng } from '../../engine/rng';
import { Hasher } from '../../engine/hash';
import { resourceKey, type StateSection } from '../../engine/world';
import type { Scenario } from '../scenario';
import { FIELD, FOREST, GRASS, STONE, TERRAIN_LETTERS, TERRAIN_NAMES, WATER } from './terrain';

export class TileMap {
  readonly passable: Uint8Array;
  /** Connected land region of each tile (4-way; -1 for water): two tiles are mutually reachable iff equal. */
  readonly region: Int32Array;

  constructor(
    readonly cols: number,
    readonly rows: number,
    readonly tileSize: number,
    readonly terrain: Uint8Array,
  ) {
    if (terrain.length !== cols * rows) throw new Error(`TileMap: ${terrain.length} tiles for ${cols} x ${rows}`);
    this.passable = passableTiles(terrain);
    this.region = labelRegions(cols, rows, this.passable);
  }

  /** Can a walker get from one point to the other (both on land, same region)? */
  connected(x0: number, y0: number, x1: number, y1: number): boolean {
    const a = this.region[this.tileAt(x0, y0)];
    return a >= 0 && a === this.region[this.tileAt(x1, y1)];
  }

  get size(): number {
    return this.cols * this.rows;
  }

  col(x: number): number {
    const c = Math.floor(x / this.tileSize);
    return c < 0 ? 0 : c >= this.cols ? this.cols - 1 : c;
  }

  row(y: number): number {
    const r = Math.floor(y / this.tileSize);
    return r < 0 ? 0 : r >= this.rows ? this.rows - 1 : r;
  }

  /** The tile index under a world point (points outside are clamped to the border tiles). */
  tileAt(x: number, y: number): number {
    return this.row(y) * this.cols + this.col(x);
  }

  terrainAt(x: number, y: number): number {
    return this.terrain[this.tileAt(x, y)];
  }

  blocked(x: number, y: number): boolean {
    return this.passable[this.tileAt(x, y)] === 0;
  }

  centreX(tile: number): number {
    return ((tile % this.cols) + 0.5) * this.tileSize;
  }

  centreY(tile: number): number {
    return (Math.floor(tile / this.cols) + 0.5) * this.tileSize;
  }

  /** The passable tile nearest to a tile (itself if passable), by growing square rings; -1 if none. */
  nearestPassable(tile: number, accept: (t: number) => boolean = (t) => this.passable[t] === 1): number {
    const c0 = tile % this.cols;
    const r0 = Math.floor(tile / this.cols);
    const maxRing = Math.max(this.cols, this.rows);
    for (let ring = 0; ring <= maxRing; ring++) {
      let best = -1;
      let bestD = Infinity;
      for (let r = r0 - ring; r <= r0 + ring; r++) {
        if (r < 0 || r >= this.rows) continue;
        const edge = r === r0 - ring || r === r0 + ring;
        for (let c = c0 - ring; c <= c0 + ring; c += edge ? 1 : 2 * ring) {
          if (c < 0 || c >= this.cols) continue;
          const t = r * this.cols + c;
          if (!accept(t)) continue;
          const d = (r - r0) * (r - r0) + (c - c0) * (c - c0);
          if (d < bestD) {
            bestD = d;
            best = t;
          }
        }
      }
      if (best >= 0) return best;
    }
    return -1;
  }

  /** The map as scenario rows of terrain letters. */
  toRows(): string[] {
    const out: string[] = [];
    for (let r = 0; r < this.rows; r++) {
      let s = '';
      for (let c = 0; c < this.cols; c++) s += TERRAIN_LETTERS[this.terrain[r * this.cols + c]];
      out.push(s);
    }
    return out;
  }

  private fingerprintMemo: string | null = null;

  /** A hash of the size and every tile (computed once: the map never changes). */
  fingerprint(): string {
    return (this.fingerprintMemo ??= this.computeFingerprint());
  }

  private computeFingerprint(): string {
    const h = new Hasher();
    h.u32(this.cols).u32(this.rows).f64(this.tileSize);
    for (let i = 0; i < this.terrain.length; i++) h.u32(this.terrain[i]);
    return h.digest();
  }

  /** Tiles per terrain kind. */
  census(): Record<string, number> {
    const counts = TERRAIN_NAMES.map(() => 0);
    for (let i = 0; i < this.terrain.length; i++) counts[this.terrain[i]]++;
    return Object.fromEntries(TERRAIN_NAMES.map((n, i) => [n, counts[i]]));
  }
}

export const MapKey = resourceKey<TileMap>('tileMap');

/** Default tile size: 1 world unit, or larger so the longer side has at most 1024 tiles. */
export function defaultTileSize(width: number, height: number): number {
  return Math.max(1, Math.ceil(Math.max(width, height) / 1024));
}

/** The scenario's map: its drawn rows, or one generated from `rng` (the world's "map" stream). */
export function buildMap(scenario: Scenario, rng: Rng): TileMap {
  const cfg = scenario.map;
  if (cfg.rows) return mapFromRows(cfg.rows, scenario.world.width / cfg.rows[0].length);
  const { cols, rows, tileSize } = mapSize(scenario);
  return generateMap(cols, rows, tileSize, cfg, rng);
}

export function mapFromRows(rows: readonly string[], tileSize: number): TileMap {
  const cols = rows[0].length;
  const terrain = new Uint8Array(cols * rows.length);
  for (let r = 0; r < rows.length; r++) {
    for (let c = 0; c < cols; c++) {
      const code = TERRAIN_LETTERS.indexOf(rows[r][c]);
      if (code < 0) throw new Error(`map row ${r}, column ${c}: unknown terrain letter "${rows[r][c]}"`);
      terrain[r * cols + c] = code;
    }
  }
  return new TileMap(cols, rows.length, tileSize, terrain);
}

export interface TerrainShares {
  water: number;
  forest: number;
  stone: number;
  field: number;
  featureTiles: number;
}

/**
 * Two value-noise fields: elevation (lowest share → water, highest → stone) and moisture (of the
 * rest, the wettest → forest, the driest → field). Shares are met by quantiles, so a scenario's
 * fractions hold on any seed. Passable pockets cut off from the main land become water, so every
 * place is reachable from every other.
 */
export function generateMap(cols: number, rows: number, tileSize: number, shares: TerrainShares, rng: Rng): TileMap {
  const n = cols * rows;
  const elevation = valueNoise(cols, rows, shares.featureTiles, rng);
  const moisture = valueNoise(cols, rows, shares.featureTiles * 0.7, rng);
  const terrain = new Uint8Array(n);
  const waterCut = quantile(elevation, shares.water);
  const stoneCut = quantile(elevation, 1 - shares.stone);
  const land = 1 - shares.water - shares.stone;
  const forestCut = land > 0 ? quantileWhere(moisture, elevation, waterCut, stoneCut, 1 - shares.forest / land) : Infinity;
  const fieldCut = land > 0 ? quantileWhere(moisture, elevation, waterCut, stoneCut, shares.field / land) : -Infinity;
  // A cut that a share of 0 disables can never match (the comparisons below are then always false).
  const water = shares.water > 0 ? waterCut : -Infinity;
  const stone = shares.stone > 0 ? stoneCut : Infinity;
  const forest = shares.forest > 0 ? forestCut : Infinity;
  const field = shares.field > 0 ? fieldCut : -Infinity;
  // Terrain codes as locals: read through the module binding on every tile they cost more than the loop.
  const [W, S, T, F, G] = [WATER, STONE, FOREST, FIELD, GRASS];
  for (let i = 0; i < n; i++) {
    const e = elevation[i];
    const m = moisture[i];
    terrain[i] = e < water ? W : e >= stone ? S : m >= forest ? T : m < field ? F : G;
  }
  floodIslands(cols, rows, terrain);
  return new TileMap(cols, rows, tileSize, terrain);
}

/** Two octaves of smoothly interpolated lattice noise in [0, 1). */
function valueNoise(cols: number, rows: number, feature: number, rng: Rng): Float32Array {
  const out = new Float32Array(cols * rows);
  for (const [scale, weight] of [
    [feature, 0.7],
    [feature / 2.5, 0.3],
  ] as const) {
    const step = Math.max(1, scale);
    const gw = Math.ceil(cols / step) + 2;
    const gh = Math.ceil(rows / step) + 2;
    const lattice = new Float32Array(gw * gh);
    for (let i = 0; i < lattice.length; i++) lattice[i] = rng.float();
    // Each column's lattice cell and blend weight, computed once instead of once per row.
    const colX0 = new Int32Array(cols);
    const colT = new Float64Array(cols);
    for (let c = 0; c < cols; c++) {
      const fx = c / step;
      colX0[c] = Math.floor(fx);
      colT[c] = smooth(fx - colX0[c]);
    }
    for (let r = 0; r < rows; r++) {
      const fy = r / step;
      const y0 = Math.floor(fy);
      const ty = smooth(fy - y0);
      const top = y0 * gw;
      const bottom = top + gw;
      const at = r * cols;
      for (let c = 0; c < cols; c++) {
        const x0 = colX0[c];
        const tx = colT[c];
        const a = lattice[top + x0];
        const b = lattice[top + x0 + 1];
        const d = lattice[bottom + x0];
        const e = lattice[bottom + x0 + 1];
        out[at + c] += weight * (a + (b - a) * tx + (d - a + (a - b - d + e) * tx) * ty);
      }
    }
  }
  return out;
}

function smooth(t: number): number {
  return t * t * (3 - 2 * t);
}

/** The value below which `share` of the values lie (histogram over [0, 1), 4096 bins). */
function quantile(values: Float32Array, share: number): number {
  return quantileWhere(values, null, -Infinity, Infinity, share);
}

function quantileWhere(values: Float32Array, gate: Float32Array | null, lo: number, hi: number, share: number): number {
  const bins = 4096;
  const hist = new Uint32Array(bins);
  let count = 0;
  for (let i = 0; i < values.length; i++) {
    if (gate !== null && (gate[i] < lo || gate[i] >= hi)) continue;
    const b = Math.floor(values[i] * bins);
    hist[b < 0 ? 0 : b > bins - 1 ? bins - 1 : b]++;
    count++;
  }
  const target = share * count;
  let acc = 0;
  for (let b = 0; b < bins; b++) {
    if (acc >= target) return b / bins;
    acc += hist[b];
  }
  return 1;
}

/**
 * Label the 4-way connected regions of passable tiles (-1 for blocked). Diagonal steps need both
 * side tiles open, so 8-way walking connects exactly the same tiles.
 */
export function labelRegions(cols: number, rows: number, passable: Uint8Array): Int32Array {
  const n = cols * rows;
  const label = new Int32Array(n).fill(-1);
  // Scanline fill: a region is filled a row run at a time, and the rows above and below are scanned
  // along the run for the starts of runs still to fill. Regions are numbered in the order of their
  // first tile (row-major), as a breadth-first search from each unlabelled tile numbers them; about
  // 5x faster than that search (which cost ~60 ms of loading a 100,000-agent town's 791 x 791 map).
  const seeds: number[] = [];
  let next = 0;
  for (let s = 0; s < n; s++) {
    if (label[s] >= 0 || !passable[s]) continue;
    seeds.push(s);
    while (seeds.length > 0) {
      const t = seeds.pop()!;
      if (label[t] >= 0) continue;
      const rowStart = t - (t % cols);
      const rowEnd = rowStart + cols - 1;
      let lo = t;
      let hi = t;
      while (lo > rowStart && label[lo - 1] < 0 && passable[lo - 1]) lo--;
      while (hi < rowEnd && label[hi + 1] < 0 && passable[hi + 1]) hi++;
      for (let u = lo; u <= hi; u++) label[u] = next;
      if (rowStart > 0) pushRunStarts(label, passable, lo - cols, hi - cols, seeds);
      if (rowEnd + 1 < n) pushRunStarts(label, passable, lo + cols, hi + cols, seeds);
    }
    next++;
  }
  return label;
}

/** Push the first tile of each run of unlabelled passable tiles in [lo, hi] (one row). */
function pushRunStarts(label: Int32Array, passable: Uint8Array, lo: number, hi: number, seeds: number[]): void {
  let inRun = false;
  for (let u = lo; u <= hi; u++) {
    const open = label[u] < 0 && passable[u] !== 0;
    if (open && !inRun) seeds.push(u);
    inRun = open;
  }
}

/** Turn passable tiles outside the largest region into water. */
function floodIslands(cols: number, rows: number, terrain: Uint8Array): void {
  const label = labelRegions(cols, rows, passableTiles(terrain));
  let regions = 0;
  for (let t = 0; t < label.length; t++) if (label[t] >= regions) regions = label[t] + 1;
  const sizes = new Int32Array(regions);
  for (let t = 0; t < label.length; t++) if (label[t] >= 0) sizes[label[t]]++;
  let main = 0;
  for (let i = 1; i < sizes.length; i++) if (sizes[i] > sizes[main]) main = i;
  const water = WATER;
  for (let t = 0; t < label.length; t++) if (label[t] >= 0 && label[t] !== main) terrain[t] = water;
}

/** 1 where a walker can stand, 0 elsewhere: only water stops a walker. */
function passableTiles(terrain: Uint8Array): Uint8Array {
  const passable = new Uint8Array(terrain.length);
  const water = WATER;
  for (let i = 0; i < terrain.length; i++) passable[i] = terrain[i] === water ? 0 : 1;
  return passable;
}

/** The saved map (format version 2 on). `terrain` is absent in files migrated from format 1. */
export interface SavedMap {
  cols: number;
  rows: number;
  tileSize: number;
  fingerprint: string;
  terrain?: Uint8Array;
}

/**
 * The map a loaded world is built on: the saved terrain when the file holds it (checked against the
 * scenario's size, the terrain codes and the fingerprint), else the scenario's map rebuilt from the
 * seed (files from format 1), which MapSection.load then checks against the saved fingerprint.
 */
export function restoreMap(scenario: Scenario, rng: Rng, saved: unknown): TileMap {
  const d = saved as Partial<SavedMap> | undefined;
  if (!d || typeof d !== 'object' || d.terrain === undefined) return buildMap(scenario, rng);
  const { cols, rows, tileSize } = mapSize(scenario);
  if (d.cols !== cols || d.rows !== rows || d.tileSize !== tileSize) {
    throw new Error(`map section: the saved map is ${String(d.cols)} x ${String(d.rows)} tiles of ${String(d.tileSize)}, but the saved scenario makes ${cols} x ${rows} of ${tileSize}`);
  }
  const terrain = d.terrain;
  if (!(terrain instanceof Uint8Array) || terrain.length !== cols * rows) throw new Error(`map section: terrain must be ${cols * rows} bytes`);
  const kinds = TERRAIN_NAMES.length;
  for (let i = 0; i < terrain.length; i++) if (terrain[i] >= kinds) throw new Error(`map section: tile ${i} has unknown terrain ${terrain[i]}`);
  const map = new TileMap(cols, rows, tileSize, terrain);
  if (map.fingerprint() !== d.fingerprint) throw new Error('map section: the terrain does not match its fingerprint');
  return map;
}

/** Columns, rows and tile size of the scenario's map, without building it. */
function mapSize(scenario: Scenario): { cols: number; rows: number; tileSize: number } {
  const { width, height } = scenario.world;
  const drawn = scenario.map.rows;
  if (drawn) return { cols: drawn[0].length, rows: drawn.length, tileSize: width / drawn[0].length };
  const tileSize = scenario.map.tileSize ?? defaultTileSize(width, height);
  return { cols: Math.max(1, Math.ceil(width / tileSize)), rows: Math.max(1, Math.ceil(height / tileSize)), tileSize };
}

/**
 * Save section: the terrain (so a load restores the map instead of regenerating it) and its
 * fingerprint; a load checks the map the world was built on against the fingerprint.
 */
export class MapSection implements StateSection {
  readonly name = 'map';

  constructor(private readonly map: TileMap) {}

  save(): SavedMap {
    return { cols: this.map.cols, rows: this.map.rows, tileSize: this.map.tileSize, fingerprint: this.map.fingerprint(), terrain: this.map.terrain };
  }

  /** The fingerprint stands for the terrain (hashing every tile on each state hash would cost more than the rest of a small world). */
  hash(h: Hasher): void {
    h.u32(this.map.cols).u32(this.map.rows).f64(this.map.tileSize).str(this.map.fingerprint());
  }

  load(data: unknown): void {
    const d = data as Record<string, unknown>;
    if (!d || typeof d !== 'object' || typeof d.fingerprint !== 'string') throw new Error('map section: expected {cols, rows, tileSize, fingerprint, terrain}');
    const mine = this.save();
    if (d.cols !== mine.cols || d.rows !== mine.rows || d.tileSize !== mine.tileSize || d.fingerprint !== mine.fingerprint) {
      throw new Error(
        `map section: the save was made on a ${String(d.cols)} x ${String(d.rows)} map (fingerprint ${d.fingerprint}) but this scenario builds ${mine.cols} x ${mine.rows} (fingerprint ${mine.fingerprint}); load it with the scenario and seed it was saved with`,
      );
    }
  }
}
