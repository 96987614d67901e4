// Building a compact frame from the world: positions, state bytes and overlay values for the
// living, in the order of the alive list. Pure functions over typed arrays: tested in Node.

import type { World } from '../../engine/world';
import { Action, Identity, Position, Vitals, Wallet } from '../../society/components';
import type { Frame, MetricsUpdate, OverlayMode, UiEvent } from '../protocol';

export interface FrameExtras {
  running: boolean;
  speed: number;
  ticksPerSecond: number;
  overlayMode: OverlayMode;
  spawned: number[];
  despawned: number[];
  events: UiEvent[];
  metrics: MetricsUpdate | null;
}

export function buildFrame(world: World, extras: FrameExtras): Frame {
  const alive = world.entities.alive();
  const n = alive.length;
  const ids = new Uint32Array(n);
  const pos = new Float32Array(n * 2);
  const state = new Uint8Array(n);
  const profession = new Uint8Array(n);
  const brain = new Uint8Array(n);
  const p = world.store(Position);
  const kind = world.store(Action).kind;
  const id = world.store(Identity);
  for (let i = 0; i < n; i++) {
    const e = alive[i];
    ids[i] = e;
    pos[2 * i] = p.x[e];
    pos[2 * i + 1] = p.y[e];
    state[i] = kind[e];
    profession[i] = id.profession[e];
    brain[i] = id.brain[e];
  }
  return {
    tick: world.tick,
    running: extras.running,
    speed: extras.speed,
    ticksPerSecond: extras.ticksPerSecond,
    count: n,
    ids,
    pos,
    state,
    profession,
    brain,
    overlay: overlayValues(world, alive, extras.overlayMode),
    overlayMode: extras.overlayMode,
    spawned: Uint32Array.from(extras.spawned),
    despawned: Uint32Array.from(extras.despawned),
    events: extras.events,
    metrics: extras.metrics,
  };
}

/** Values in [0, 1] for continuous overlays; null for categorical ones (profession, state, culture by group). */
export function overlayValues(world: World, alive: ArrayLike<number>, mode: OverlayMode): Float32Array | null {
  const n = alive.length;
  if (mode === 'happiness' || mode === 'health') {
    const field = world.store(Vitals)[mode];
    const out = new Float32Array(n);
    for (let i = 0; i < n; i++) out[i] = field[alive[i]];
    return out;
  }
  if (mode === 'wealth') return wealthRanks(world.store(Wallet).cash, alive);
  if (mode === 'culture') return cultureValues(world, alive);
  return null;
}

/** Wealth as a percentile rank, so one millionaire does not wash every other agent out to black. */
export function wealthRanks(cash: Int32Array, alive: ArrayLike<number>): Float32Array {
  const n = alive.length;
  const order = new Uint32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  order.sort((a, b) => cash[alive[a]] - cash[alive[b]]);
  const out = new Float32Array(n);
  for (let r = 0; r < n; r++) out[order[r]] = n > 1 ? r / (n - 1) : 0.5;
  return out;
}

/**
 * Culture as the agent's group spread over [0, 1]. Found generically: the first registered
 * component whose name mentions culture and has an integer "group" field (the social plugin's
 * Culture); its other fields are the groups' affinities, so their names are the groups' names.
 */
export function cultureValues(world: World, alive: ArrayLike<number>): Float32Array | null {
  const culture = cultureField(world);
  if (!culture) return null;
  const span = Math.max(1, culture.groups.length - 1);
  const out = new Float32Array(alive.length);
  for (let i = 0; i < alive.length; i++) out[i] = Math.min(1, culture.field[alive[i]] / span);
  return out;
}

export function cultureField(world: World): { field: ArrayLike<number>; groups: string[] } | null {
  for (const { def, store } of world.components.all()) {
    if (!/cultur/i.test(def.name)) continue;
    const entries = Object.entries(def.fields);
    const group = entries.find(([name, kind]) => kind !== 'f32' && /group/i.test(name));
    if (group) return { field: (store as Record<string, ArrayLike<number>>)[group[0]], groups: entries.filter(([, kind]) => kind === 'f32').map(([name]) => name) };
  }
  return null;
}

/** Metric rows not yet sent (or everything again when the columns changed). */
export function metricsSince(columns: readonly string[], rows: readonly number[][], sentRows: number, sentColumns: number): MetricsUpdate | null {
  if (rows.length === sentRows && columns.length === sentColumns) return null;
  const from = columns.length === sentColumns ? sentRows : 0;
  return { columns: [...columns], from, rows: rows.slice(from).map((r) => [...r]) };
}
