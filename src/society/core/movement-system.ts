// Act phase: agents that are moving step toward their target at their speed, clamped to the world.
// Reaching the target ends a move_to action.

import type { System } from '../../engine/schedule';
import { resourceKey, type World } from '../../engine/world';
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

/**
 * Optional path following, installed by the world map plugin: when an agent reaches its current
 * Motion target the navigator may hand out the next waypoint (returns true to keep walking), and
 * no step may end where `blocked` says nobody can stand (water).
 */
export interface Navigator {
  nextWaypoint(world: World, eid: number): boolean;
  blocked(x: number, y: number): boolean;
  /** The agent stopped short of its goal (its step was blocked). */
  stopped(world: World, eid: number): void;
}

export const NavigatorKey = resourceKey<Navigator>('navigator');

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
    const nav = world.hasResource(NavigatorKey) ? world.resource(NavigatorKey) : null;
    const alive = world.entities.alive();
    for (let i = 0; i < alive.length; i++) {
      const eid = alive[i];
      if (!m.moving[eid]) continue;
      const ox = p.x[eid];
      const oy = p.y[eid];
      let arrived = stepToward(p.x, p.y, m.tx[eid], m.ty[eid], m.speed[eid], eid);
      p.x[eid] = Math.min(width, Math.max(0, p.x[eid]));
      p.y[eid] = Math.min(height, Math.max(0, p.y[eid]));
      if (nav !== null && nav.blocked(p.x[eid], p.y[eid])) {
        p.x[eid] = ox;
        p.y[eid] = oy;
        nav.stopped(world, eid);
        arrived = true;
      } else {
        energy[eid] = Math.max(0, energy[eid] - cost);
        if (arrived && nav !== null && nav.nextWaypoint(world, eid)) continue;
      }
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
