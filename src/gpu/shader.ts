// Compiling WGSL: a shader error becomes an exception carrying the WGSL compiler's own messages
// (line:column and text), not a silent invalid pipeline discovered ticks later.

import { readFileSync } from 'node:fs';

export class ShaderError extends Error {
  override readonly name = 'ShaderError';
}

/** The dispatch convention every kernel shares (prepended to each shader file). */
const COMMON = `
// 64 threads per workgroup; workgroups spread over x then y (past 65,535 per dimension).
fn flatIndex(gid: vec3<u32>, groups: vec3<u32>) -> u32 {
  return gid.x + gid.y * groups.x * 64u;
}
`;

const cache = new Map<string, string>();

const read = (name: string) => readFileSync(new URL(`../../shaders/${name}.wgsl`, import.meta.url), 'utf8');

/** The WGSL source of shaders/<name>.wgsl after the common prelude and the grid helpers (shaders/grid.wgsl). Node only (read from disk). */
export function shaderSource(name: string): string {
  let src = cache.get(name);
  if (!src) {
    src = COMMON + read('grid') + read(name);
    cache.set(name, src);
  }
  return src;
}

/** Compile a module; throws ShaderError with every error message the compiler reported. */
export async function compileShader(device: GPUDevice, label: string, code: string): Promise<GPUShaderModule> {
  device.pushErrorScope('validation');
  const module = device.createShaderModule({ label, code });
  const info = await module.getCompilationInfo();
  const scoped = await device.popErrorScope();
  const errors = info.messages.filter((m) => m.type === 'error');
  if (errors.length > 0) {
    const text = errors.map((m) => `${label}:${m.lineNum}:${m.linePos}: ${m.message}`).join('\n');
    throw new ShaderError(`WGSL compilation failed:\n${text}`);
  }
  if (scoped) throw new ShaderError(`WGSL module ${label} is invalid: ${scoped.message}`);
  return module;
}

/** A compute pipeline for one entry point; pipeline validation errors are thrown too. */
export async function computePipeline(device: GPUDevice, module: GPUShaderModule, entryPoint: string): Promise<GPUComputePipeline> {
  device.pushErrorScope('validation');
  let pipeline: GPUComputePipeline;
  try {
    pipeline = await device.createComputePipelineAsync({ label: entryPoint, layout: 'auto', compute: { module, entryPoint } });
  } catch (err) {
    await device.popErrorScope();
    throw new ShaderError(`pipeline ${entryPoint}: ${(err as Error).message}`);
  }
  const scoped = await device.popErrorScope();
  if (scoped) throw new ShaderError(`pipeline ${entryPoint}: ${scoped.message}`);
  return pipeline;
}
