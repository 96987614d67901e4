// The map's actions: a move_to that walks around water (replacing the core straight-line one),
// and create_object, which places an object or a building in the world for others to see.

import { z } from 'zod';
import { defineAction, ownKeyCount } from '../actions';
import { Action, Inventory, Position, Vitals } from '../components';
import { pointArgs } from '../core/basic-actions';
import { ScenarioConfig } from '../core/config';
import { StockKey } from '../economy/stock';
import { MapKey } from './map';
import { PathFinderKey, round, setDestination } from './navigation';
import { MAX_DESCRIPTION, ObjectsKey } from './objects';
import type { World } from '../../engine/world';

const finite = z.number().finite();

export const moveTo = defineAction({
  name: 'move_to',
  description: 'walk to a point, around water: {"type":"move_to","x":number,"y":number}',
  args: z.object({ x: finite, y: finite }).strict(),
  quickArgs: pointArgs,
  validate(world, eid, { x, y }) {
    const { width, height } = world.resource(ScenarioConfig).world;
    if (x < 0 || y < 0 || x > width || y > height) return `target (${x}, ${y}) is outside the world (0..${width}, 0..${height})`;
    const p = world.store(Position);
    // A commuter's leg walked lately needs no look at the map (its tiles are mostly out of the cache by now).
    if (world.resource(PathFinderKey).walked(eid, p.x[eid], p.y[eid], x, y)) return null;
    const map = world.resource(MapKey);
    if (map.blocked(x, y)) return `target (${round(x)}, ${round(y)}) is water`;
    if (!map.connected(p.x[eid], p.y[eid], x, y)) return `no way around the water to (${round(x)}, ${round(y)})`;
    return null;
  },
  start(world, eid, { x, y }) {
    const a = world.store(Action);
    a.targetX[eid] = x;
    a.targetY[eid] = y;
    setDestination(world, eid, x, y);
    // Movement ends the action on arrival.
    a.remaining[eid] = 0xffff;
  },
});

const CREATE_TICKS = 2;

export const createObject = defineAction({
  name: 'create_object',
  description: 'make an object (1 material) or a building (10 materials) here for others to see: {"type":"create_object","description":string,"kind":"object"|"building"}',
  args: z
    .object({
      description: z.string().trim().min(1).max(MAX_DESCRIPTION),
      kind: z.enum(['object', 'building']).default('object'),
    })
    .strict(),
  quickArgs(r): { description: string; kind: 'object' | 'building' } | undefined {
    const { description } = r;
    const kind = r.kind === 'building' ? 'building' : r.kind === 'object' ? 'object' : null;
    if (typeof description !== 'string' || kind === null || ownKeyCount(r) !== 3) return undefined;
    const text = description.trim();
    return text.length >= 1 && text.length <= MAX_DESCRIPTION ? { description: text, kind } : undefined;
  },
  validate(world, eid, { kind }) {
    const cfg = world.resource(ScenarioConfig).map;
    const cost = kind === 'building' ? cfg.buildingMaterials : cfg.objectMaterials;
    if (world.store(Inventory).materials[eid] < cost) return `a ${kind} needs ${cost} materials; you have ${world.store(Inventory).materials[eid]}`;
    if (world.store(Vitals).energy[eid] < cfg.createEnergy) return `too tired to make anything (energy below ${cfg.createEnergy})`;
    if (world.resource(ObjectsKey).count >= cfg.maxObjects) return `the world already holds ${cfg.maxObjects} objects`;
    if (kind === 'building' && buildingSite(world, eid) === null) return 'no free tile here or next to you for a building';
    return null;
  },
  start(world, eid, { description, kind }) {
    const cfg = world.resource(ScenarioConfig).map;
    const cost = kind === 'building' ? cfg.buildingMaterials : cfg.objectMaterials;
    const site = kind === 'building' ? buildingSite(world, eid)! : { x: world.store(Position).x[eid], y: world.store(Position).y[eid] };
    world.resource(StockKey).consume(world, eid, 'materials', cost, kind === 'building' ? 'building' : 'object');
    const obj = world.resource(ObjectsKey).add({ kind, description, x: site.x, y: site.y, creator: world.entities.ref(eid), createdTick: world.clock.tick });
    const v = world.store(Vitals);
    v.energy[eid] = Math.max(0, v.energy[eid] - cfg.createEnergy);
    v.happiness[eid] = Math.min(1, v.happiness[eid] + cfg.createHappiness);
    world.store(Action).remaining[eid] = CREATE_TICKS;
    world.emit('objectCreated', { agent: eid, object: obj.id, kind });
  },
});

/** The centre of the agent's tile, or of the first free neighbour (row by row), that holds no building yet. */
function buildingSite(world: World, eid: number): { x: number; y: number } | null {
  const map = world.resource(MapKey);
  const objects = world.resource(ObjectsKey);
  const p = world.store(Position);
  const t = map.tileAt(p.x[eid], p.y[eid]);
  const c0 = t % map.cols;
  const r0 = Math.floor(t / map.cols);
  const half = map.tileSize / 2;
  for (const [dc, dr] of [[0, 0], [0, -1], [-1, 0], [1, 0], [0, 1], [-1, -1], [1, -1], [-1, 1], [1, 1]]) {
    const c = c0 + dc;
    const r = r0 + dr;
    if (c < 0 || r < 0 || c >= map.cols || r >= map.rows) continue;
    const tile = r * map.cols + c;
    if (!map.passable[tile]) continue;
    const x = map.centreX(tile);
    const y = map.centreY(tile);
    if (!objects.buildingAt(x, y, half)) return { x, y };
  }
  return null;
}
