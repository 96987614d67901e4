// Host side of shaders/binning.wgsl: builds the bins on the GPU from the alive list and the
// position buffers, and reads them back when a CPU system wants them as its spatial index.

import type { Bins, GridShape } from '../cpu/grid';
import { Program, readBuffer, SCAN_BLOCK, uniform } from '../kernel';

const ENTRIES = ['countCells', 'scanBlocks', 'scanSums', 'addSums', 'scatter', 'sortCells', 'gather'] as const;

/** GPU bins: the same layout as the CPU's Bins, positions interleaved (x, y) per slot. */
export interface GpuBins {
  readonly shape: GridShape;
  readonly n: number;
  readonly cellStart: GPUBuffer;
  readonly key: GPUBuffer;
  readonly id: GPUBuffer;
  readonly pos: GPUBuffer;
}

/** Bytes the binning needs on the GPU for n agents and a number of cells. */
export function binningBytes(n: number, cells: number): number {
  return n * (4 + 4 + 4 + 8) + cells * 4 * 3 + Math.ceil(cells / SCAN_BLOCK) * 4;
}

export class GpuBinning {
  private readonly params;
  private bufs: Record<'counts' | 'agentCell' | 'cellStart' | 'blockSums' | 'cursor' | 'key' | 'id' | 'pos', GPUBuffer> | null = null;
  private sized = { n: -1, cells: -1 };

  private constructor(
    private readonly device: GPUDevice,
    private readonly program: Program,
  ) {
    this.params = uniform(device, 'binning.params', 8);
  }

  static async create(device: GPUDevice): Promise<GpuBinning> {
    return new GpuBinning(device, await Program.load(device, 'binning', ENTRIES));
  }

  private ensure(n: number, cells: number): NonNullable<GpuBinning['bufs']> {
    // Sized for capacity, not count, so a growing world reallocates rarely.
    if (this.bufs && n <= this.sized.n && cells === this.sized.cells) return this.bufs;
    this.destroy();
    const cap = Math.max(64, n);
    const blocks = Math.ceil(cells / SCAN_BLOCK);
    const mk = (label: string, bytes: number) =>
      this.device.createBuffer({ label: `bins.${label}`, size: Math.max(16, Math.ceil(bytes / 16) * 16), usage: GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_SRC | GPUBufferUsage.COPY_DST });
    this.bufs = {
      counts: mk('counts', cells * 4),
      agentCell: mk('agentCell', cap * 4),
      cellStart: mk('cellStart', (cells + 1) * 4),
      blockSums: mk('blockSums', blocks * 4),
      cursor: mk('cursor', cells * 4),
      key: mk('key', cap * 4),
      id: mk('id', cap * 4),
      pos: mk('pos', cap * 8),
    };
    this.sized = { n: cap, cells };
    return this.bufs;
  }

  /** Record the binning of the n agents listed in `alive` (an Int32 buffer of entity ids). */
  encode(encoder: GPUCommandEncoder, shape: GridShape, n: number, capacity: number, alive: GPUBuffer, posX: GPUBuffer, posY: GPUBuffer): GpuBins {
    const cells = shape.cols * shape.rows;
    const b = this.ensure(capacity, cells);
    const numBlocks = Math.ceil(cells / SCAN_BLOCK);
    this.params.write([n, cells, numBlocks, 0, shape.cols, shape.rows, shape.cellSize, shape.inv], [6, 7]);
    encoder.clearBuffer(b.counts);
    encoder.clearBuffer(b.cursor);
    const p = this.params.buffer;
    const pass = encoder.beginComputePass({ label: 'binning' });
    this.program.dispatch(pass, 'countCells', n, { 0: p, 1: alive, 2: posX, 3: posY, 4: b.counts, 5: b.agentCell });
    this.program.dispatch(pass, 'scanBlocks', numBlocks * SCAN_BLOCK, { 0: p, 4: b.counts, 6: b.cellStart, 7: b.blockSums }, SCAN_BLOCK);
    this.program.dispatch(pass, 'scanSums', SCAN_BLOCK, { 0: p, 6: b.cellStart, 7: b.blockSums }, SCAN_BLOCK);
    this.program.dispatch(pass, 'addSums', cells, { 0: p, 6: b.cellStart, 7: b.blockSums });
    this.program.dispatch(pass, 'scatter', n, { 0: p, 5: b.agentCell, 6: b.cellStart, 8: b.cursor, 9: b.key });
    this.program.dispatch(pass, 'sortCells', cells, { 0: p, 6: b.cellStart, 9: b.key });
    this.program.dispatch(pass, 'gather', n, { 0: p, 1: alive, 2: posX, 3: posY, 9: b.key, 10: b.id, 11: b.pos });
    pass.end();
    return { shape, n, cellStart: b.cellStart, key: b.key, id: b.id, pos: b.pos };
  }

  destroy(): void {
    if (this.bufs) for (const buf of Object.values(this.bufs)) buf.destroy();
    this.bufs = null;
  }
}

/** Read GPU bins back into the CPU layout (for a CPU spatial index, and for tests). */
export async function readBins(device: GPUDevice, g: GpuBins): Promise<Bins> {
  const cells = g.shape.cols * g.shape.rows;
  const [cellStart, key, id, pos] = await Promise.all([
    readBuffer(device, g.cellStart, (cells + 1) * 4),
    readBuffer(device, g.key, g.n * 4),
    readBuffer(device, g.id, g.n * 4),
    readBuffer(device, g.pos, g.n * 8),
  ]);
  const xy = new Float32Array(pos);
  const x = new Float32Array(g.n);
  const y = new Float32Array(g.n);
  for (let s = 0; s < g.n; s++) {
    x[s] = xy[2 * s];
    y[s] = xy[2 * s + 1];
  }
  return { shape: g.shape, cellStart: new Int32Array(cellStart), key: new Int32Array(key), id: new Int32Array(id), x, y };
}
