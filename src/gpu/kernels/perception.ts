// GPU perception: each agent's k nearest agents (shaders/perception.wgsl), for prompts and
// interactions. Results land in the Perception resource, indexed by entity id.

import { resourceKey, type World } from '../../engine/world';
import type { System } from '../../engine/schedule';
import { Position } from '../../society/components';
import { binAgents, type GridShape } from '../cpu/grid';
import { F32_MAX, MAX_K, nearestF32 } from '../cpu/perception';
import { Program, storage, uniform } from '../kernel';
import { fieldRef } from '../mirror';
import type { GpuRuntime, GpuSystem } from '../runtime';
import { binningBytes, GpuBinning, type GpuBins } from './binning';

export interface PerceptionSettings {
  k: number;
  radius: number;
  shape: GridShape;
}

/** ids[e * k + j]: the j-th nearest agent to entity e (-1: none within the radius). Sized to capacity. */
export interface PerceptionResult {
  k: number;
  ids: Int32Array;
}

export const Perception = resourceKey<PerceptionResult>('perception');
export const POSITION = [fieldRef(Position, 'x'), fieldRef(Position, 'y')];

function result(world: World, k: number): PerceptionResult {
  const size = world.components.capacity * k;
  const current = world.hasResource(Perception) ? world.resource(Perception) : null;
  if (current && current.k === k && current.ids.length === size) return current;
  const fresh = { k, ids: new Int32Array(size).fill(-1) };
  world.setResource(Perception, fresh);
  return fresh;
}

export interface PerceptionSystem extends System {
  readonly settings: PerceptionSettings;
}

/** The CPU system (same results, computed by the CPU twin); the GPU stepper runs GpuPerception in its place. */
export function perceptionSystem(settings: PerceptionSettings): PerceptionSystem {
  if (!(settings.k >= 1 && settings.k <= MAX_K)) throw new Error(`perception: k must be between 1 and ${MAX_K}`);
  return {
    name: 'perception',
    settings,
    phase: 'perceive',
    run(world) {
      const p = world.store(Position);
      const bins = binAgents(settings.shape, world.entities.alive(), p.x, p.y);
      nearestF32(bins, settings.k, settings.radius, result(world, settings.k).ids);
    },
  };
}

export class GpuPerception implements GpuSystem {
  readonly name = 'perception';
  private program!: Program;
  private binning!: GpuBinning;
  private params!: ReturnType<typeof uniform>;
  private out: GPUBuffer | null = null;
  private bins: GpuBins | null = null;

  constructor(readonly settings: PerceptionSettings) {
    if (!(settings.k >= 1 && settings.k <= MAX_K)) throw new Error(`perception: k must be between 1 and ${MAX_K}`);
  }

  reads() {
    return POSITION;
  }

  writes() {
    return [];
  }

  /** The lists on the GPU after encode(): nearest[e * k + j] (for kernels that read neighbours). */
  get nearest(): GPUBuffer {
    if (!this.out) throw new Error('perception: not encoded yet');
    return this.out;
  }

  bytes(capacity: number): number {
    return binningBytes(capacity, this.settings.shape.cols * this.settings.shape.rows) + capacity * this.settings.k * 4 * 2;
  }

  async init(rt: GpuRuntime): Promise<void> {
    this.program = await Program.load(rt.device, 'perception', ['perceive']);
    this.binning = await GpuBinning.create(rt.device);
    this.params = uniform(rt.device, 'perception.params', 8);
  }

  encode(rt: GpuRuntime, world: World, encoder: GPUCommandEncoder): void {
    const { k, radius, shape } = this.settings;
    const cap = world.components.capacity;
    const bytes = cap * k * 4;
    if (!this.out || this.out.size < bytes) {
      this.out?.destroy();
      this.out = storage(rt.device, 'perception.out', bytes);
    }
    this.bins = this.binning.encode(encoder, shape, rt.n, cap, rt.alive, rt.mirror.buffer(POSITION[0]), rt.mirror.buffer(POSITION[1]));
    const maxR2 = Number.isFinite(radius) ? Math.fround(radius * radius) : F32_MAX;
    this.params.write([rt.n, k, maxR2, 0, shape.cols, shape.rows, shape.cellSize, shape.inv], [2, 6, 7]);
    const pass = encoder.beginComputePass({ label: 'perception' });
    this.program.dispatch(pass, 'perceive', rt.n, { 0: this.params.buffer, 1: this.bins.cellStart, 2: this.bins.id, 3: this.bins.pos, 4: this.out });
    pass.end();
  }

  /** Only the living's rows are meaningful: read the range up to the highest id in use. */
  outputs(world: World) {
    return [{ buffer: this.out!, bytes: world.entities.highWater * this.settings.k * 4 }];
  }

  apply(world: World, [ids]: ArrayBuffer[]): void {
    result(world, this.settings.k).ids.set(new Int32Array(ids));
  }

  destroy(): void {
    this.binning?.destroy();
    this.out?.destroy();
  }
}
