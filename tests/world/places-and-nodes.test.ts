import { describe, expect, it } from 'vitest';
import { loadScenario } from '../../src/persistence/scenario-files';
import { decodeValue, encodeValue } from '../../src/persistence/section-codec';
import { Actions } from '../../src/society/actions';
import { Action, Inventory, Position } from '../../src/society/components';
import { spawnAgent } from '../../src/society/core/agents';
import { createSociety } from '../../src/society/create';
import { LedgerKey } from '../../src/society/economy/ledger';
import { StockKey } from '../../src/society/economy/stock';
import { parseScenario } from '../../src/society/scenario';
import { MapKey } from '../../src/society/world/map';
import { NODE_FIELD, NODE_FOREST, NodesKey } from '../../src/society/world/nodes';
import { assignHome, homeOccupancy, homeOf, PlacesKey } from '../../src/society/world/places';

const village = loadScenario('village');

describe('places and homes', () => {
  it('lays out a market, bank and hall, and gives every initial agent a home, at its door, on land', () => {
    const w = createSociety(village);
    const places = w.resource(PlacesKey);
    const map = w.resource(MapKey);
    for (const kind of ['market', 'bank', 'hall'] as const) expect(places.ofKind(kind)).toHaveLength(1);
    expect(places.ofKind('farm').length).toBeGreaterThan(0);
    const occupancy = homeOccupancy(w);
    const p = w.store(Position);
    for (const e of w.entities.alive()) {
      const home = places.get(homeOf(w, e))!;
      expect(home.kind).toBe('home');
      expect([p.x[e], p.y[e]]).toEqual([home.x, home.y]);
      expect(map.blocked(p.x[e], p.y[e])).toBe(false);
    }
    for (const h of places.ofKind('home')) expect(occupancy[h.id]).toBeLessThanOrEqual(village.map.homeCapacity);
    // No two places share a tile.
    expect(new Set(places.all().map((pl) => pl.tile)).size).toBe(places.count);
  });

  it('houses newcomers (a new home when all are full), and homes can be reassigned', () => {
    const w = createSociety({ ...village, map: { ...village.map, homeCapacity: 1 } }, { agents: 4 });
    const homes = w.resource(PlacesKey).ofKind('home').length;
    expect(homes).toBe(4);
    const baby = spawnAgent(w, { x: 1, y: 1 });
    expect(homeOf(w, baby)).toBe(-1);
    w.step();
    expect(w.resource(PlacesKey).ofKind('home').length).toBe(5);
    expect(w.resource(PlacesKey).get(homeOf(w, baby))!.kind).toBe('home');
    const [a, b] = w.entities.alive();
    assignHome(w, a, homeOf(w, b));
    expect(homeOf(w, a)).toBe(homeOf(w, b));
    expect(() => assignHome(w, a, w.resource(PlacesKey).ofKind('market')[0].id)).toThrow(/not a home/);
  });

  it('the places section refuses bad saves and round-trips good ones', () => {
    const w = createSociety(village, { agents: 10 });
    const places = w.resource(PlacesKey);
    const saved = places.save();
    const one = (kind: number, tile: number, names: unknown[] = []) => ({ kind: Uint8Array.of(kind), tile: Int32Array.of(tile), names });
    expect(() => places.load(one(99, 5))).toThrow(/unknown kind 99/);
    expect(() => places.load(one(0, -1))).toThrow(/outside the map/);
    expect(() => places.load(one(0, 5, [[1, 'x']]))).toThrow(/name for place 1, which does not exist/);
    expect(() => places.load([[0, 'home', 5, 'x']])).toThrow(/expected \{kind, tile, names\}/);
    expect(places.save()).toEqual(saved); // a refused load changed nothing
    expect(saved.names).toEqual(expect.arrayContaining([[0, 'market square']])); // default names ("home 3") are not stored
    places.load(decodeValue(encodeValue(saved, 'places'), 'places'));
    expect(places.save()).toEqual(saved);
    expect(places.all().map((p) => p.name)).toContain('home 3');
  });
});

