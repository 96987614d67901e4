// Social phase, every `culture.everyHours`: the social-influence and cultural-influence kernels over
// every agent, with each agent's nearest neighbours (up to maxMessages within the influence radius)
// from the spatial grid. Kernels are double-buffered: results land in scratch copies, then are copied back.

import type { System } from '../../engine/schedule';
import type { World } from '../../engine/world';
import { Position, Vitals } from '../components';
import { ScenarioConfig } from '../core/config';
import { AgentGrid } from '../core/spatial-system';
import { affinityArrays, Culture, Social } from './components';
import { culturalInfluence, socialInfluence, type CultureInput, type Neighbours } from './culture-kernels';

/** Each agent's nearest neighbours within `radius` (at most k, nearest first, self excluded), as CSR. */

export function buildNeighbours(world: World, agents: ArrayLike<number>, radius: number, k: number): Neighbours {
  const grid = world.resource(AgentGrid);
  const p = world.store(Position);
  const start = new Int32Array(agents.length + 1);
  // At most k each: one array of that size, filled in place (a growing list was most of the cost).
  const ids = new Int32Array(agents.length * k);
  const near = new Int32Array(k);
  let n = 0;
  for (let i = 0; i < agents.length; i++) {
    const e = agents[i];
    start[i] = n;
    const found = grid.nearestInto(p.x[e], p.y[e], k, e, radius, near);
    for (let j = 0; j < found; j++) ids[n++] = near[j];
  }
  start[agents.length] = n;
  return { start, ids: ids.subarray(0, n) };
}

export function runCulture(world: World): void {
  const cfg = world.resource(ScenarioConfig).social.culture;
  const agents = world.entities.alive().slice();
  if (agents.length === 0) return;
  const nb = buildNeighbours(world, agents, Math.max(cfg.influenceRadius, cfg.interactionRadius), cfg.maxMessages);
  const p = world.store(Position);
  const v = world.store(Vitals);
  const social = world.store(Social);
  const culture = world.store(Culture);
  const affinity = affinityArrays(culture);
  const inp: CultureInput = { x: p.x, y: p.y, energy: v.energy, happiness: v.happiness, reputation: social.reputation, group: culture.group, affinity };
  // Layer 1: social influence (happiness, reputation, cross-group affinity).
  const out = { happiness: v.happiness.slice(), reputation: social.reputation.slice(), affinity: affinity.map((a) => a.slice()) };
  socialInfluence(agents, nb, inp, out, cfg);
  copyBack(agents, out.happiness, v.happiness);
  copyBack(agents, out.reputation, social.reputation);
  out.affinity.forEach((a, g) => copyBack(agents, a, affinity[g]));
  // Layer 2: cultural broadcasts move affinities and may switch groups (reads layer 1's results).
  const out2 = { group: culture.group.slice(), affinity: affinity.map((a) => a.slice()) };
  culturalInfluence(agents, nb, inp, out2, cfg);
  copyBack(agents, out2.group, culture.group);
  out2.affinity.forEach((a, g) => copyBack(agents, a, affinity[g]));
}

function copyBack<T extends Float32Array | Uint8Array>(agents: ArrayLike<number>, from: T, to: T): void {
  for (let i = 0; i < agents.length; i++) to[agents[i]] = from[agents[i]];
}

export const cultureSystem: System = {
  name: 'culture',
  phase: 'social',
  run(world: World) {
    const every = (world.resource(ScenarioConfig).social.culture.everyHours * 60) / world.clock.minutesPerTick;
    if (world.tick % Math.max(1, Math.round(every)) === 0) runCulture(world);
  },
};
