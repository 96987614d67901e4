// The town (2,500 agents on a 500 x 500 map, every plugin, heuristic brain) for ten simulated days.
// Its workplaces lie far from its homes: when walking was too slow for the map, commuters never
// reached their farms and four in five starved within three weeks. This guards the town's viability.

import { describe, expect, it } from 'vitest';
import { loadScenario } from '../../src/persistence/scenario-files';
import { createSociety } from '../../src/society/create';
import { StockKey } from '../../src/society/economy/stock';

describe('the town over ten simulated days', () => {
  it('feeds itself: food made keeps up with food eaten and nobody starves', () => {
    const world = createSociety(loadScenario('town'));
    const start = world.entities.count;
    const causes: Record<string, number> = {};
    world.events.on('death', (e) => (causes[e.cause] = (causes[e.cause] ?? 0) + 1));
    world.run(world.clock.ticksPerDay * 10);
    expect(causes.starvation ?? 0).toBe(0);
    expect(world.entities.count).toBeGreaterThanOrEqual(start * 0.99);
    const stock = world.resource(StockKey);
    const made = stock.produced('food');
    const eaten = stock.consumed('food', 'eaten');
    expect(eaten).toBeGreaterThan(start * 10); // people eat (about 2 a day each)
    expect(made).toBeGreaterThan(0.8 * eaten);
  }, 120_000);
});
