import { describe, expect, it } from 'vitest';
import { defineComponent } from '../../src/engine/component';
import { EntityIndex } from '../../src/engine/entities';
import { World } from '../../src/engine/world';

const Health = defineComponent('Health', { hp: 'f32', flags: 'u8' });

describe('EntityIndex', () => {
  it('recycles ids with a new generation, so old references do not resolve', () => {
    const idx = new EntityIndex(4);
    const a = idx.create();
    const b = idx.create();
    const refA = idx.ref(a);
    idx.destroy(a);
    expect(idx.isAlive(a)).toBe(false);
    expect(idx.resolves(refA)).toBe(false);
    const c = idx.create();
    expect(c).toBe(a); // id reused
    expect(idx.resolves(refA)).toBe(false); // but the old reference does not point at the newcomer
    expect(idx.resolves(idx.ref(c))).toBe(true);
    expect(idx.isAlive(b)).toBe(true);
    expect(() => idx.destroy(a + 100)).toThrow(/not alive/);
  });

  it('moves its version on with every change to the alive list, and only then', () => {
    const idx = new EntityIndex(4);
    const seen = [idx.version];
    const a = idx.create();
    seen.push(idx.version);
    idx.create();
    seen.push(idx.version);
    idx.isAlive(a);
    idx.ref(a);
    idx.grow(64);
    expect(idx.version).toBe(seen[2]);
    idx.destroy(a);
    seen.push(idx.version);
    idx.load(idx.save());
    seen.push(idx.version);
    expect(new Set(seen).size).toBe(seen.length);
  });

  it('grows past its initial capacity', () => {
    const idx = new EntityIndex(2);
    const ids = Array.from({ length: 50 }, () => idx.create());
    expect(new Set(ids).size).toBe(50);
    expect(idx.count).toBe(50);
  });

  it('save and load restore ids, order, generations and the reuse order', () => {
    const idx = new EntityIndex(8);
    for (let i = 0; i < 6; i++) idx.create();
    idx.destroy(2);
    idx.destroy(4);
    const copy = new EntityIndex(8);
    copy.load(structuredClone(idx.save()));
    expect(Array.from(copy.alive())).toEqual(Array.from(idx.alive()));
    expect(copy.generation(2)).toBe(idx.generation(2));
    expect(copy.create()).toBe(idx.create());
    expect(copy.create()).toBe(idx.create());
    expect(copy.create()).toBe(idx.create());
  });

  it('load rejects inconsistent state without changing anything', () => {
    const idx = new EntityIndex(8);
    idx.create();
    const before = idx.save();
    expect(() => idx.load({ dense: Int32Array.of(0, 0), alive: 2, nextId: 2, generations: Uint32Array.of(0, 0) })).toThrow(/listed twice/);
    expect(() => idx.load({ dense: Int32Array.of(5), alive: 1, nextId: 1, generations: Uint32Array.of(0) })).toThrow(/out of range/);
    expect(() => idx.load({ dense: Int32Array.of(0), alive: 3, nextId: 1, generations: Uint32Array.of(0) })).toThrow(/alive count/);
    expect(idx.save()).toEqual(before);
  });
});

describe('World entities and components', () => {
  it('a newborn on a recycled id inherits no component data', () => {
    const world = new World({ seed: 1, minutesPerTick: 10, capacity: 16 });
    const h = world.register(Health);
    const a = world.spawn();
    h.hp[a] = 42;
    h.flags[a] = 7;
    world.despawn(a, 'test');
    const b = world.spawn();
    expect(b).toBe(a);
    expect(world.store(Health).hp[b]).toBe(0);
    expect(world.store(Health).flags[b]).toBe(0);
  });

  it('component arrays grow with the entity count and keep their data', () => {
    const world = new World({ seed: 1, minutesPerTick: 10, capacity: 16 });
    world.register(Health);
    const ids: number[] = [];
    for (let i = 0; i < 100; i++) {
      const e = world.spawn();
      world.store(Health).hp[e] = i;
      ids.push(e);
    }
    expect(world.store(Health).hp.length).toBeGreaterThanOrEqual(100);
    expect(ids.map((e) => world.store(Health).hp[e])).toEqual(ids.map((_, i) => i));
  });

  it('despawn hooks run before the id is freed, and deferred despawns wait for the end of the tick', () => {
    const world = new World({ seed: 1, minutesPerTick: 10 });
    world.register(Health);
    const seen: number[] = [];
    world.onDespawn((w, eid) => seen.push(w.isAlive(eid) ? eid : -1));
    const e = world.spawn();
    world.addSystem({ name: 'kill', phase: 'life', run: (w) => w.despawnLater(e, 'old age') });
    world.addSystem({ name: 'check', phase: 'cleanup', run: (w) => expect(w.isAlive(e)).toBe(true) });
    world.step();
    expect(world.isAlive(e)).toBe(false);
    expect(seen).toEqual([e]);
    expect(world.events.recent('despawn').at(-1)).toMatchObject({ agent: e, reason: 'old age' });
  });

  it('rejects a second, different definition under the same name', () => {
    const world = new World({ seed: 1, minutesPerTick: 10 });
    world.register(Health);
    expect(world.register(Health)).toBe(world.store(Health));
    expect(() => world.register(defineComponent('Health', { hp: 'i32' }))).toThrow(/another definition/);
    expect(() => world.store(defineComponent('Missing', { a: 'u8' }))).toThrow(/not registered/);
    expect(() => defineComponent('bad name', { a: 'u8' })).toThrow(/identifier/);
    expect(() => defineComponent('Bad', { a: 'f64' as 'f32' })).toThrow(/unknown field kind/);
  });
});
