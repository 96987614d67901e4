// GPU spatial index: stands in for the society's `spatial-index` system. The bins are built on the
// GPU and read back into the world's AgentGrid, so CPU systems query the same index as before.
// (Cells are found with a multiplication by 1/cellSize in f32 instead of a division in f64: an
// agent within one f32 ulp of a cell edge may sit in the neighbouring cell.)

import type { World } from '../../engine/world';
import { AgentGrid } from '../../society/core/spatial-system';
import { gridShape, type GridShape } from '../cpu/grid';
import type { GpuRuntime, GpuSystem } from '../runtime';
import { binningBytes, GpuBinning, type GpuBins } from './binning';
import { POSITION } from './perception';

export class GpuSpatialIndex implements GpuSystem {
  readonly name = 'spatial-index';
  private binning!: GpuBinning;
  private bins: GpuBins | null = null;

  reads() {
    return POSITION;
  }

  writes() {
    return [];
  }

  private shape(world: World): GridShape {
    const g = world.resource(AgentGrid);
    return gridShape(g.width, g.height, g.cellSize);
  }

  bytes(capacity: number, world: World): number {
    const s = this.shape(world);
    return binningBytes(capacity, s.cols * s.rows);
  }

  async init(rt: GpuRuntime): Promise<void> {
    this.binning = await GpuBinning.create(rt.device);
  }

  encode(rt: GpuRuntime, world: World, encoder: GPUCommandEncoder): void {
    this.bins = this.binning.encode(encoder, this.shape(world), rt.n, world.components.capacity, rt.alive, rt.mirror.buffer(POSITION[0]), rt.mirror.buffer(POSITION[1]));
  }

  outputs() {
    const b = this.bins!;
    const cells = b.shape.cols * b.shape.rows;
    return [
      { buffer: b.cellStart, bytes: (cells + 1) * 4 },
      { buffer: b.id, bytes: b.n * 4 },
      { buffer: b.pos, bytes: b.n * 8 },
    ];
  }

  apply(world: World, [cellStart, ids, pos]: ArrayBuffer[]): void {
    const xy = new Float32Array(pos);
    const n = xy.length >> 1;
    const x = new Float32Array(n);
    const y = new Float32Array(n);
    for (let s = 0; s < n; s++) {
      x[s] = xy[2 * s];
      y[s] = xy[2 * s + 1];
    }
    world.resource(AgentGrid).adopt(new Int32Array(cellStart), new Int32Array(ids), x, y);
  }

  destroy(): void {
    this.binning?.destroy();
  }
}
