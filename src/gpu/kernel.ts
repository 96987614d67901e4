// A compiled shader file and its entry points, plus the 2-D dispatch every kernel uses.

import { compileShader, computePipeline, shaderSource } from './shader';

/** Threads per workgroup in every kernel (the scans use SCAN_BLOCK). */
export const WORKGROUP = 64;
export const SCAN_BLOCK = 256;

/** Pipelines are costly to build (seconds on a software adapter): one build per device and source. */
const compiled = new WeakMap<GPUDevice, Map<string, Promise<Program>>>();

export class Program {
  private constructor(
    readonly device: GPUDevice,
    private readonly pipelines: Map<string, GPUComputePipeline>,
  ) {}

  /** Compile shaders/<file>.wgsl and build a pipeline per entry point (once per device and source). */
  static async load(device: GPUDevice, file: string, entryPoints: readonly string[], source?: string): Promise<Program> {
    source ??= await shaderSource(file);
    let perDevice = compiled.get(device);
    if (!perDevice) compiled.set(device, (perDevice = new Map()));
    const cacheKey = `${entryPoints.join(',')}\n${source}`;
    let program = perDevice.get(cacheKey);
    if (!program) {
      program = Program.compile(device, file, entryPoints, source);
      perDevice.set(cacheKey, program);
      // A failed compile is not cached: the error is reported again next time.
      program.catch(() => perDevice.delete(cacheKey));
    }
    return program;
  }

  private static async compile(device: GPUDevice, file: string, entryPoints: readonly string[], source: string): Promise<Program> {
    const module = await compileShader(device, `${file}.wgsl`, source);
    const pipelines = new Map<string, GPUComputePipeline>();
    for (const entry of entryPoints) pipelines.set(entry, await computePipeline(device, module, entry));
    return new Program(device, pipelines);
  }

  /**
   * Record one dispatch of `threads` invocations. Workgroups go along x up to the device's
   * per-dimension limit, then wrap into y; shaders recover the flat index with flatIndex().
   */
  dispatch(pass: GPUComputePassEncoder, entry: string, threads: number, bindings: Record<number, GPUBuffer>, groupSize = WORKGROUP): void {
    const pipeline = this.pipelines.get(entry);
    if (!pipeline) throw new Error(`no entry point "${entry}"`);
    if (threads <= 0) return;
    const entries: GPUBindGroupEntry[] = Object.entries(bindings).map(([binding, buffer]) => ({ binding: Number(binding), resource: { buffer } }));
    const bindGroup = this.device.createBindGroup({ layout: pipeline.getBindGroupLayout(0), entries });
    pass.setPipeline(pipeline);
    pass.setBindGroup(0, bindGroup);
    const [x, y] = workgroupGrid(Math.ceil(threads / groupSize), this.device.limits.maxComputeWorkgroupsPerDimension);
    pass.dispatchWorkgroups(x, y);
  }
}

/** Workgroups as (x, y) with x * y >= groups and x within the per-dimension limit. */
export function workgroupGrid(groups: number, maxPerDimension: number): [number, number] {
  if (groups <= maxPerDimension) return [groups, 1];
  const y = Math.ceil(groups / maxPerDimension);
  if (y > maxPerDimension) throw new Error(`${groups} workgroups exceed ${maxPerDimension}² (the device's dispatch limit)`);
  return [Math.ceil(groups / y), y];
}

/** A uniform buffer holding a small struct of u32/f32 words. */
export function uniform(device: GPUDevice, label: string, words: number): { buffer: GPUBuffer; write(values: readonly number[], floats?: readonly number[]): void } {
  const size = Math.max(16, Math.ceil(words / 4) * 16);
  const buffer = device.createBuffer({ label, size, usage: GPUBufferUsage.UNIFORM | GPUBufferUsage.COPY_DST });
  const data = new ArrayBuffer(size);
  const u = new Uint32Array(data);
  const f = new Float32Array(data);
  return {
    buffer,
    /** `values` are u32 words; indices listed in `floats` are written as f32. */
    write(values, floats = []) {
      u.fill(0);
      values.forEach((v, i) => {
        if (floats.includes(i)) f[i] = v;
        else u[i] = v >>> 0;
      });
      device.queue.writeBuffer(buffer, 0, data);
    },
  };
}

/** A storage buffer of at least `bytes` (rounded up to 16), reused while big enough. */
export function storage(device: GPUDevice, label: string, bytes: number, extraUsage = 0): GPUBuffer {
  return device.createBuffer({ label, size: Math.max(16, Math.ceil(bytes / 16) * 16), usage: GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_SRC | GPUBufferUsage.COPY_DST | extraUsage });
}

/** Keep a scratch buffer at least `bytes` large, replacing (and destroying) it when it grows. */
export function ensureStorage(device: GPUDevice, current: GPUBuffer | null, label: string, bytes: number): GPUBuffer {
  if (current && current.size >= bytes) return current;
  current?.destroy();
  return storage(device, label, Math.max(bytes, current ? current.size * 2 : bytes));
}

/** Copy a GPU buffer's first `bytes` into a fresh ArrayBuffer (tests and small results). */
export async function readBuffer(device: GPUDevice, src: GPUBuffer, bytes: number): Promise<ArrayBuffer> {
  const size = Math.max(4, Math.ceil(bytes / 4) * 4);
  const staging = device.createBuffer({ size, usage: GPUBufferUsage.MAP_READ | GPUBufferUsage.COPY_DST });
  const enc = device.createCommandEncoder();
  enc.copyBufferToBuffer(src, 0, staging, 0, size);
  device.queue.submit([enc.finish()]);
  await staging.mapAsync(GPUMapMode.READ);
  const out = staging.getMappedRange().slice(0, bytes);
  staging.unmap();
  staging.destroy();
  return out;
}
