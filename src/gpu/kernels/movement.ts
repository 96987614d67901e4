// GPU movement: stands in for the society's `movement` system (shaders/movement.wgsl), with
// optional separation from neighbours.

import type { World } from '../../engine/world';
import { IDLE } from '../../society/actions';
import { Action, Motion, Position, Vitals } from '../../society/components';
import { ScenarioConfig } from '../../society/core/config';
import { gridShape, type GridShape } from '../cpu/grid';
import type { MovementParams } from '../cpu/movement';
import { Program, ensureStorage, uniform } from '../kernel';
import { fieldRef } from '../mirror';
import type { GpuRuntime, GpuSystem } from '../runtime';
import { binningBytes, GpuBinning } from './binning';

const X = fieldRef(Position, 'x');
const Y = fieldRef(Position, 'y');
const READS = [X, Y, fieldRef(Motion, 'tx'), fieldRef(Motion, 'ty'), fieldRef(Motion, 'speed'), fieldRef(Motion, 'moving'), fieldRef(Vitals, 'energy'), fieldRef(Action, 'kind'), fieldRef(Action, 'remaining')];
const WRITES = [X, Y, fieldRef(Motion, 'moving'), fieldRef(Vitals, 'energy'), fieldRef(Action, 'kind'), fieldRef(Action, 'remaining')];

export interface Separation {
  radius: number;
  strength: number;
}

/** The movement parameters of a society world. */
export function movementParams(world: World, separation: Separation): MovementParams {
  const cfg = world.resource(ScenarioConfig);
  return {
    width: cfg.world.width,
    height: cfg.world.height,
    energyCost: cfg.actions.moveEnergyPerTick,
    separationRadius: separation.radius,
    separationStrength: separation.strength,
    idleKind: IDLE,
  };
}

export class GpuMovement implements GpuSystem {
  readonly name = 'movement';
  private program!: Program;
  private binning!: GpuBinning;
  private params!: ReturnType<typeof uniform>;
  private step: GPUBuffer | null = null;

  constructor(private readonly separation: Separation = { radius: 1, strength: 0 }) {}

  reads() {
    return READS;
  }

  writes() {
    return WRITES;
  }

  private shape(world: World): GridShape {
    const cfg = world.resource(ScenarioConfig).world;
    return gridShape(cfg.width, cfg.height, this.separation.radius);
  }

  bytes(capacity: number, world: World): number {
    const s = this.shape(world);
    return capacity * 16 + (this.separation.strength > 0 ? binningBytes(capacity, s.cols * s.rows) : 0);
  }

  async init(rt: GpuRuntime): Promise<void> {
    this.program = await Program.load(rt.device, 'movement', ['separate', 'integrate', 'finish']);
    this.binning = await GpuBinning.create(rt.device);
    this.params = uniform(rt.device, 'movement.params', 12);
  }

  encode(rt: GpuRuntime, world: World, encoder: GPUCommandEncoder): void {
    const p = movementParams(world, this.separation);
    const cap = world.components.capacity;
    this.step = ensureStorage(rt.device, this.step, 'movement.step', cap * 16);
    const shape = this.shape(world);
    this.params.write(
      [rt.n, p.idleKind, p.width, p.height, p.energyCost, p.separationRadius, p.separationStrength, 0, shape.cols, shape.rows, shape.cellSize, shape.inv],
      [2, 3, 4, 5, 6, 10, 11],
    );
    const b = (f: (typeof READS)[number]) => rt.mirror.buffer(f);
    const [x, y, tx, ty, speed, moving, energy, kind, remaining] = READS.map(b);
    const P = this.params.buffer;
    if (p.separationStrength > 0) {
      const bins = this.binning.encode(encoder, shape, rt.n, cap, rt.alive, x, y);
      const pass = encoder.beginComputePass({ label: 'separation' });
      this.program.dispatch(pass, 'separate', rt.n, { 0: P, 2: bins.cellStart, 3: bins.id, 4: bins.pos, 5: this.step, 9: moving });
      pass.end();
    } else {
      encoder.clearBuffer(this.step);
    }
    const pass = encoder.beginComputePass({ label: 'movement' });
    this.program.dispatch(pass, 'integrate', rt.n, { 0: P, 1: rt.alive, 5: this.step, 6: tx, 7: ty, 8: speed, 9: moving, 10: x, 11: y });
    this.program.dispatch(pass, 'finish', rt.n, { 0: P, 1: rt.alive, 5: this.step, 9: moving, 12: energy, 13: kind, 14: remaining });
    pass.end();
  }

  destroy(): void {
    this.binning?.destroy();
    this.step?.destroy();
  }
}
