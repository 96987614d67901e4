// Act phase: agents that are moving step toward their target at their speed, clamped to the world.
// Reaching the target ends a move_to action.

import type { System } from '../../engine/schedule';
import type { World } from '../../engine/world';
import { IDLE } from '../actions';
import { Action, Motion, Position, Vitals } from '../components';
import { ScenarioConfig } from './config';

/** One movement step for one agent over plain arrays (shared by the CPU system and tests). */
export function stepToward(px: Float32Array, py: Float32Array, tx: number, ty: number, speed: number, eid: number): boolean {
  const dx = tx - px[eid];
  const dy = ty - py[eid];
  const d = Math.sqrt(dx * dx + dy * dy);
  if (d <= speed) {
    px[eid] = tx;
    py[eid] = ty;
    return true;
  }
  px[eid] += (dx / d) * speed;
  py[eid] += (dy / d) * speed;
  return false;
}

export const movementSystem: System = {
  name: 'movement',
  phase: 'act',
  run(world: World) {
    const cfg = world.resource(ScenarioConfig);
    const { width, height } = cfg.world;
    const cost = cfg.actions.moveEnergyPerTick;
    const p = world.store(Position);
    const m = world.store(Motion);
    const a = world.store(Action);
    const energy = world.store(Vitals).energy;
    const alive = world.entities.alive();
    for (let i = 0; i < alive.length; i++) {
      const eid = alive[i];
      if (!m.moving[eid]) continue;
      const arrived = stepToward(p.x, p.y, m.tx[eid], m.ty[eid], m.speed[eid], eid);
      p.x[eid] = Math.min(width, Math.max(0, p.x[eid]));
      p.y[eid] = Math.min(height, Math.max(0, p.y[eid]));
      energy[eid] = Math.max(0, energy[eid] - cost);
      if (arrived) {
        m.moving[eid] = 0;
        if (a.remaining[eid] === 0xffff) {
          a.remaining[eid] = 0;
          a.kind[eid] = IDLE;
        }
      }
    }
  },
};
