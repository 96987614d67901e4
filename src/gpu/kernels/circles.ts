// Host side of the circles benchmark kernel (shaders/circles.wgsl): bin, then interact.

import type { GridShape } from '../cpu/grid';
import type { CirclesParams } from '../cpu/circles';
import { Program, uniform } from '../kernel';
import { GpuBinning } from './binning';

export class GpuCircles {
  private readonly params;

  private constructor(
    private readonly device: GPUDevice,
    private readonly program: Program,
    readonly binning: GpuBinning,
  ) {
    this.params = uniform(device, 'circles.params', 12);
  }

  static async create(device: GPUDevice): Promise<GpuCircles> {
    return new GpuCircles(device, await Program.load(device, 'circles', ['circles']), await GpuBinning.create(device));
  }

  /** One step for the n agents of `alive`: positions are read from the bins and written by entity id. */
  encode(encoder: GPUCommandEncoder, shape: GridShape, p: CirclesParams, n: number, capacity: number, alive: GPUBuffer, posX: GPUBuffer, posY: GPUBuffer): void {
    const bins = this.binning.encode(encoder, shape, n, capacity, alive, posX, posY);
    this.params.write([n, 0, p.radius, p.attraction, p.repulsion, p.width, p.height, 0, shape.cols, shape.rows, shape.cellSize, shape.inv], [2, 3, 4, 5, 6, 10, 11]);
    const pass = encoder.beginComputePass({ label: 'circles' });
    this.program.dispatch(pass, 'circles', n, { 0: this.params.buffer, 1: bins.cellStart, 2: bins.pos, 3: bins.id, 4: posX, 5: posY });
    pass.end();
  }

  destroy(): void {
    this.binning.destroy();
  }
}
