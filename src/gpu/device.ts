/// <reference types="@webgpu/types" />
// One way to get a WebGPU device, in Node (the `webgpu` package, Dawn) and in a browser or Electron
// renderer (`navigator.gpu`). Dawn crashes if the object returned by `create()` is collected while a
// device or one of its callbacks lives, and creating and dropping instances over and over crashed a
// process now and then (a futex abort, in CI): so one Dawn instance serves the whole process.

export interface GpuContext {
  readonly device: GPUDevice;
  /** e.g. "swiftshader (Google, cpu)" or "NVIDIA H100 (nvidia, discrete-gpu)". */
  readonly adapterName: string;
  /** True once the device is lost or destroyed; GPU systems then fall back to the CPU. */
  readonly lost: boolean;
  readonly lostReason: string;
  /** Destroy the device (Dawn's instance stays for the next device; Node exits with it held). */
  release(): void;
}

export class GpuUnavailableError extends Error {
  override readonly name = 'GpuUnavailableError';
}

/** Limits the kernels need beyond the WebGPU defaults: as large buffers as the adapter allows. */
function wantedLimits(adapter: GPUAdapter): Record<string, number> {
  const l = adapter.limits;
  return {
    maxStorageBufferBindingSize: l.maxStorageBufferBindingSize,
    maxBufferSize: l.maxBufferSize,
  };
}

function describeAdapter(adapter: GPUAdapter): string {
  const info = adapter.info;
  const name = info.description || info.device || info.architecture || 'unknown adapter';
  return `${name} (${info.vendor || 'unknown vendor'}, ${info.architecture || info.device || 'unknown'})`;
}

async function openDevice(gpu: GPU): Promise<GpuContext | null> {
  const adapter = await gpu.requestAdapter({ powerPreference: 'high-performance' });
  if (!adapter) return null;
  const device = await adapter.requestDevice({ requiredLimits: wantedLimits(adapter) });
  const state = { lost: false, reason: '' };
  void device.lost.then((info) => {
    state.lost = true;
    state.reason = info.message || info.reason || 'device lost';
  });
  return {
    device,
    adapterName: describeAdapter(adapter),
    get lost() {
      return state.lost;
    },
    get lostReason() {
      return state.reason;
    },
    release() {
      if (!state.lost) device.destroy();
      state.lost = true;
      state.reason ||= 'released';
    },
  };
}

/**
 * A device, or null when this machine has no WebGPU adapter. In Node the `webgpu` package is
 * loaded lazily, so a browser bundle never pulls it in.
 */
export async function acquireGpu(): Promise<GpuContext | null> {
  const nav = (globalThis as { navigator?: { gpu?: GPU } }).navigator;
  if (nav?.gpu) return openDevice(nav.gpu);
  return openDevice(await dawnInstance());
}

let dawn: GPU | null = null;

async function dawnInstance(): Promise<GPU> {
  if (dawn) return dawn;
  const mod = (await import('webgpu')) as unknown as { create(flags: string[]): GPU; globals: Record<string, unknown> };
  // The WebGPU constants (GPUBufferUsage...) are globals in a browser; Dawn provides them.
  for (const [k, v] of Object.entries(mod.globals)) if (!(k in globalThis)) (globalThis as Record<string, unknown>)[k] = v;
  dawn = mod.create([]);
  return dawn;
}

/** Debian's chromium ships SwiftShader, a software Vulkan driver: use it when no driver was chosen. */
export const SWIFTSHADER_ICD = '/usr/lib/chromium/vk_swiftshader_icd.json';
