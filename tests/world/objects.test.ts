import { describe, expect, it } from 'vitest';
import { Actions } from '../../src/society/actions';
import { Inventory, Position, Vitals } from '../../src/society/components';
import { Names } from '../../src/society/core/agents';
import { createSociety } from '../../src/society/create';
import { StockKey } from '../../src/society/economy/stock';
import { parseScenario } from '../../src/society/scenario';
import { ObjectsKey } from '../../src/society/world/objects';
import { describeSurroundings } from '../../src/society/world/perception';

const scenario = parseScenario({ name: 'green', world: { width: 40, height: 40 }, agents: 3, map: { water: 0, forest: 0, stone: 0, field: 0 }, production: { jobsPerCapita: 0 } });

function place(w: ReturnType<typeof createSociety>, eid: number, x: number, y: number) {
  w.store(Position).x[eid] = x;
  w.store(Position).y[eid] = y;
}

describe('create_object', () => {
  it('places an object at the maker, costs materials and energy, gives happiness, and nearby agents see it', () => {
    const w = createSociety(scenario);
    const [maker, near, far] = w.entities.alive();
    place(w, maker, 10.2, 10.7);
    place(w, near, 13, 11);
    place(w, far, 30, 30);
    const v = w.store(Vitals);
    const before = { materials: w.store(Inventory).materials[maker], energy: v.energy[maker], happiness: v.happiness[maker] };
    const registry = w.resource(Actions);
    expect(registry.perform(w, maker, { type: 'create_object', description: 'a carved wooden owl' })).toEqual({ ok: true });
    const objects = w.resource(ObjectsKey);
    expect(objects.count).toBe(1);
    const obj = objects.all()[0];
    expect([obj.x, obj.y]).toEqual([w.store(Position).x[maker], w.store(Position).y[maker]]);
    expect(obj.creator).toEqual(w.entities.ref(maker));
    expect(obj.createdTick).toBe(0);
    expect(w.store(Inventory).materials[maker]).toBe(before.materials - 1);
    expect(v.energy[maker]).toBeCloseTo(before.energy - 0.1, 5);
    expect(v.happiness[maker]).toBeCloseTo(Math.min(1, before.happiness + 0.1), 5);
    expect(w.events.recent('objectCreated')[0]).toMatchObject({ agent: maker, object: obj.id, kind: 'object' });

    expect(objects.near(13, 11, 5).map((o) => o.id)).toEqual([obj.id]);
    expect(objects.near(30, 30, 5)).toEqual([]);
    const seenNear = describeSurroundings(w, near).join(' ');
    expect(seenNear).toContain('a carved wooden owl');
    expect(seenNear).toContain(w.resource(Names).get(maker)!.name);
    expect(describeSurroundings(w, far).join(' ')).not.toContain('owl');
    expect(w.resource(StockKey).discrepancy(w).materials).toBe(0);
  });

  it('a building takes a free tile (here or next door) and 10 materials; bad requests are refused with reasons', () => {
    const w = createSociety(scenario);
    const [maker] = w.entities.alive();
    place(w, maker, 20.5, 20.5);
    const registry = w.resource(Actions);
    w.store(Inventory).materials[maker] = 9;
    expect(registry.perform(w, maker, { type: 'create_object', kind: 'building', description: 'a barn' })).toEqual({ ok: false, reason: 'create_object: a building needs 10 materials; you have 9' });
    expect(registry.perform(w, maker, { type: 'create_object', description: '' }).ok).toBe(false);
    expect(registry.perform(w, maker, { type: 'create_object', description: 'x'.repeat(201) }).ok).toBe(false);
    w.store(Inventory).materials[maker] = 100;
    const sites = new Set<string>();
    for (let i = 0; i < 9; i++) {
      w.store(Vitals).energy[maker] = 1;
      expect(registry.perform(w, maker, { type: 'create_object', kind: 'building', description: `house ${i}` })).toEqual({ ok: true });
      const b = w.resource(ObjectsKey).all()[i];
      sites.add(`${b.x},${b.y}`);
      expect(Math.max(Math.abs(b.x - 20.5), Math.abs(b.y - 20.5))).toBeLessThanOrEqual(1);
    }
    expect(sites.size).toBe(9); // one building per tile
    w.store(Vitals).energy[maker] = 1;
    expect(registry.perform(w, maker, { type: 'create_object', kind: 'building', description: 'one too many' })).toEqual({ ok: false, reason: 'create_object: no free tile here or next to you for a building' });
    expect(w.store(Inventory).materials[maker]).toBe(10);
  });

  it('objects persist through save/load, and a dead maker is never confused with the newcomer who gets the id', () => {
    const w = createSociety(scenario);
    const [maker] = w.entities.alive();
    w.resource(Actions).perform(w, maker, { type: 'create_object', description: 'a lantern' });
    const objects = w.resource(ObjectsKey);
    const saved = JSON.parse(JSON.stringify(objects.save()));
    w.despawn(maker, 'test');
    const newcomer = w.spawn();
    expect(newcomer).toBe(maker);
    const obj = objects.all()[0];
    expect(w.entities.resolves(obj.creator)).toBe(false);
    expect(objects.byCreator(w.entities.ref(newcomer))).toEqual([]);
    expect(() => objects.load({ nextId: 1, objects: [[1, 'object', 'x', 0, 0, 0, 0, 0]] })).toThrow(/bad or repeated id 1/);
    expect(() => objects.load({ nextId: 5, objects: [[1, 'statue', 'x', 0, 0, 0, 0, 0]] })).toThrow(/unknown kind "statue"/);
    expect(objects.count).toBe(1);
    objects.load(saved);
    expect(objects.save()).toEqual(saved);
  });
});
