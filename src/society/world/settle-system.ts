// Input phase: every agent has a home and stands on land. Newcomers (births, scripted spawns) get
// the least crowded home; anyone put on water (by a spawn or another plugin's teleport) steps to
// the nearest land tile. O(N) with one tile lookup each, so it is cheap to run every tick.

import type { System } from '../../engine/schedule';
import type { World } from '../../engine/world';
import { Position } from '../components';
import { ScenarioConfig } from '../core/config';
import { MapKey } from './map';
import { RoutesKey } from './navigation';
import { houseHomeless } from './places';

export const settleSystem: System = {
  name: 'settle',
  phase: 'input',
  run(world: World) {
    houseHomeless(world, world.resource(ScenarioConfig).map.homeCapacity, false);
    keepOnLand(world);
  },
};

export function keepOnLand(world: World): number {
  const map = world.resource(MapKey);
  const p = world.store(Position);
  const alive = world.entities.alive();
  let moved = 0;
  for (let i = 0; i < alive.length; i++) {
    const eid = alive[i];
    if (!map.blocked(p.x[eid], p.y[eid])) continue;
    const land = map.nearestPassable(map.tileAt(p.x[eid], p.y[eid]));
    p.x[eid] = map.centreX(land);
    p.y[eid] = map.centreY(land);
    world.resource(RoutesKey).forget(eid);
    moved++;
  }
  return moved;
}

/** After the initial population is spawned: house everyone and put them at their doors. */
export function settleInitialPopulation(world: World): void {
  houseHomeless(world, world.resource(ScenarioConfig).map.homeCapacity, true);
  keepOnLand(world);
}
