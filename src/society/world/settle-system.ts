// Input phase: every agent has a home and stands on land. Newcomers (births, scripted spawns) get
// the least crowded home; anyone put on water (by a spawn or another plugin's teleport) steps to
// the nearest land tile. O(N), with a tile lookup for those who moved, so it is cheap to run every tick.

import type { System } from '../../engine/schedule';
import type { World } from '../../engine/world';
import { Position } from '../components';
import { ScenarioConfig } from '../core/config';
import { MapKey, type TileMap } from './map';
import { RoutesKey } from './navigation';
import { houseHomeless } from './places';

export const settleSystem: System = {
  name: 'settle',
  phase: 'input',
  run(world: World) {
    // A home is only lost when a spawn clears its slot, which moves the alive list's version on:
    // once everyone is housed, nobody needs a home until the version moves.
    const version = world.entities.version;
    if (housedAt.get(world) !== version && houseHomeless(world, world.resource(ScenarioConfig).map.homeCapacity, false) === 0) housedAt.set(world, version);
    keepOnLand(world);
  },
};

/** The alive list's version when each world last had everyone housed. */
const housedAt = new WeakMap<World, number>();

/**
 * Per entity slot, the last point found on land there (NaN: none yet). The map never changes, so a
 * slot still at that point is still on land, whoever holds the slot now: most agents have not moved
 * since the last tick, and finding their tile was nearly all of this system's time.
 */
interface LandSeen {
  x: Float32Array;
  y: Float32Array;
}

const landSeen = new WeakMap<TileMap, LandSeen>();

function landSeenOn(map: TileMap, slots: number): LandSeen {
  let seen = landSeen.get(map);
  if (seen === undefined || seen.x.length < slots) {
    const size = Math.max(slots, 2 * (seen?.x.length ?? 0));
    seen = { x: new Float32Array(size).fill(NaN), y: new Float32Array(size).fill(NaN) };
    landSeen.set(map, seen);
  }
  return seen;
}

export function keepOnLand(world: World): number {
  const map = world.resource(MapKey);
  const { x, y } = world.store(Position);
  const alive = world.entities.alive();
  // The arrays in locals: read through their object per agent, they were reloaded every time.
  const { x: seenX, y: seenY } = landSeenOn(map, world.entities.highWater);
  let moved = 0;
  for (let i = 0; i < alive.length; i++) {
    const eid = alive[i];
    const px = x[eid];
    const py = y[eid];
    if (px === seenX[eid] && py === seenY[eid]) continue;
    if (!map.blocked(px, py)) {
      seenX[eid] = px;
      seenY[eid] = py;
      continue;
    }
    const land = map.nearestPassable(map.tileAt(px, py));
    x[eid] = map.centreX(land);
    y[eid] = map.centreY(land);
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
