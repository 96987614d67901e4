// The built-in offline brain: a small utility policy over the agent's needs. Deterministic under the
// world seed (its draws come from the "brain" stream). The economy and social plugins extend it by
// adding decision providers ahead of it.

import type { World } from '../../engine/world';
import type { ActionRequest } from '../actions';
import { Inventory, Position, Vitals } from '../components';
import { ScenarioConfig } from './config';

export function heuristicDecision(world: World, eid: number): ActionRequest {
  const v = world.store(Vitals);
  const inv = world.store(Inventory);
  const energy = v.energy[eid];
  const hunger = v.hunger[eid];
  const food = inv.food[eid];
  if (hunger > 0.5 && food > 0) return { type: 'eat' };
  if (energy < 0.3) return { type: 'rest' };
  if (food <= 2) return { type: 'gather' };
  const rng = world.stream('brain');
  if (rng.chance(0.4)) return wander(world, eid);
  return rng.chance(0.5) ? { type: 'gather' } : { type: 'rest' };
}

/** A short walk to a random nearby point inside the world. */
export function wander(world: World, eid: number, distance = 8): ActionRequest {
  const rng = world.stream('brain');
  const { width, height } = world.resource(ScenarioConfig).world;
  const p = world.store(Position);
  const x = clamp(p.x[eid] + rng.range(-distance, distance), 0, width);
  const y = clamp(p.y[eid] + rng.range(-distance, distance), 0, height);
  return { type: 'move_to', x, y };
}

function clamp(v: number, lo: number, hi: number): number {
  return v < lo ? lo : v > hi ? hi : v;
}
