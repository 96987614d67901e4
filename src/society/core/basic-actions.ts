// The basic actions of the first living world: move, gather, eat, rest.

import { z } from 'zod';
import { Action, Inventory, Motion, Vitals } from '../components';
import { defineAction, noArgs, ownKeyCount } from '../actions';
import { StockKey } from '../economy/stock';
import { ScenarioConfig } from './config';
import { resourceKey, type World } from '../../engine/world';

const finite = z.number().finite();

/** quickArgs of `{x, y}` (both finite numbers), for move_to here and in the world plugin. */
export function pointArgs(r: Readonly<Record<string, unknown>>): { x: number; y: number } | undefined {
  const { x, y } = r;
  return typeof x === 'number' && typeof y === 'number' && Number.isFinite(x) && Number.isFinite(y) && ownKeyCount(r) === 3 ? { x, y } : undefined;
}

export const moveTo = defineAction({
  name: 'move_to',
  description: 'walk toward a point: {"type":"move_to","x":number,"y":number}',
  args: z.object({ x: finite, y: finite }).strict(),
  quickArgs: pointArgs,
  validate(world, _eid, { x, y }) {
    const { width, height } = world.resource(ScenarioConfig).world;
    if (x < 0 || y < 0 || x > width || y > height) return `target (${x}, ${y}) is outside the world (0..${width}, 0..${height})`;
    return null;
  },
  start(world, eid, { x, y }) {
    const m = world.store(Motion);
    const a = world.store(Action);
    m.tx[eid] = x;
    m.ty[eid] = y;
    m.moving[eid] = 1;
    a.targetX[eid] = x;
    a.targetY[eid] = y;
    // Movement finishes the action when the target is reached; until then it stays in progress.
    a.remaining[eid] = 0xffff;
  },
});

export const gather = defineAction({
  name: 'gather',
  description: 'gather food or materials where you stand (takes a little energy): {"type":"gather"}',
  args: noArgs,
  validate(world, eid) {
    return world.store(Vitals).energy[eid] < 0.05 ? 'too tired to gather (energy below 0.05)' : null;
  },
  start(world, eid) {
    world.store(Action).remaining[eid] = world.resource(ScenarioConfig).actions.gatherTicks;
  },
  complete(world, eid) {
    const cfg = world.resource(ScenarioConfig).actions;
    const rng = world.stream('gather');
    const amount = rng.intBetween(cfg.gatherMin, cfg.gatherMax);
    world.resource(StockKey).produce(world, eid, rng.chance(0.5) ? 'food' : 'materials', amount, 'gather');
    const v = world.store(Vitals);
    v.energy[eid] = Math.max(0, v.energy[eid] - cfg.gatherEnergy);
  },
});

export const eat = defineAction({
  name: 'eat',
  description: 'eat one unit of food from your inventory: {"type":"eat"}',
  args: noArgs,
  validate(world, eid) {
    return world.store(Inventory).food[eid] <= 0 ? 'no food in inventory' : null;
  },
  start(world, eid) {
    world.store(Action).remaining[eid] = world.resource(ScenarioConfig).actions.eatTicks;
  },
  complete(world, eid) {
    if (!world.resource(StockKey).consume(world, eid, 'food', 1, 'eaten')) return;
    const v = world.store(Vitals);
    v.hunger[eid] = Math.max(0, v.hunger[eid] - world.resource(ScenarioConfig).vitals.hungerPerFood);
  },
});

/** A rest's parsed arguments when it names no length (never written). */
const DEFAULT_REST: { hours?: number } = Object.freeze({});

export const rest = defineAction({
  name: 'rest',
  description: 'rest to regain energy, a couple of hours or the hours given (up to 24): {"type":"rest"} or {"type":"rest","hours":4}',
  args: z.object({ hours: z.number().positive().max(24).optional() }).strict(),
  quickArgs: (r) => {
    const n = ownKeyCount(r);
    if (n === 1) return DEFAULT_REST;
    const { hours } = r;
    return n === 2 && typeof hours === 'number' && hours > 0 && hours <= 24 ? { hours } : undefined;
  },
  validate: () => null,
  start(world, eid, { hours }) {
    world.store(Action).remaining[eid] = hours === undefined ? world.resource(ScenarioConfig).actions.restTicks : Math.max(1, Math.round((hours * 60) / world.clock.minutesPerTick));
  },
  energyPerTick: (world) => world.resource(ScenarioConfig).vitals.restEnergyPerTick,
});

/** Is `hour` in [start, end), wrapping past midnight when start > end. */
export function inHours(hour: number, start: number, end: number): boolean {
  return start <= end ? hour >= start && hour < end : hour >= start || hour < end;
}

/** The hour a sleeper wakes at (the production plugin's answer; without it, the night's end). */
export const WakeHourKey = resourceKey<(world: World, eid: number) => number>('wakeHour');

// One decision for the whole night instead of one per rest: the night is most of the decisions a
// town would otherwise make, and a sleeper has nothing to decide until morning.
export const sleep = defineAction({
  name: 'sleep',
  description: 'sleep until morning (at night only; regains energy like rest): {"type":"sleep"}',
  args: noArgs,
  validate(world) {
    const { nightStartHour, nightEndHour } = world.resource(ScenarioConfig).production;
    const hour = world.clock.date().hour;
    return inHours(hour, nightStartHour, nightEndHour) ? null : `sleep is for the night (${nightStartHour}:00 to ${nightEndHour}:00); rest instead`;
  },
  start(world, eid) {
    const wake = world.hasResource(WakeHourKey) ? world.resource(WakeHourKey)(world, eid) : world.resource(ScenarioConfig).production.nightEndHour;
    world.store(Action).remaining[eid] = world.clock.ticksUntilHour(wake);
  },
  energyPerTick: rest.energyPerTick,
});

export const BASIC_ACTIONS = [moveTo, gather, eat, rest, sleep];
