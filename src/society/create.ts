// Building a society world from a scenario: the engine world, the plugins, the initial agents.

import type { Plugin } from '../engine/schedule';
import { World } from '../engine/world';
import { spawnAgent } from './core/agents';
import { corePlugin } from './core/plugin';
import { bankPlugin, marketsPlugin } from './economy/plugin';
import { treasuryPlugin } from './economy/treasury';
import { shocksPlugin } from './economy/shocks';
import { LedgerKey } from './economy/ledger';
import { StockKey } from './economy/stock';
import { productionPlugin } from './production/plugin';
import { worldPlugin } from './world/plugin';
import { socialPlugin } from './social/plugin';
import { settleInitialPopulation } from './world/settle-system';
import type { Scenario } from './scenario';
import { SavedSectionsKey } from './saved-sections';
import './events';

export interface SocietyOptions {
  /** Overrides the scenario's seed. */
  seed?: number;
  /** Overrides the scenario's agent count. */
  agents?: number;
  /** Extra plugins installed after the society's own (e.g. cognition, GPU systems). */
  plugins?: Plugin[];
  /** false: build the plugins only, spawn nobody, record no initial totals (a loaded world restores them). */
  populate?: boolean;
  /** A world being loaded: its decoded state sections by name, readable while the plugins build (see saved-sections.ts). */
  saved?: ReadonlyMap<string, unknown>;
  /** Entity capacity to start with (default twice the agents; arrays grow as needed). */
  capacity?: number;
}

/** The society's plugins, in install order. Each subsystem adds itself here. */
export function societyPlugins(scenario: Scenario): Plugin[] {
  return [corePlugin(scenario), worldPlugin(scenario), treasuryPlugin(), marketsPlugin(), bankPlugin(), productionPlugin(scenario), socialPlugin(scenario), shocksPlugin()];
}

export function createSociety(scenario: Scenario, options: SocietyOptions = {}): World {
  const seed = options.seed ?? scenario.seed;
  const agents = options.agents ?? scenario.agents;
  const resolved: Scenario = { ...scenario, seed, agents };
  const world = new World({ seed, minutesPerTick: scenario.minutesPerTick, capacity: options.capacity ?? Math.max(1024, agents * 2) });
  if (options.saved) world.setResource(SavedSectionsKey, options.saved);
  for (const plugin of societyPlugins(resolved)) world.use(plugin);
  for (const plugin of options.plugins ?? []) world.use(plugin);
  if (options.saved) world.setResource(SavedSectionsKey, undefined as never);
  if (options.populate === false) return world;
  populate(world, agents);
  if (world.hasPlugin('world')) settleInitialPopulation(world);
  world.resource(LedgerKey).setInitial(world);
  world.resource(StockKey).setInitial(world);
  return world;
}

/** Spawn the initial population (plugins may add households, jobs... through spawn hooks). */
function populate(world: World, agents: number): void {
  for (let i = 0; i < agents; i++) spawnAgent(world);
}
