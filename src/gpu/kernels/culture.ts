// GPU culture: stands in for the society's `culture` system (src/society/social/culture-system.ts)
// with the same rules (shaders/culture.wgsl; CPU twin: src/society/social/culture-kernels.ts).
// Neighbours: the perception kernel's k nearest within the larger radius, k = maxMessages, as the
// CPU system's buildNeighbours. (The CPU picks them from the grid built at the start of the tick;
// the GPU bins the positions of the moment, after this tick's movement.)

import type { World } from '../../engine/world';
import { Position, Vitals } from '../../society/components';
import { ScenarioConfig } from '../../society/core/config';
import { CULTURE_GROUPS, Culture, Social } from '../../society/social/components';
import { MIN_CULTURAL_SIGNAL, SOCIAL_MIN_ENERGY } from '../../society/social/culture-kernels';
import { gridShape } from '../cpu/grid';
import { MAX_K } from '../cpu/perception';
import { ensureStorage, Program, uniform } from '../kernel';
import { fieldRef } from '../mirror';
import type { GpuRuntime, GpuSystem } from '../runtime';
import { GpuPerception, POSITION } from './perception';

const ENERGY = fieldRef(Vitals, 'energy');
const HAPPINESS = fieldRef(Vitals, 'happiness');
const REPUTATION = fieldRef(Social, 'reputation');
const GROUP = fieldRef(Culture, 'group');
const AFFINITY = CULTURE_GROUPS.map((g) => fieldRef(Culture, g));
const ENTRIES = ['socialGather', 'socialApply', 'affinityApply', 'cultureGather', 'cultureApply'];

function settings(world: World) {
  return world.resource(ScenarioConfig).social.culture;
}

/** The GPU kernel reads at most MAX_K neighbours per agent; more messages stay on the CPU. */
export function cultureFitsGpu(world: World): boolean {
  return settings(world).maxMessages <= MAX_K;
}

export class GpuCulture implements GpuSystem {
  readonly name = 'culture';
  private program!: Program;
  private params!: ReturnType<typeof uniform>;
  private perception: GpuPerception | null = null;
  private scratch: GPUBuffer | null = null;

  reads() {
    return [...POSITION, ENERGY];
  }

  writes() {
    return [HAPPINESS, REPUTATION, GROUP, ...AFFINITY];
  }

  /** As the CPU system: one pass every `everyHours` simulated hours. */
  skip(world: World): boolean {
    const every = (settings(world).everyHours * 60) / world.clock.minutesPerTick;
    return world.tick % Math.max(1, Math.round(every)) !== 0;
  }

  private perceptionFor(world: World): GpuPerception {
    const c = settings(world);
    const radius = Math.max(c.interactionRadius, c.influenceRadius);
    const { width, height } = world.resource(ScenarioConfig).world;
    // Cells small enough that a few cells hold the k nearest: halve from radius/2 while a cell
    // would hold more than 2k agents at the world's mean density.
    const density = Math.max(1, world.entities.count) / (width * height);
    let cell = radius / 2;
    while (cell > radius / 64 && density * cell * cell > 2 * c.maxMessages) cell /= 2;
    const p = this.perception;
    if (p && p.settings.k === c.maxMessages && p.settings.radius === radius && p.settings.shape.cellSize === Math.fround(cell)) return p;
    return new GpuPerception({ k: c.maxMessages, radius, shape: gridShape(width, height, cell) });
  }

  bytes(capacity: number, world: World): number {
    return this.perceptionFor(world).bytes(capacity) + capacity * 32;
  }

  async init(rt: GpuRuntime): Promise<void> {
    this.program = await Program.load(rt.device, 'culture', ENTRIES);
    this.params = uniform(rt.device, 'culture.params', 16);
  }

  encode(rt: GpuRuntime, world: World, encoder: GPUCommandEncoder): void {
    const c = settings(world);
    const perception = this.perception!;
    perception.encode(rt, world, encoder);
    this.scratch = ensureStorage(rt.device, this.scratch, 'culture.scratch', world.components.capacity * 32);
    const floats = [c.interactionRadius, c.influenceRadius, c.otherGroupFactor, c.happinessGain, c.reputationGain, c.affinityGain, c.strengthFactor, c.broadcastMin, c.shift, c.switchThreshold, SOCIAL_MIN_ENERGY, MIN_CULTURAL_SIGNAL];
    this.params.write([rt.n, c.maxMessages, c.maxMessages, 0, ...floats], floats.map((_, i) => 4 + i));
    const m = (f: typeof ENERGY) => rt.mirror.buffer(f);
    const [a0, a1, a2, a3, a4] = AFFINITY.map(m);
    const base = { 0: this.params.buffer, 1: rt.alive, 9: this.scratch };
    const near = perception.nearest;
    const pass = encoder.beginComputePass({ label: 'culture' });
    const run = (entry: string, b: Record<number, GPUBuffer>) => this.program.dispatch(pass, entry, rt.n, { ...base, ...b });
    run('socialGather', { 2: near, 3: m(POSITION[0]), 4: m(POSITION[1]), 5: m(ENERGY), 6: m(REPUTATION), 8: m(GROUP) });
    run('socialApply', { 6: m(REPUTATION), 7: m(HAPPINESS) });
    run('affinityApply', { 10: a0, 11: a1, 12: a2, 13: a3, 14: a4 });
    run('cultureGather', { 2: near, 3: m(POSITION[0]), 4: m(POSITION[1]), 6: m(REPUTATION), 7: m(HAPPINESS), 8: m(GROUP) });
    run('cultureApply', { 8: m(GROUP), 10: a0, 11: a1, 12: a2, 13: a3, 14: a4 });
    pass.end();
  }

  /** The neighbour lists follow the scenario's culture settings (k = maxMessages, the larger radius). */
  async prepare(rt: GpuRuntime, world: World): Promise<void> {
    const p = this.perceptionFor(world);
    if (p === this.perception) return;
    this.perception?.destroy();
    this.perception = p;
    await p.init(rt);
  }

  destroy(): void {
    this.perception?.destroy();
    this.scratch?.destroy();
  }
}
