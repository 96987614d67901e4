// Act phase: actions in progress tick down; finished ones complete and leave the agent idle.

import type { System } from '../../engine/schedule';
import type { World } from '../../engine/world';
import { Actions, IDLE } from '../actions';
import { Action, Vitals } from '../components';

export const actSystem: System = {
  name: 'act',
  phase: 'act',
  run(world: World) {
    const registry = world.resource(Actions);
    const a = world.store(Action);
    const kinds = registry.size;
    const gain = registry.gains(world);
    const energy = world.store(Vitals).energy;
    const alive = world.entities.alive();
    for (let i = 0; i < alive.length; i++) {
      const eid = alive[i];
      const kind = a.kind[eid];
      if (kind === IDLE) continue;
      if (kind > kinds) {
        // No definition (an unknown kind): idle.
        a.kind[eid] = IDLE;
        continue;
      }
      // The definition is fetched only for a hook: most busy agents just tick down (a town's nights).
      if (gain[kind] !== 0) energy[eid] = Math.min(1, energy[eid] + gain[kind]);
      if (registry.ticks(kind)) registry.byKind(kind)!.tick!(world, eid);
      const left = a.remaining[eid];
      if (left === 0xffff) continue; // open-ended (e.g. moving): another system ends it
      if (left > 1) {
        a.remaining[eid] = left - 1;
        continue;
      }
      a.remaining[eid] = 0;
      a.kind[eid] = IDLE;
      registry.byKind(kind)!.complete?.(world, eid);
    }
  },
};
