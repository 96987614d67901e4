// GPU binning vs the CPU twin: exact (cell starts, slot order, ids, positions), on random worlds
// with scattered alive lists, including agents outside the bounds (clamped into border cells).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { binAgents, gridShape } from '../../src/gpu/cpu/grid';
import type { GpuContext } from '../../src/gpu/device';
import { GpuBinning, readBins } from '../../src/gpu/kernels/binning';
import { storage } from '../../src/gpu/kernel';
import { randomPositions, scatteredAlive, testGpu } from './gpu';

let gpu: GpuContext;
beforeAll(async () => {
  gpu = await testGpu();
});
afterAll(() => gpu?.release());

function upload(device: GPUDevice, arr: Int32Array | Float32Array): GPUBuffer {
  const b = storage(device, 'test', arr.byteLength);
  device.queue.writeBuffer(b, 0, arr.buffer, arr.byteOffset, arr.byteLength);
  return b;
}

async function gpuBins(n: number, capacity: number, seed: number, width: number, height: number, cell: number) {
  const alive = scatteredAlive(seed, n, capacity);
  const { x, y } = randomPositions(seed, capacity, alive, width, height);
  // A few agents off the map: they belong to the border cells on both sides.
  x[alive[0]] = -5;
  y[alive[1]] = height + 3;
  const shape = gridShape(width, height, cell);
  const d = gpu.device;
  const binning = await GpuBinning.create(d);
  const enc = d.createCommandEncoder();
  const g = binning.encode(enc, shape, n, capacity, upload(d, alive), upload(d, x), upload(d, y));
  d.queue.submit([enc.finish()]);
  return { gpu: await readBins(d, g), cpu: binAgents(shape, alive, x, y) };
}

describe('GPU neighbour binning', () => {
  it('matches the CPU counting sort exactly, slot for slot', async () => {
    for (const [n, cap, cell] of [
      [5000, 8192, 3],
      [12000, 16384, 1.7],
      [700, 1024, 40], // few cells, many agents per cell
    ] as const) {
      const { gpu: g, cpu: c } = await gpuBins(n, cap, n, 200, 120, cell);
      expect(Array.from(g.cellStart)).toEqual(Array.from(c.cellStart));
      expect(g.cellStart[g.cellStart.length - 1]).toBe(n);
      expect(Array.from(g.key)).toEqual(Array.from(c.key));
      expect(Array.from(g.id)).toEqual(Array.from(c.id));
      expect(Array.from(g.x)).toEqual(Array.from(c.x));
      expect(Array.from(g.y)).toEqual(Array.from(c.y));
    }
  });

  it('handles more cells than one scan workgroup squared (multi-level prefix sum)', async () => {
    // 400 x 400 cells = 160,000 > 256 * 256 / 2: several runs of block sums per scan thread.
    const { gpu: g, cpu: c } = await gpuBins(3000, 4096, 9, 400, 400, 1);
    expect(Array.from(g.cellStart)).toEqual(Array.from(c.cellStart));
    expect(Array.from(g.id)).toEqual(Array.from(c.id));
  });
});
