// The act phase: busy agents' actions tick down, call their tick hook each tick (only actions that
// have one, also after a definition is replaced), add their energyPerTick, and complete when their
// time is up.

import { describe, expect, it } from 'vitest';
import { loadScenario } from '../../src/persistence/scenario-files';
import { Actions, defineAction, IDLE, noArgs } from '../../src/society/actions';
import { Action, Vitals } from '../../src/society/components';
import { actSystem } from '../../src/society/core/act-system';
import { createSociety } from '../../src/society/create';

describe('act system', () => {
  it('calls the tick hook of the current definition every tick, completes at the end, and skips actions without one', () => {
    const world = createSociety(loadScenario('village'), { agents: 2 });
    const registry = world.resource(Actions);
    const calls: string[] = [];
    const base = { description: 'test', args: noArgs, validate: () => null, start: () => {} };
    const kind = registry.add(defineAction({ ...base, name: 'test_plain', complete: () => calls.push('plain done') }));
    const [a, b] = world.entities.alive();
    const act = world.store(Action);
    const busy = (eid: number, remaining: number) => {
      act.kind[eid] = kind;
      act.remaining[eid] = remaining;
    };
    busy(a, 2);
    act.kind[b] = IDLE;
    actSystem.run(world);
    expect(calls).toEqual([]);
    actSystem.run(world);
    expect(calls).toEqual(['plain done']);
    expect(act.kind[a]).toBe(IDLE);
    // Replaced by one with a tick hook: called for each busy tick, with the agent.
    registry.replace(defineAction({ ...base, name: 'test_plain', tick: (_w, eid) => calls.push(`tick ${eid}`), complete: () => calls.push('ticked done') }));
    calls.length = 0;
    busy(a, 2);
    actSystem.run(world);
    actSystem.run(world);
    expect(calls).toEqual([`tick ${a}`, `tick ${a}`, 'ticked done']);
    // And back to none.
    registry.replace(defineAction({ ...base, name: 'test_plain' }));
    calls.length = 0;
    busy(a, 2);
    actSystem.run(world);
    actSystem.run(world);
    expect(calls).toEqual([]);
    expect(act.kind[a]).toBe(IDLE);
  });

  it('adds the energy per tick of the current definition, capped at 1, to every agent engaged in it', () => {
    const world = createSociety(loadScenario('village'), { agents: 2 });
    const registry = world.resource(Actions);
    const base = { description: 'test', args: noArgs, validate: () => null, start: () => {} };
    const kind = registry.add(defineAction({ ...base, name: 'test_doze', energyPerTick: () => 0.25 }));
    const [a, b] = world.entities.alive();
    const act = world.store(Action);
    const energy = world.store(Vitals).energy;
    act.kind[a] = kind;
    act.remaining[a] = 10;
    act.kind[b] = IDLE;
    energy[a] = 0.5;
    energy[b] = 0.5;
    actSystem.run(world);
    expect([energy[a], energy[b]]).toEqual([0.75, 0.5]);
    actSystem.run(world);
    actSystem.run(world);
    expect(energy[a]).toBe(1);
    // Replaced by one without: no more gain.
    registry.replace(defineAction({ ...base, name: 'test_doze' }));
    energy[a] = 0.5;
    actSystem.run(world);
    expect(energy[a]).toBe(0.5);
  });
});
