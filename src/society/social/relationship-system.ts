// Perceive phase: the per-tick interaction budget resets; once a day (proximityEveryTicks), at a
// waking hour set by its id, every agent notices its maxInteractionsPerTick nearest neighbours within
// the social radius (a new acquaintance at 0.1 with chance proximityMeetChance, an existing bond
// +0.01: the prototype's passive rule, once a step, with the GPU kernel's chance of a new
// connection), unless asleep; once a day non-kin bonds decay.

import type { System } from '../../engine/schedule';
import type { World } from '../../engine/world';
import { Actions } from '../actions';
import { Action, Position } from '../components';
import { ScenarioConfig } from '../core/config';
import { AgentGrid } from '../core/spatial-system';
import { Social } from './components';
import { Relationships, type RelationGraph } from './relationship-graph';

let near = new Int32Array(16);
/** Whether an agent whose id leaves r over the proximity hours has its pass this tick. */
let due = new Uint8Array(0);

export const relationshipSystem: System = {
  name: 'relationships',
  phase: 'perceive',
  run(world: World) {
    const cfg = world.resource(ScenarioConfig).social.relationships;
    // Every slot, the dead's too (a spawn clears its entity's components): one fill, no gather.
    world.store(Social).interactions.fill(0);
    const graph = world.resource(Relationships);
    const hours = proximityTicks(world, cfg.proximityHours);
    const perDay = world.clock.ticksPerDay;
    const sinceFrom = (((world.tick - hours.from) % perDay) + perDay) % perDay;
    if (sinceFrom < hours.length) proximityPass(world, graph, sinceFrom, hours.length);
    if (world.clock.isDayStart()) graph.decay(1 - cfg.decayPerDay, cfg.forgetBelow);
  },
};

/**
 * The passes of this tick, `sinceFrom` ticks into the proximity hours: each agent's falls at a time of
 * them set by its id, so that each of their ticks handles an equal share (in a crowded square a
 * neighbour query scans hundreds), and again every proximityEveryTicks before or after it within them.
 */
function proximityPass(world: World, graph: RelationGraph, sinceFrom: number, hours: number): void {
  const scenario = world.resource(ScenarioConfig);
  const cfg = scenario.social.relationships;
  const period = cfg.proximityEveryTicks;
  const alive = world.entities.alive();
  const grid = world.resource(AgentGrid);
  const p = world.store(Position);
  const cap = cfg.maxInteractionsPerTick;
  const rng = world.stream('proximity');
  // Sleepers notice nobody.
  const kind = world.store(Action).kind;
  const sleeping = world.resource(Actions).kindOf('sleep') ?? -1;
  // Tabled by id mod hours: one division per agent in this loop over everyone, not two.
  if (due.length < hours) due = new Uint8Array(hours);
  for (let r = 0; r < hours; r++) due[r] = (sinceFrom - r) % period === 0 ? 1 : 0;
  for (let i = 0; i < alive.length; i++) {
    const a = alive[i];
    if (due[a % hours] === 0 || kind[a] === sleeping) continue;
    if (near.length < cap) near = new Int32Array(cap);
    const found = grid.nearestInto(p.x[a], p.y[a], cap, a, scenario.socialRadius, near);
    for (let j = 0; j < found; j++) {
      const b = near[j];
      if (!graph.noticed(a, b, cfg.proximityInitial, cfg.proximityGain) && rng.chance(cfg.proximityMeetChance)) graph.strengthen(a, b, cfg.proximityInitial, cfg.proximityGain);
    }
  }
}

/** The proximity hours as ticks of the day: the first, and how many (hours through midnight wrap; from = to is the whole day). */
function proximityTicks(world: World, hours: { from: number; to: number }): { from: number; length: number } {
  const perDay = world.clock.ticksPerDay;
  const from = Math.round((hours.from * perDay) / 24) % perDay;
  const to = Math.round((hours.to * perDay) / 24) % perDay;
  return { from, length: to > from ? to - from : perDay - from + to };
}
