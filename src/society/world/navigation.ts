// Walking the map: setDestination() plans a route around water and the movement system follows
// it waypoint by waypoint through the Navigator hook. The remaining waypoints of each walker are
// side state (saved and hashed), keyed by entity id.

import { checkOffsets, savedArray } from '../../engine/saved-arrays';
import { resourceKey, type StateSection, type World } from '../../engine/world';
import { Motion, Position } from '../components';
import type { Navigator } from '../core/movement-system';
import { MapKey } from './map';
import type { PathFinder } from './pathfinding';

export const PathFinderKey = resourceKey<PathFinder>('pathFinder');

/**
 * A loaded file's routes that nobody has walked on since, kept as the saved columns: a load made an
 * object, an array and a map entry for each of a 100,000-agent town's ~44,000 walkers, ~8 MiB of heap
 * to build and collect. `row[eid]` is the walker's row (-1: none, or it has since stopped or turned).
 */
interface LoadedRoutes {
  row: Int32Array;
  agent: Int32Array;
  next: Uint32Array;
  offsets: Uint32Array;
  points: Float64Array;
}

export class Routes implements StateSection, Navigator {
  readonly name = 'routes';
  /**
   * By walker id: its route's waypoints x0, y0, x1, y1, ... (shared with the path finder's caches:
   * never changed; null: no waypoint after the one Motion is heading to), and the index of the next
   * one. Arrays by id, not a map of route objects: a walker reaching a waypoint found its entry in a
   * hashed table and then its object, each a cache miss, and every walk made an object.
   */
  private points: (readonly number[] | null)[] = [];
  private next: number[] = [];
  private loaded: LoadedRoutes | null = null;

  constructor(private readonly isBlocked: (x: number, y: number) => boolean) {}

  /** Head for the first waypoint and remember the rest. */
  follow(world: World, eid: number, points: readonly number[]): void {
    const m = world.store(Motion);
    m.tx[eid] = points[0];
    m.ty[eid] = points[1];
    m.moving[eid] = 1;
    this.dropLoaded(eid);
    if (points.length > 2) {
      while (this.points.length <= eid) {
        this.points.push(null);
        this.next.push(0);
      }
      this.points[eid] = points;
      this.next[eid] = 2;
    } else {
      this.drop(eid);
    }
  }

  nextWaypoint(world: World, eid: number): boolean {
    const points = eid < this.points.length ? this.points[eid] : null;
    if (points === null) return this.loaded !== null && this.nextLoadedWaypoint(world, eid, this.loaded);
    const m = world.store(Motion);
    const at = this.next[eid];
    m.tx[eid] = points[at];
    m.ty[eid] = points[at + 1];
    this.next[eid] = at + 2;
    if (at + 2 >= points.length) this.points[eid] = null;
    return true;
  }

  blocked(x: number, y: number): boolean {
    return this.isBlocked(x, y);
  }

  stopped(_world: World, eid: number): void {
    this.drop(eid);
    this.dropLoaded(eid);
  }

  forget(eid: number): void {
    this.drop(eid);
    this.dropLoaded(eid);
  }

  private drop(eid: number): void {
    if (eid < this.points.length) this.points[eid] = null;
  }

  private nextLoadedWaypoint(world: World, eid: number, l: LoadedRoutes): boolean {
    const i = eid < l.row.length ? l.row[eid] : -1;
    if (i < 0) return false;
    const m = world.store(Motion);
    const at = l.offsets[i] + l.next[i];
    m.tx[eid] = l.points[at];
    m.ty[eid] = l.points[at + 1];
    l.next[i] += 2;
    if (at + 2 >= l.offsets[i + 1]) l.row[eid] = -1;
    return true;
  }

  private dropLoaded(eid: number): void {
    if (this.loaded !== null && eid < this.loaded.row.length) this.loaded.row[eid] = -1;
  }

