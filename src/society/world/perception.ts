// What an agent sees of the world, as short lines for prompts and the inspector: the place it is
// at, the objects near it (at most 3, the prototype's situation summary), the terrain underfoot.

import type { World } from '../../engine/world';
import { Position } from '../components';
import { ScenarioConfig } from '../core/config';
import { Names } from '../core/agents';
import { MapKey } from './map';
import { describeObject, ObjectsKey } from './objects';
import { homeOf, PlacesKey } from './places';
import { TERRAIN_NAMES } from './terrain';

export function describeSurroundings(world: World, eid: number, maxObjects = 3): string[] {
  const cfg = world.resource(ScenarioConfig).map;
  const p = world.store(Position);
  const x = p.x[eid];
  const y = p.y[eid];
  const map = world.resource(MapKey);
  const lines: string[] = [];
  const places = world.resource(PlacesKey);
  const home = homeOf(world, eid);
  let at: string | undefined;
  for (const kind of ['market', 'bank', 'hall', 'farm', 'workshop', 'lumberyard', 'quarry', 'school', 'studio', 'office', 'mill', 'home'] as const) {
    const near = places.nearest(kind, x, y);
    if (near && Math.hypot(near.x - x, near.y - y) <= cfg.reach) {
      at = near.id === home ? 'your home' : near.name;
      break;
    }
  }
  lines.push(`You stand on ${TERRAIN_NAMES[map.terrainAt(x, y)]}${at ? ` at ${at}` : ''}, position (${x.toFixed(1)}, ${y.toFixed(1)}).`);
  const names = world.resource(Names);
  for (const o of world.resource(ObjectsKey).near(x, y, cfg.interactionRadius).slice(0, maxObjects)) {
    lines.push(`Nearby, ${describeObject(world, o, (id) => names.get(id)?.name)}.`);
  }
  return lines;
}
