// Perceive phase: the uniform-grid index of agent positions as they are at this phase of the tick
// (binned when first asked).

import { SpatialGrid } from '../../engine/spatial';
import { resourceKey, type World } from '../../engine/world';
import type { System } from '../../engine/schedule';
import { Position } from '../components';

export const AgentGrid = resourceKey<SpatialGrid>('agentGrid');

export const spatialIndexSystem: System = {
  name: 'spatial-index',
  phase: 'perceive',
  run(world: World) {
    const p = world.store(Position);
    world.resource(AgentGrid).stage(world.entities.alive(), p.x, p.y);
  },
};
