// Act phase: actions in progress tick down; finished ones complete and leave the agent idle.

import type { System } from '../../engine/schedule';
import type { World } from '../../engine/world';
import { Actions, IDLE } from '../actions';
import { Action } from '../components';

export const actSystem: System = {
  name: 'act',
  phase: 'act',
  run(world: World) {
    const registry = world.resource(Actions);
    const a = world.store(Action);
    const alive = world.entities.alive();
    for (let i = 0; i < alive.length; i++) {
      const eid = alive[i];
      const kind = a.kind[eid];
      if (kind === IDLE) continue;
      const def = registry.byKind(kind);
      if (!def) {
        a.kind[eid] = IDLE;
        continue;
      }
      if (registry.ticks(kind)) def.tick!(world, eid);
      if (a.remaining[eid] === 0xffff) continue; // open-ended (e.g. moving): another system ends it
      if (a.remaining[eid] > 1) {
        a.remaining[eid]--;
        continue;
      }
      a.remaining[eid] = 0;
      a.kind[eid] = IDLE;
      def.complete?.(world, eid);
    }
  },
};
