// The world plugin: the tile map (generated from the seed or drawn in the scenario), paths around
// water, places (homes, market, bank, hall), resource nodes that deplete and regrow, and objects
// agents create. Install right after the core plugin; production builds on it.

import type { Plugin } from '../../engine/schedule';
import type { System } from '../../engine/schedule';
import type { World } from '../../engine/world';
import { Actions } from '../actions';
import { NavigatorKey } from '../core/movement-system';
import { MetricCollectors } from '../metrics/metrics';
import { promptContributors } from '../prompt-contributors';
import type { Scenario } from '../scenario';
import { savedSection } from '../saved-sections';
import { MapKey, MapSection, restoreMap } from './map';
import { NODE_KINDS, NodesKey, ResourceNodes } from './nodes';
import { PathFinderKey, Routes, RoutesKey } from './navigation';
import { ObjectsKey, WorldObjects } from './objects';
import { PathFinder } from './pathfinding';
import { describeSurroundings } from './perception';
import { Home, layoutSettlement, Places, PlacesKey } from './places';
import { settleSystem } from './settle-system';
import { createObject, moveTo } from './world-actions';

export function worldPlugin(scenario: Scenario): Plugin {
  return {
    name: 'world',
    dependsOn: ['core'],
    build(world: World) {
      const map = restoreMap(scenario, world.stream('map'), savedSection(world, 'map'));
      world.setResource(MapKey, map);
      world.addState(new MapSection(map));
      world.setResource(PathFinderKey, new PathFinder(map));

      const routes = new Routes((x, y) => map.blocked(x, y));
      world.setResource(RoutesKey, routes);
      world.setResource(NavigatorKey, routes);
      world.addState(routes);
      world.onDespawn((_w, eid) => routes.forget(eid));

      world.register(Home);
      const places = new Places(map);
      // A loaded world's places come from its file (laying out 25,000 homes only to be replaced cost ~35 ms of a load).
      if (savedSection(world, places.name) === undefined) layoutSettlement(map, places, scenario.agents, scenario.map.homeCapacity);
      world.setResource(PlacesKey, places);
      world.addState(places);

      const nodes = new ResourceNodes(map, scenario.map);
      world.setResource(NodesKey, nodes);
      world.addState(nodes);

      const objects = new WorldObjects();
      world.setResource(ObjectsKey, objects);
      world.addState(objects);

      const actions = world.resource(Actions);
      actions.replace(moveTo);
      actions.add(createObject);

      promptContributors(world).push({ section: 'surroundings', contribute: (w, eid, out) => out.push(...describeSurroundings(w, eid)) });

      world.addSystem(settleSystem);
      world.addSystem(regrowSystem);
      world.resource(MetricCollectors).push(worldMetrics);
    },
  };
}

/** Once a simulated day, every node regrows. */
export const regrowSystem: System = {
  name: 'regrow',
  phase: 'life',
  run(world: World) {
    if (world.clock.isDayStart()) world.resource(NodesKey).regrow();
  },
};

function worldMetrics(world: World): Record<string, number> {
  const { stock, capacity } = world.resource(NodesKey).levels();
  const out: Record<string, number> = { objects: world.resource(ObjectsKey).count };
  NODE_KINDS.forEach((k, i) => {
    out[`nodeStock_${k}`] = Math.round(stock[i]);
    out[`nodeFill_${k}`] = capacity[i] > 0 ? stock[i] / capacity[i] : 0;
  });
  return out;
}
