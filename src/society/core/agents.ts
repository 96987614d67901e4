// Creating agents: every component set from the scenario's defaults, names in the side table.

import type { World } from '../../engine/world';
import { resourceKey } from '../../engine/world';
import { Action, BRAIN_HEURISTIC, Identity, Inventory, Motion, Position, Vitals, Wallet } from '../components';
import { makeName, makePersona, NameTable, PROFESSIONS, TRAITS } from '../names';
import { ScenarioConfig } from './config';

export const Names = resourceKey<NameTable>('names');

export interface AgentInit {
  x?: number;
  y?: number;
  age?: number;
  profession?: number;
  trait?: number;
  brain?: number;
  name?: string;
  familyName?: string;
  cash?: number;
}

/** Spawn one agent with the scenario's defaults, drawing what is not given from the "spawn" stream. */
export function spawnAgent(world: World, init: AgentInit = {}): number {
  const cfg = world.resource(ScenarioConfig);
  const rng = world.stream('spawn');
  const eid = world.spawn();
  const p = world.store(Position);
  p.x[eid] = init.x ?? rng.range(0, cfg.world.width);
  p.y[eid] = init.y ?? rng.range(0, cfg.world.height);
  const m = world.store(Motion);
  m.tx[eid] = p.x[eid];
  m.ty[eid] = p.y[eid];
  m.speed[eid] = cfg.agent.speed;
  const v = world.store(Vitals);
  v.energy[eid] = cfg.agent.initialEnergy;
  v.happiness[eid] = cfg.agent.initialHappiness;
  v.health[eid] = cfg.agent.initialHealth;
  v.hunger[eid] = 0;
  v.age[eid] = init.age ?? rng.range(cfg.agent.minAge, cfg.agent.maxAge);
  const inv = world.store(Inventory);
  inv.food[eid] = cfg.agent.initialFood;
  inv.materials[eid] = cfg.agent.initialMaterials;
  inv.tools[eid] = cfg.agent.initialTools;
  inv.energy[eid] = cfg.agent.initialEnergyItems;
  world.store(Wallet).cash[eid] = init.cash ?? cfg.agent.initialCash;
  const id = world.store(Identity);
  id.trait[eid] = init.trait ?? rng.int(TRAITS.length);
  id.profession[eid] = init.profession ?? rng.int(PROFESSIONS.length);
  id.brain[eid] = init.brain ?? BRAIN_HEURISTIC;
  world.store(Action).targetAgent[eid] = -1;
  const names = world.resource(Names);
  names.set(eid, {
    name: init.name ?? makeName(rng, init.familyName),
    persona: makePersona(rng, id.trait[eid], id.profession[eid]),
  });
  world.emit('spawn', { agent: eid, reason: 'scenario' });
  return eid;
}
