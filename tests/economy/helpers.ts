// A small world with only the core and the economy plugins (no map, production or social life), so
// these tests exercise the markets, bank and treasury alone and stay fast.

import { World } from '../../src/engine/world';
import { DecisionProviders } from '../../src/society/actions';
import { spawnAgent } from '../../src/society/core/agents';
import { corePlugin } from '../../src/society/core/plugin';
import { LedgerKey } from '../../src/society/economy/ledger';
import { bankPlugin, marketsPlugin } from '../../src/society/economy/plugin';
import { StockKey } from '../../src/society/economy/stock';
import { treasuryPlugin } from '../../src/society/economy/treasury';
import { parseScenario, type ScenarioInput } from '../../src/society/scenario';

/** With `resting`, every agent's brain answers "rest", so only the test moves money and goods. */
export function economyWorld(agents = 4, overrides: Partial<ScenarioInput> = {}, seed = 1, resting = true): World {
  // Nobody gets hungry unless a test says so: resting agents would otherwise starve within days.
  const scenario = parseScenario({ name: 'economy-test', agents, vitals: { hungerPerDay: 0 }, ...overrides });
  const world = new World({ seed, minutesPerTick: scenario.minutesPerTick, capacity: 64 });
  for (const p of [corePlugin(scenario), treasuryPlugin(), marketsPlugin(), bankPlugin()]) world.use(p);
  if (resting) world.resource(DecisionProviders).push(() => ({ type: 'rest' }));
  for (let i = 0; i < agents; i++) spawnAgent(world);
  world.resource(LedgerKey).setInitial(world);
  world.resource(StockKey).setInitial(world);
  return world;
}
