import { describe, expect, it } from 'vitest';
import { World } from '../../src/engine/world';

describe('Schedule', () => {
  it('runs phases in their fixed order and systems in registration order within a phase', () => {
    const world = new World({ seed: 1, minutesPerTick: 10 });
    const order: string[] = [];
    const sys = (name: string, phase: Parameters<World['addSystem']>[0]['phase']) => ({ name, phase, run: () => void order.push(name) });
    world.addSystem(sys('metrics-a', 'metrics'));
    world.addSystem(sys('act-a', 'act'));
    world.addSystem(sys('input-a', 'input'));
    world.addSystem(sys('act-b', 'act'));
    world.addSystem(sys('decide-a', 'decide'));
    world.step();
    expect(order).toEqual(['input-a', 'decide-a', 'act-a', 'act-b', 'metrics-a']);
    expect(world.tick).toBe(1);
  });

  it('rejects duplicate system names and unknown phases', () => {
    const world = new World({ seed: 1, minutesPerTick: 10 });
    world.addSystem({ name: 'x', phase: 'act', run: () => {} });
    expect(() => world.addSystem({ name: 'x', phase: 'life', run: () => {} })).toThrow(/already registered/);
    expect(() => world.addSystem({ name: 'y', phase: 'nope' as 'act', run: () => {} })).toThrow(/unknown phase/);
  });

  it('plugins install once and check their dependencies', () => {
    const world = new World({ seed: 1, minutesPerTick: 10 });
    let builds = 0;
    const a = { name: 'a', build: () => void builds++ };
    const b = { name: 'b', dependsOn: ['a'], build: () => void builds++ };
    expect(() => world.use(b)).toThrow(/needs plugin "a"/);
    world.use(a).use(a).use(b);
    expect(builds).toBe(2);
    expect(world.hasPlugin('b')).toBe(true);
  });

  it('profiles systems only when asked', () => {
    const world = new World({ seed: 1, minutesPerTick: 10 });
    world.addSystem({ name: 'p', phase: 'act', run: () => {} });
    world.step();
    expect(world.schedule.timings.size).toBe(0);
    world.schedule.profile = true;
    world.step();
    expect(world.schedule.timings.get('p')).toBeGreaterThanOrEqual(0);
  });
});
