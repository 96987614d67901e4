// Walking the map: setDestination() plans a route around water and the movement system follows
// it waypoint by waypoint through the Navigator hook. The remaining waypoints of each walker are
// side state (saved and hashed), keyed by entity id.

import { resourceKey, type StateSection, type World } from '../../engine/world';
import { Motion, Position } from '../components';
import type { Navigator } from '../core/movement-system';
import { MapKey } from './map';
import type { PathFinder } from './pathfinding';

export const PathFinderKey = resourceKey<PathFinder>('pathFinder');

interface Route {
  /** Waypoints x0, y0, x1, y1, ... still ahead after the one Motion is heading to (shared with the path finder's cache: never changed). */
  points: readonly number[];
  next: number;
}

export class Routes implements StateSection, Navigator {
  readonly name = 'routes';
  private readonly byAgent = new Map<number, Route>();

  constructor(private readonly isBlocked: (x: number, y: number) => boolean) {}

  /** Head for the first waypoint and remember the rest. */
  follow(world: World, eid: number, points: readonly number[]): void {
    const m = world.store(Motion);
    m.tx[eid] = points[0];
    m.ty[eid] = points[1];
    m.moving[eid] = 1;
    if (points.length > 2) this.byAgent.set(eid, { points, next: 2 });
    else this.byAgent.delete(eid);
  }

  nextWaypoint(world: World, eid: number): boolean {
    const r = this.byAgent.get(eid);
    if (!r) return false;
    const m = world.store(Motion);
    m.tx[eid] = r.points[r.next];
    m.ty[eid] = r.points[r.next + 1];
    r.next += 2;
    if (r.next >= r.points.length) this.byAgent.delete(eid);
    return true;
  }

  blocked(x: number, y: number): boolean {
    return this.isBlocked(x, y);
  }

  stopped(_world: World, eid: number): void {
    this.byAgent.delete(eid);
  }

  forget(eid: number): void {
    this.byAgent.delete(eid);
  }

  save(): [number, number, number[]][] {
    return [...this.byAgent].sort(([a], [b]) => a - b).map(([eid, r]) => [eid, r.next, r.points.slice()]);
  }

  load(data: unknown): void {
    if (!Array.isArray(data)) throw new Error('routes section: expected a list');
    const next = new Map<number, Route>();
    for (const row of data) {
      if (!Array.isArray(row) || row.length !== 3 || !Number.isInteger(row[0]) || row[0] < 0 || !Number.isInteger(row[1])) {
        throw new Error('routes section: each entry must be [agent id, next index, waypoints]');
      }
      const points = row[2];
      if (!Array.isArray(points) || points.length % 2 !== 0 || !points.every((v) => typeof v === 'number' && Number.isFinite(v))) {
        throw new Error(`routes section: agent ${row[0]}: waypoints must be an even-length list of finite numbers`);
      }
      if (row[1] < 2 || row[1] >= points.length || row[1] % 2 !== 0) throw new Error(`routes section: agent ${row[0]}: next index ${row[1]} is out of range`);
      next.set(row[0], { points: points.slice(), next: row[1] });
    }
    this.byAgent.clear();
    for (const [k, v] of next) this.byAgent.set(k, v);
  }
}

export const RoutesKey = resourceKey<Routes>('routes');

/**
 * Send an agent walking to (x, y) around water. Returns null when it started, or the reason it
 * cannot go there. Plugins that move agents should call this rather than write Motion.
 */
export function setDestination(world: World, eid: number, x: number, y: number): string | null {
  const map = world.resource(MapKey);
  if (map.blocked(x, y)) return `(${round(x)}, ${round(y)}) is water`;
  const p = world.store(Position);
  const route = world.resource(PathFinderKey).route(p.x[eid], p.y[eid], x, y);
  if (!route) return `no way around the water from (${round(p.x[eid])}, ${round(p.y[eid])}) to (${round(x)}, ${round(y)})`;
  world.resource(RoutesKey).follow(world, eid, route);
  return null;
}

export function round(v: number): number {
  return Math.round(v * 10) / 10;
}