describe('resource nodes', () => {
  const rows = ['ggffgg', 'ggffgg', 'gggggg', 'ttgggg'];
  const small = parseScenario({ name: 'plots', world: { width: 6, height: 4 }, agents: 1, map: { rows, fieldFood: 5, fieldRegrowPerDay: 2 }, production: { jobsPerCapita: 0 } });

  it('gathering needs a node within reach, yields from it, depletes it, and it regrows day by day up to capacity', () => {
    const w = createSociety(small, { agents: 1 });
    const eid = w.entities.alive()[0];
    const nodes = w.resource(NodesKey);
    const registry = w.resource(Actions);
    const p = w.store(Position);
    p.x[eid] = 0.5;
    p.y[eid] = 2.5;
    expect(registry.check(w, eid, { type: 'gather', resource: 'food' })).toMatchObject({ ok: false, reason: expect.stringMatching(/nothing to gather within reach.*nearest field at \(2\.5, 1\.5\)/) });
    // The heuristic only asks whether (brief): the same verdict without the search for hints.
    expect(registry.check(w, eid, { type: 'gather', resource: 'food' }, true)).toEqual({ ok: false, reason: 'gather: nothing to gather within reach' });
    p.x[eid] = 2.5;
    p.y[eid] = 1.5;
    const total = () => nodes.levels().stock[NODE_FIELD];
    expect(total()).toBe(20);
    const food0 = w.store(Inventory).food[eid];
    // Gather until the four field tiles are bare.
    for (let i = 0; i < 40 && total() > 0; i++) {
      expect(registry.perform(w, eid, { type: 'gather_resources' })).toEqual({ ok: true });
      w.store(Action).kind[eid] = 0;
      registry.get('gather_resources')!.complete!(w, eid);
    }
    expect(total()).toBe(0);
    expect(w.store(Inventory).food[eid] - food0).toBe(20);
    expect(registry.check(w, eid, { type: 'gather', resource: 'food' }).ok).toBe(false);
    // Forest still has wood but is out of reach.
    expect(registry.check(w, eid, { type: 'gather', resource: 'wood' }).ok).toBe(false);
    // Regrowth: 2 per node per day, up to 5.
    nodes.regrow();
    expect(total()).toBe(8);
    nodes.regrow();
    nodes.regrow();
    nodes.regrow();
    expect(total()).toBe(20);
    expect(nodes.levels().stock[NODE_FOREST]).toBe(2 * small.map.forestWood);
    expect(w.resource(StockKey).discrepancy(w).food).toBe(0);
  });

  it('regrows in the simulation once a day, and the nodes section validates its data', () => {
    const w = createSociety(small, { agents: 1 });
    const nodes = w.resource(NodesKey);
    nodes.take(nodes.atTile[2], 5);
    w.run(w.clock.ticksPerDay + 1);
    expect(nodes.stock[nodes.atTile[2]]).toBe(2);
    expect(() => nodes.load([1, 2])).toThrow(/2 stock levels for a map with 6 resource nodes/);
    expect(() => nodes.load([99, 0, 0, 0, 0, 0])).toThrow(/node 0 \(field\) has stock 99, outside 0..5/);
    expect(nodes.stock[nodes.atTile[2]]).toBe(2);
    expect(w.resource(LedgerKey).discrepancy(w)).toBe(0);
    // A loaded world regrows what the save left depleted, and its levels count it.
    const saved = nodes.save();
    saved[nodes.atTile[3]] = 1;
    const other = createSociety(small, { agents: 1 }).resource(NodesKey);
    other.load(saved);
    expect(other.levels().stock[NODE_FIELD]).toBe(20 - 3 - 4);
    other.regrow();
    expect(other.stock[nodes.atTile[3]]).toBe(3);
    expect(other.stock[nodes.atTile[2]]).toBe(4);
    expect(other.levels().stock[NODE_FIELD]).toBe(20 - 1 - 2);
  });

  it('stocks only fall within a generation (answers kept by generation rely on it); regrowth and a load start a new one', () => {
    const w = createSociety(village);
    const nodes = w.resource(NodesKey);
    let before = nodes.stock.slice();
    let generation = nodes.generation;
    let fell = 0;
    let generations = 0;
    for (let t = 0; t < 2 * w.clock.ticksPerDay; t++) {
      w.step();
      if (nodes.generation === generation) {
        for (let i = 0; i < nodes.count; i++) {
          expect(nodes.stock[i]).toBeLessThanOrEqual(before[i]);
          if (nodes.stock[i] < before[i]) fell++;
        }
      } else generations++;
      before = nodes.stock.slice();
      generation = nodes.generation;
    }
    expect(fell).toBeGreaterThan(0); // the villagers worked the fields
    expect(generations).toBeGreaterThanOrEqual(1); // a regrowth at the day start
    nodes.load(nodes.save());
    expect(nodes.generation).toBe(generation + 1);
  });

  it('hold stock and regrow per square unit of land: a map of 3-unit tiles holds 9 times as much per node', () => {
    // The same drawn map at 1 and at 3 units per tile (18 x 12 units).
    const wide = parseScenario({ ...small, world: { width: 18, height: 12 } });
    const [fine, coarse] = [small, wide].map((s) => createSociety(s, { agents: 1, seed: 1 }).resource(NodesKey));
    expect(coarse.count).toBe(fine.count);
    for (let k = 0; k < 3; k++) {
      expect(coarse.capacity[k]).toBeCloseTo(fine.capacity[k] * 9, 4);
      expect(coarse.regrowPerDay[k]).toBeCloseTo(fine.regrowPerDay[k] * 9, 4);
    }
    expect(fine.capacity[NODE_FIELD]).toBe(5);
  });

  it('anyWithin answers as within() would, at random points, radii and stock levels', () => {
    const world = createSociety(loadScenario('village'), { agents: 5, seed: 4 });
    const nodes = world.resource(NodesKey);
    const rng = world.stream('test');
    for (let i = 0; i < nodes.count; i++) nodes.stock[i] = rng.range(0, 3);
    for (let q = 0; q < 500; q++) {
      const [x, y, radius, kind] = [rng.range(0, 100), rng.range(0, 100), rng.range(0.5, 8), rng.int(3)];
      const expected = nodes.within(kind, x, y, radius).some((n) => nodes.stock[n] >= 1);
      expect(nodes.anyWithin(kind, x, y, radius, 1)).toBe(expected);
    }
  });

  it('nearest answers as a scan of every node would (ties: lowest id), from node centres, beside nodes and far from them', () => {
    const world = createSociety(loadScenario('village'), { agents: 5, seed: 4 });
    const nodes = world.resource(NodesKey);
    const rng = world.stream('test');
    const scan = (kind: number, x: number, y: number, min: number, maxDistance: number) => {
      let best = -1;
      let bestD = maxDistance * maxDistance;
      for (let n = 0; n < nodes.count; n++) {
        if (nodes.kind[n] !== kind || nodes.stock[n] < min) continue;
        const d = (nodes.x(n) - x) ** 2 + (nodes.y(n) - y) ** 2;
        if (d < bestD || (d === bestD && n < best)) [best, bestD] = [n, d];
      }
      return best;
    };
    let fromCentre = 0;
    for (const bare of [0.2, 0.9, 1]) {
      // Most nodes bare, then all of them: the answer is often far away, or none.
      for (let i = 0; i < nodes.count; i++) nodes.stock[i] = rng.chance(bare) ? 0 : rng.range(0, 3);
      for (let q = 0; q < 400; q++) {
        // A third at a node's centre (where a walk to it ends), some at whole coordinates (ties), the rest anywhere, off the map too.
        const at = rng.int(nodes.count);
        const [x, y] = q % 3 === 0 ? [nodes.x(at), nodes.y(at)] : q % 3 === 1 ? [Math.round(rng.range(0, 100)), Math.round(rng.range(0, 100))] : [rng.range(-5, 105), rng.range(-5, 105)];
        const [kind, min, maxDistance] = [q % 6 === 0 ? nodes.kind[at] : rng.int(3), q % 5 === 0 ? 2 : 1, q % 4 === 0 ? rng.range(0, 6) : q % 7 === 0 ? 0 : Infinity];
        const expected = scan(kind, x, y, min, maxDistance);
        expect(nodes.nearest(kind, x, y, min, maxDistance)).toBe(expected);
        if (expected === at && x === nodes.x(at) && y === nodes.y(at)) fromCentre++;
      }
    }
    expect(fromCentre).toBeGreaterThan(10); // the answer from a node's own centre was asked for, not only the rings
  });

  it('withinPlace lists what within() lists, once per place', () => {
    const world = createSociety(loadScenario('village'), { agents: 5, seed: 4 });
    const nodes = world.resource(NodesKey);
    const rng = world.stream('test');
    for (let q = 0; q < 50; q++) {
      const [x, y, kind] = [rng.range(0, 100), rng.range(0, 100), rng.int(3)];
      const list = nodes.withinPlace(kind, x, y, 6);
      expect(list).toEqual(nodes.within(kind, x, y, 6));
      expect(nodes.withinPlace(kind, x, y, 6)).toBe(list);
    }
  });
});
