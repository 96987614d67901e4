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

/**
 * The alive list's positions grouped by id mod the proximity hours, each group in list order, for
 * the alive list's version and hours they were made for: a tick visits only its due agents, not
 * everyone (the pass falls on about one agent in thirty each waking tick).
 */
interface DueGroups {
  version: number;
  hours: number;
  /** Group r's positions are at[first[r]] .. at[first[r + 1] - 1]. */
  first: Int32Array;
  at: Int32Array;
  /** The positions of this tick's due agents when several groups are due. */
  merged: Int32Array;
}

const dueGroups = new WeakMap<World, DueGroups>();

function groupsOf(world: World, alive: Int32Array, hours: number): DueGroups {
  let g = dueGroups.get(world);
  const version = world.entities.version;
  if (g !== undefined && g.version === version && g.hours === hours) return g;
  if (g === undefined || g.at.length < alive.length || g.first.length < hours + 1) {
    const size = Math.max(64, 2 * alive.length);
    g = { version, hours, first: new Int32Array(hours + 1), at: new Int32Array(size), merged: new Int32Array(size) };
    dueGroups.set(world, g);
  }
  g.version = version;
  g.hours = hours;
  const { first, at } = g;
  first.fill(0, 0, hours + 1);
  for (let i = 0; i < alive.length; i++) first[(alive[i] % hours) + 1]++;
  for (let r = 0; r < hours; r++) first[r + 1] += first[r];
  // Laid out from the back so that each group keeps list order.
  const end = first.slice(0, hours + 1);
  for (let i = alive.length - 1; i >= 0; i--) at[--end[(alive[i] % hours) + 1]] = i;
  return g;
}

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
  const { first, at, merged } = groupsOf(world, alive, hours);
  // The groups due now: usually one (an agent's pass comes round every proximityEveryTicks, and
  // that is a day by default).
  let due = 0;
  let last = 0;
  for (let r = 0; r < hours; r++) {
    if ((sinceFrom - r) % period !== 0) continue;
    due++;
    last = r;
  }
  let positions = at;
  let from = first[last];
  let to = due === 0 ? from : first[last + 1];
  if (due > 1) {
    // The due agents in list order, as a pass over the whole list would meet them.
    positions = merged;
    from = 0;
    to = 0;
    for (let r = 0; r < hours; r++) {
      if ((sinceFrom - r) % period !== 0) continue;
      merged.set(at.subarray(first[r], first[r + 1]), to);
      to += first[r + 1] - first[r];
    }
    merged.subarray(0, to).sort();
  }
  if (near.length < cap) near = new Int32Array(cap);
  for (let j = from; j < to; j++) {
    const a = alive[positions[j]];
    if (kind[a] === sleeping) continue;
    const found = grid.nearestInto(p.x[a], p.y[a], cap, a, scenario.socialRadius, near);
    for (let n = 0; n < found; n++) {
      const b = near[n];
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