  /** Walkers in id order with their next index, each one's waypoints at offsets[i]..offsets[i+1] of `points` (typed arrays: no JSON per waypoint). */
  save(): SavedRoutes {
    const walking: number[] = [];
    let total = 0;
    for (let eid = 0; eid < this.points.length; eid++) {
      const points = this.points[eid];
      if (points === null) continue;
      walking.push(eid);
      total += points.length;
    }
    // The loaded walkers still on their saved routes, in id order (none also has a route in `points`).
    const l = this.loaded;
    const rows: number[] = [];
    if (l) {
      for (let i = 0; i < l.agent.length; i++) {
        if (l.row[l.agent[i]] !== i) continue;
        rows.push(i);
        total += l.offsets[i + 1] - l.offsets[i];
      }
    }
    const n = walking.length + rows.length;
    const out: SavedRoutes = { agent: new Int32Array(n), next: new Uint32Array(n), offsets: new Uint32Array(n + 1), points: new Float64Array(total) };
    let at = 0;
    for (let i = 0, w = 0, r = 0; i < n; i++) {
      if (r < rows.length && (w === walking.length || l!.agent[rows[r]] < walking[w])) {
        const row = rows[r++];
        const from = l!.offsets[row];
        out.agent[i] = l!.agent[row];
        out.next[i] = l!.next[row];
        for (let k = from; k < l!.offsets[row + 1]; k++) out.points[at++] = l!.points[k];
      } else {
        const eid = walking[w++];
        const points = this.points[eid]!;
        out.agent[i] = eid;
        out.next[i] = this.next[eid];
        for (let k = 0; k < points.length; k++) out.points[at++] = points[k];
      }
      out.offsets[i + 1] = at;
    }
    return out;
  }

  load(data: unknown): void {
    const name = 'routes';
    if (!data || typeof data !== 'object' || Array.isArray(data)) throw new Error('routes section: expected {agent, next, offsets, points}');
    const d = data as Record<string, unknown>;
    const agent = savedArray(d, 'agent', Int32Array, name);
    const nextAt = savedArray(d, 'next', Uint32Array, name, agent.length);
    const offsets = savedArray(d, 'offsets', Uint32Array, name);
    const points = savedArray(d, 'points', Float64Array, name);
    checkOffsets(offsets, agent.length, points.length, 'routes section: waypoint');
    // Checked first, then kept (see LoadedRoutes).
    for (let i = 0; i < agent.length; i++) {
      const eid = agent[i];
      const n = offsets[i + 1] - offsets[i];
      if (eid < 0 || (i > 0 && eid <= agent[i - 1])) throw new Error(`routes section: agent ids must be non-negative and increasing (entry ${i})`);
      if (n % 2 !== 0) throw new Error(`routes section: agent ${eid}: waypoints must be x, y pairs`);
      if (nextAt[i] < 2 || nextAt[i] >= n || nextAt[i] % 2 !== 0) throw new Error(`routes section: agent ${eid}: next index ${nextAt[i]} is out of range`);
    }
    const row = new Int32Array(agent.length === 0 ? 0 : agent[agent.length - 1] + 1).fill(-1);
    for (let i = 0; i < agent.length; i++) row[agent[i]] = i;
    this.points = [];
    this.next = [];
    // `next` advances as they walk: a copy, so that the caller's data stays as it was.
    this.loaded = { row, agent, next: nextAt.slice(), offsets, points };
  }
}

/** The saved routes (format version 4 on): walkers in id order, their waypoints as compressed sparse rows. */
export interface SavedRoutes {
  agent: Int32Array;
  /** Index in the agent's waypoints of the one after the waypoint it is heading to. */
  next: Uint32Array;
  offsets: Uint32Array;
  /** x0, y0, x1, y1, ... of every walker, one after another. */
  points: Float64Array;
}

export const RoutesKey = resourceKey<Routes>('routes');

/**
 * Send an agent walking to (x, y) around water. Returns null when it started, or the reason it
 * cannot go there. Plugins that move agents should call this rather than write Motion.
 */
export function setDestination(world: World, eid: number, x: number, y: number): string | null {
  const p = world.store(Position);
  const route = world.resource(PathFinderKey).walk(eid, p.x[eid], p.y[eid], x, y);
  // Water is asked about only without a route (none ends in water): a commuter's kept leg looks at no tile.
  if (!route) {
    if (world.resource(MapKey).blocked(x, y)) return `(${round(x)}, ${round(y)}) is water`;
    return `no way around the water from (${round(p.x[eid])}, ${round(p.y[eid])}) to (${round(x)}, ${round(y)})`;
  }
  world.resource(RoutesKey).follow(world, eid, route);
  return null;
}

export function round(v: number): number {
  return Math.round(v * 10) / 10;
}
