import { describe, expect, it } from 'vitest';
import { Rng } from '../../src/engine/rng';
import { loadScenario } from '../../src/persistence/scenario-files';
import { createSociety } from '../../src/society/create';
import { parseScenario, ScenarioError } from '../../src/society/scenario';
import { buildMap, labelRegions, MapKey, MapSection, mapFromRows } from '../../src/society/world/map';
import { WATER } from '../../src/society/world/terrain';

const village = loadScenario('village');

function connected(map: ReturnType<typeof buildMap>): boolean {
  const start = map.terrain.findIndex((t) => t !== WATER);
  const seen = new Uint8Array(map.size);
  const queue = [start];
  seen[start] = 1;
  let reached = 0;
  while (queue.length) {
    const t = queue.pop()!;
    reached++;
    const c = t % map.cols;
    const r = Math.floor(t / map.cols);
    for (const [dc, dr] of [[1, 0], [-1, 0], [0, 1], [0, -1]]) {
      const nc = c + dc;
      const nr = r + dr;
      if (nc < 0 || nr < 0 || nc >= map.cols || nr >= map.rows) continue;
      const u = nr * map.cols + nc;
      if (!seen[u] && map.passable[u]) {
        seen[u] = 1;
        queue.push(u);
      }
    }
  }
  return reached === map.passable.reduce((a, b) => a + b, 0);
}

describe('generated map', () => {
  it('is a deterministic function of the seed, and another seed gives another map', () => {
    const a = buildMap(village, Rng.fromSeed(5, 'map'));
    const b = buildMap(village, Rng.fromSeed(5, 'map'));
    const c = buildMap(village, Rng.fromSeed(6, 'map'));
    expect(a.fingerprint()).toBe(b.fingerprint());
    expect(c.fingerprint()).not.toBe(a.fingerprint());
    expect(createSociety(village, { agents: 5 }).resource(MapKey).fingerprint()).toBe(createSociety(village, { agents: 5 }).resource(MapKey).fingerprint());
  });

  it('meets the scenario shares and leaves no land cut off by water', () => {
    for (const seed of [1, 2, 3]) {
      const map = buildMap(village, Rng.fromSeed(seed, 'map'));
      const census = map.census();
      const n = map.size;
      expect(census.forest / n).toBeGreaterThan(0.12);
      expect(census.field / n).toBeGreaterThan(0.08);
      expect(census.stone / n).toBeGreaterThan(0.03);
      // Water is at least its share (islands are flooded), but not much more.
      expect(census.water / n).toBeGreaterThanOrEqual(0.07);
      expect(census.water / n).toBeLessThan(0.2);
      expect(connected(map)).toBe(true);
    }
  });

  it('maps tiles onto world coordinates', () => {
    const big = parseScenario({ name: 'big', world: { width: 3000, height: 1500 }, map: { water: 0.1 } });
    const map = buildMap(big, Rng.fromSeed(1, 'map'));
    expect(map.tileSize).toBe(3);
    expect(map.cols).toBe(1000);
    expect(map.rows).toBe(500);
    expect(map.tileAt(4.5, 7.9)).toBe(2 * 1000 + 1);
    expect(map.centreX(2 * 1000 + 1)).toBe(4.5);
    expect(map.centreY(2 * 1000 + 1)).toBe(7.5);
  });
});

describe('a map drawn in the scenario', () => {
  const rows = ['ggww', 'gfws', 'tgsg'];

  it('is used as drawn, tile size from the world size', () => {
    const s = parseScenario({ name: 'drawn', world: { width: 8, height: 6 }, map: { rows } });
    const map = buildMap(s, Rng.fromSeed(1, 'map'));
    expect(map.toRows()).toEqual(rows);
    expect(map.tileSize).toBe(2);
    expect(map.blocked(5, 1)).toBe(true); // row 0, column 2: water
    expect(map.blocked(1, 5)).toBe(false);
  });

  it('rejects bad maps with errors that name the problem', () => {
    const bad = (map: unknown, world = { width: 8, height: 6 }) => () => parseScenario({ name: 'bad', world, map });
    expect(bad({ rows: ['ggww', 'gfw', 'tgsg'] })).toThrow(/map\.rows\.1.*row 1 has 3 letters but row 0 has 4/);
    expect(bad({ rows: ['ggww', 'gxws', 'tgsg'] })).toThrow(/unknown terrain letter "x" at row 1, column 1/);
    expect(bad({ rows: ['ww', 'ww'] }, { width: 2, height: 2 })).toThrow(/all water/);
    expect(bad({ rows: [] })).toThrow(/at least one row/);
    expect(bad({ rows }, { width: 8, height: 8 })).toThrow(/4 x 3 tiles cannot cover a 8 x 8 world/);
    expect(bad({ rows, tileSize: 1 })).toThrow(/map\.tileSize.*disagrees/);
    expect(bad({ water: 0.5, forest: 0.5, stone: 0.2 })).toThrow(/must not exceed 1/);
    expect(bad({ colour: 'green' })).toThrow(ScenarioError);
  });

  it('a save from another map is refused by the map section', () => {
    const a = new MapSection(mapFromRows(['gg', 'gw'], 1));
    const b = new MapSection(mapFromRows(['gg', 'gg'], 1));
    expect(() => b.load(a.save())).toThrow(/load it with the scenario and seed it was saved with/);
    expect(() => a.load(a.save())).not.toThrow();
    expect(() => a.load({ nope: 1 })).toThrow(/map section/);
  });
});

/** The plain breadth-first labelling: regions numbered in the order of their first tile (row-major). */
function referenceLabels(cols: number, rows: number, passable: Uint8Array): Int32Array {
  const label = new Int32Array(cols * rows).fill(-1);
  let next = 0;
  for (let s = 0; s < label.length; s++) {
    if (label[s] >= 0 || !passable[s]) continue;
    const queue = [s];
    label[s] = next;
    while (queue.length > 0) {
      const t = queue.shift()!;
      const c = t % cols;
      for (const u of [c > 0 ? t - 1 : -1, c < cols - 1 ? t + 1 : -1, t - cols, t + cols]) {
        if (u >= 0 && u < label.length && label[u] < 0 && passable[u]) {
          label[u] = next;
          queue.push(u);
        }
      }
    }
    next++;
  }
  return label;
}

describe('map regions', () => {
  it('label the 4-way connected land exactly as a breadth-first search does (same regions, same numbers)', () => {
    const rng = new Rng([3, 1, 4, 1]);
    // Random land at several densities (many small regions, spirals of runs, one big region) and
    // shapes (one row, one column, a square).
    for (const [cols, rows] of [[1, 1], [37, 1], [1, 29], [40, 40], [61, 23]]) {
      for (const density of [0.3, 0.55, 0.8, 1]) {
        const passable = Uint8Array.from({ length: cols * rows }, () => (rng.float() < density ? 1 : 0));
        const label = labelRegions(cols, rows, passable);
        expect(label).toEqual(referenceLabels(cols, rows, passable));
      }
    }
    // A comb: runs that join only through a far row (each tooth's seeds are pushed from both sides).
    const cols = 21;
    const comb = Uint8Array.from({ length: cols * 15 }, (_, t) => (Math.floor(t / cols) === 14 || (t % cols) % 2 === 0 ? 1 : 0));
    const label = labelRegions(cols, 15, comb);
    expect(label).toEqual(referenceLabels(cols, 15, comb));
    expect(new Set(label.filter((l) => l >= 0))).toEqual(new Set([0]));
  });
});
