// Shared by the GPU tests: the real `webgpu` package on the software Vulkan driver (SwiftShader from
// Debian's chromium) when no driver is chosen. No adapter is a failure, never a skip: the parity
// tests must run in CI.
import { existsSync } from 'node:fs';
import { acquireGpu, SWIFTSHADER_ICD, type GpuContext } from '../../src/gpu/device';
import { Rng } from '../../src/engine/rng';

export function useSoftwareVulkanIfUnset(): void {
  if (!process.env.VK_ICD_FILENAMES && existsSync(SWIFTSHADER_ICD)) process.env.VK_ICD_FILENAMES = SWIFTSHADER_ICD;
}

export async function testGpu(): Promise<GpuContext> {
  useSoftwareVulkanIfUnset();
  const gpu = await acquireGpu();
  if (!gpu) throw new Error(`no WebGPU adapter (VK_ICD_FILENAMES=${process.env.VK_ICD_FILENAMES ?? 'unset'}); install chromium and libvulkan1 for SwiftShader`);
  return gpu;
}

/** Random positions for the alive entities of a capacity-sized array. */
export function randomPositions(seed: number, capacity: number, alive: Int32Array, width: number, height: number) {
  const rng = Rng.fromSeed(seed);
  const x = new Float32Array(capacity);
  const y = new Float32Array(capacity);
  for (const e of alive) {
    x[e] = rng.range(0, width);
    y[e] = rng.range(0, height);
  }
  return { x, y };
}

/** An alive list that is not simply 0..n-1: ids shuffled and with gaps, as after deaths and births. */
export function scatteredAlive(seed: number, n: number, capacity: number): Int32Array {
  const rng = Rng.fromSeed(seed ^ 0x9e37);
  const ids = Int32Array.from({ length: capacity }, (_, i) => i);
  for (let i = capacity - 1; i > 0; i--) {
    const j = rng.int(i + 1);
    const t = ids[i];
    ids[i] = ids[j];
    ids[j] = t;
  }
  return ids.slice(0, n);
}
