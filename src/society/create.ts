// Building a society world from a scenario: the engine world, the plugins, the initial agents.

import { World } from '../engine/world';
import { spawnAgent } from './core/agents';
import { corePlugin } from './core/plugin';
import type { Scenario } from './scenario';
import './events';

export interface SocietyOptions {
  /** Overrides the scenario's seed. */
  seed?: number;
  /** Overrides the scenario's agent count. */
  agents?: number;
}

export function createSociety(scenario: Scenario, options: SocietyOptions = {}): World {
  const seed = options.seed ?? scenario.seed;
  const agents = options.agents ?? scenario.agents;
  const resolved: Scenario = { ...scenario, seed, agents };
  const world = new World({ seed, minutesPerTick: scenario.minutesPerTick, capacity: Math.max(1024, agents * 2) });
  world.use(corePlugin(resolved));
  for (let i = 0; i < agents; i++) spawnAgent(world);
  return world;
}
