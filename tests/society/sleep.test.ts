// A night's sleep: one action from bedtime until morning (what made the town's nights cheap), only
// at night, and cut short when another brain (an LLM answer) has something for the sleeper to do.

import { describe, expect, it } from 'vitest';
import { loadScenario } from '../../src/persistence/scenario-files';
import { createSociety } from '../../src/society/create';
import { Actions, DecisionProviders, IDLE } from '../../src/society/actions';
import { Action } from '../../src/society/components';

const village = loadScenario('village');

describe('sleep', () => {
  it('lasts until the night ends, and is refused by day', () => {
    const world = createSociety(village, { agents: 3, seed: 5 });
    const actions = world.resource(Actions);
    const eid = world.entities.alive()[0];
    const { nightEndHour, nightStartHour, workStartHour } = village.production;
    // Tick 0 is midnight: a sleeper wakes at nightEndHour, or, with no employer to walk to (nobody
    // has one yet), when working hours start (tests/production/work-day.test.ts has both).
    expect(actions.perform(world, eid, { type: 'sleep' })).toEqual({ ok: true });
    expect(nightEndHour).toBeLessThan(workStartHour);
    expect(world.store(Action).remaining[eid]).toBe((workStartHour * 60) / world.clock.minutesPerTick);
    world.clock.tick = (12 * 60) / world.clock.minutesPerTick; // noon
    const refused = actions.perform(world, eid, { type: 'sleep' });
    expect(refused.ok).toBe(false);
    expect(!refused.ok && refused.reason).toBe(`sleep: sleep is for the night (${nightStartHour}:00 to ${nightEndHour}:00); rest instead`);
  });

  it('the heuristic brain sleeps through the night in one action; an answer from another brain wakes a sleeper', () => {
    const world = createSociety(village, { agents: 40, seed: 5 });
    const sleep = world.resource(Actions).kindOf('sleep')!;
    const kind = world.store(Action).kind;
    world.run(3);
    const sleepers = world.entities.alive().filter((e) => kind[e] === sleep);
    expect(sleepers.length).toBeGreaterThan(10);
    // Sleepers make no decisions until morning: they are still asleep two hours later.
    world.run(4);
    for (const e of sleepers) expect(kind[e]).toBe(sleep);
    // Another brain answers for one sleeper: it gets up and does that.
    const woken = sleepers[0];
    world.resource(DecisionProviders).push((_w, eid) => (eid === woken ? { type: 'eat' } : null));
    world.step();
    expect(kind[woken]).not.toBe(sleep);
    expect(kind[woken] === world.resource(Actions).kindOf('eat') || kind[woken] === IDLE).toBe(true);
    expect(kind[sleepers[1]]).toBe(sleep);
  });
});
