// A hungry walker eats on the way without stopping: in a big world a walk lasts days, and a walker
// decides nothing until it arrives, so walkers starved on the way.

import { describe, expect, it } from 'vitest';
import { loadScenario } from '../../src/persistence/scenario-files';
import { createSociety } from '../../src/society/create';
import { Actions } from '../../src/society/actions';
import { Action, Inventory, Motion, Position, Vitals } from '../../src/society/components';
import { ScenarioConfig } from '../../src/society/core/config';

describe('a hungry walker', () => {
  it('eats while walking on, and only when hungry', () => {
    const world = createSociety(loadScenario('village'), { agents: 20, seed: 2 });
    const actions = world.resource(Actions);
    const [fed, hungry] = world.entities.alive();
    const p = world.store(Position);
    const v = world.store(Vitals);
    const inv = world.store(Inventory);
    for (const e of [fed, hungry]) {
      inv.food[e] = 3;
      p.x[e] = 5;
      p.y[e] = 5;
      expect(actions.perform(world, e, { type: 'move_to', x: 95, y: 95 })).toEqual({ ok: true });
    }
    v.hunger[fed] = 0.3;
    v.hunger[hungry] = 0.9;
    // A meal takes eatTicks; the unit is eaten at its end.
    const meal = world.resource(ScenarioConfig).actions.eatTicks;
    for (let i = 0; i < meal; i++) world.step();
    const kind = world.store(Action).kind;
    expect(kind[fed]).toBe(actions.kindOf('move_to'));
    // The hungry one has eaten one unit and is still on its way.
    expect(inv.food[hungry]).toBe(2);
    expect(v.hunger[hungry]).toBeLessThan(0.9 - 0.3);
    expect(world.store(Motion).moving[hungry]).toBe(1);
    expect(p.x[hungry]).toBeGreaterThan(5);
    // The meal over, it walks on to where it was going.
    world.step();
    expect(kind[hungry]).toBe(actions.kindOf('move_to'));
    let t = 0;
    while (t++ < 300 && !(p.x[hungry] === 95 && p.y[hungry] === 95)) world.step();
    expect(t).toBeLessThan(300); // it got there
  });
});
