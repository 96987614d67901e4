// The core plugin: the agent components, names, the basic actions, the spatial index, movement,
// vitals, the heuristic brain and the core metrics.

import type { ComponentDef } from '../../engine/component';
import { SpatialGrid } from '../../engine/spatial';
import type { Plugin } from '../../engine/schedule';
import type { World } from '../../engine/world';
import { ActionRegistry, Actions, DecisionProviders } from '../actions';
import { Action, Identity, Inventory, Motion, Position, Vitals, Wallet } from '../components';
import { MetricCollectors, Metrics, MetricsHistory, metricsSystem } from '../metrics/metrics';
import { Ledger, LedgerKey } from '../economy/ledger';
import { Stock, StockKey } from '../economy/stock';
import { NameTable } from '../names';
import type { Scenario } from '../scenario';
import { actSystem } from './act-system';
import { Names } from './agents';
import { BASIC_ACTIONS } from './basic-actions';
import { ScenarioConfig } from './config';
import { decideSystem } from './decide-system';
import { coreNeeds, coreRoutine, HeuristicContributors, HeuristicRoutines } from './heuristic-brain';
import { movementSystem } from './movement-system';
import { AgentGrid, spatialIndexSystem } from './spatial-system';
import { happinessSystem, vitalsSystem } from './vitals-system';

/**
 * Agent grid cells per social radius: towns crowd hundreds of agents into one radius-sized square,
 * and a k-nearest query scans its whole cell, so finer cells keep neighbour queries short; but every
 * tick's rebuild walks every cell, and at a quarter radius a 100,000-agent map has 1.6 million of
 * them (15 ms a tick). Half a radius: queries cost the same (town snapshots, 2,500 and 100,000
 * agents) and the rebuild a quarter.
 */
export const AGENT_GRID_CELLS_PER_RADIUS = 2;

export function corePlugin(scenario: Scenario): Plugin {
  return {
    name: 'core',
    build(world: World) {
      world.setResource(ScenarioConfig, scenario);
      for (const c of [Position, Motion, Vitals, Inventory, Wallet, Identity, Action] as ComponentDef[]) world.register(c);

      const names = new NameTable((eid) => world.isAlive(eid));
      world.setResource(Names, names);
      world.addState(names);
      world.onDespawn((_w, eid) => names.delete(eid));

      const ledger = new Ledger();
      world.setResource(LedgerKey, ledger);
      world.addState(ledger);
      const stock = new Stock();
      world.setResource(StockKey, stock);
      world.addState(stock);

      const registry = new ActionRegistry();
      for (const def of BASIC_ACTIONS) registry.add(def);
      world.setResource(Actions, registry);
      world.setResource(DecisionProviders, []);
      world.setResource(HeuristicContributors, [coreNeeds]);
      world.setResource(HeuristicRoutines, [coreRoutine]);

      world.setResource(AgentGrid, new SpatialGrid(scenario.world.width, scenario.world.height, scenario.socialRadius / AGENT_GRID_CELLS_PER_RADIUS));

      const history = new MetricsHistory();
      world.setResource(Metrics, history);
      world.addState(history);
      world.setResource(MetricCollectors, [coreMetrics]);

      world.addSystem(spatialIndexSystem);
      world.addSystem(decideSystem);
      world.addSystem(actSystem);
      world.addSystem(movementSystem);
      world.addSystem(vitalsSystem);
      world.addSystem(happinessSystem);
      world.addSystem(metricsSystem);
    },
  };
}

function coreMetrics(world: World): Record<string, number> {
  const alive = world.entities.alive();
  const v = world.store(Vitals);
  const inv = world.store(Inventory);
  const cash = world.store(Wallet).cash;
  let energy = 0;
  let health = 0;
  let hunger = 0;
  let happiness = 0;
  let food = 0;
  let money = 0;
  for (let i = 0; i < alive.length; i++) {
    const e = alive[i];
    energy += v.energy[e];
    health += v.health[e];
    hunger += v.hunger[e];
    happiness += v.happiness[e];
    food += inv.food[e];
    money += cash[e];
  }
  const n = Math.max(1, alive.length);
  return {
    population: alive.length,
    meanEnergy: energy / n,
    meanHealth: health / n,
    meanHunger: hunger / n,
    meanHappiness: happiness / n,
    totalFood: food,
    totalCashCents: money,
    // Every removal is a death (the social plugin emits 'death' for each despawn): count them once.
    deaths: world.events.count('despawn'),
  };
}
