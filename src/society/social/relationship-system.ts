// Perceive phase: the per-tick interaction budget resets; once per proximity period (staggered by
// id) every agent notices its maxInteractionsPerTick nearest neighbours within the social radius
// (a new acquaintance at 0.1 with chance proximityMeetChance, an existing bond +0.01: the prototype's
// passive rule, with the GPU kernel's chance of a new connection), unless asleep; once a day non-kin
// bonds decay.

import type { EntityIndex } from '../../engine/entities';
import type { System } from '../../engine/schedule';
import type { World } from '../../engine/world';
import { Actions } from '../actions';
import { Action, Position } from '../components';
import { ScenarioConfig } from '../core/config';
import { AgentGrid } from '../core/spatial-system';
import { Social } from './components';
import { Relationships } from './relationship-graph';

let near = new Int32Array(16);

/** The alive agents by proximity phase (id % period), each phase's in alive-list order: ids[start[p]..start[p + 1]). */
interface PhaseLists {
  version: number;
  period: number;
  start: Int32Array;
  ids: Int32Array;
}

const phaseLists = new WeakMap<EntityIndex, PhaseLists>();

/**
 * The lists as of the alive list's current version: kept until an agent is born or dies, so a tick
 * walks its own phase's agents, not every agent with an id division each.
 */
function byPhase(entities: EntityIndex, period: number): PhaseLists {
  const kept = phaseLists.get(entities);
  if (kept !== undefined && kept.version === entities.version && kept.period === period) return kept;
  const alive = entities.alive();
  const start = new Int32Array(period + 1);
  for (let i = 0; i < alive.length; i++) start[(alive[i] % period) + 1]++;
  for (let q = 0; q < period; q++) start[q + 1] += start[q];
  const next = start.slice(0, period);
  const ids = new Int32Array(alive.length);
  for (let i = 0; i < alive.length; i++) ids[next[alive[i] % period]++] = alive[i];
  const lists = { version: entities.version, period, start, ids };
  phaseLists.set(entities, lists);
  return lists;
}

export const relationshipSystem: System = {
  name: 'relationships',
  phase: 'perceive',
  run(world: World) {
    const scenario = world.resource(ScenarioConfig);
    const cfg = scenario.social.relationships;
    // Every slot, the dead's too (a spawn clears its entity's components): one fill, no gather.
    world.store(Social).interactions.fill(0);
    const graph = world.resource(Relationships);
    // Each agent gets a proximity pass every proximityEveryTicks ticks, staggered by id so that each
    // tick handles 1/period of the agents: in a crowded square a neighbour query scans hundreds.
    const period = cfg.proximityEveryTicks;
    const phase = world.tick % period;
    const { start, ids } = byPhase(world.entities, period);
    const grid = world.resource(AgentGrid);
    const p = world.store(Position);
    const cap = cfg.maxInteractionsPerTick;
    const rng = world.stream('proximity');
    // Sleepers notice nobody.
    const kind = world.store(Action).kind;
    const sleeping = world.resource(Actions).kindOf('sleep') ?? -1;
    for (let i = start[phase]; i < start[phase + 1]; i++) {
      const a = ids[i];
      if (kind[a] === sleeping) continue;
      if (near.length < cap) near = new Int32Array(cap);
      const found = grid.nearestInto(p.x[a], p.y[a], cap, a, scenario.socialRadius, near);
      for (let j = 0; j < found; j++) {
        const b = near[j];
        if (!graph.noticed(a, b, cfg.proximityInitial, cfg.proximityGain) && rng.chance(cfg.proximityMeetChance)) graph.strengthen(a, b, cfg.proximityInitial, cfg.proximityGain);
      }
    }
    if (world.clock.isDayStart()) graph.decay(1 - cfg.decayPerDay, cfg.forgetBelow);
  },
};
