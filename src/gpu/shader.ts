// Compiling WGSL: a shader error becomes an exception carrying the WGSL compiler's own messages
// (line:column and text), not a silent invalid pipeline discovered ticks later.


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
let bundled: Record<string, string> | null = null;

/**
 * A browser or Electron renderer has no file system: its bundle registers the WGSL texts by file
 * name (e.g. from Vite's `import.meta.glob('/shaders/*.wgsl', { query: '?raw', import: 'default', eager: true })`,
 * keyed "binning", "grid"...). Node reads shaders/ from disk.
 */
export function registerShaders(sources: Record<string, string>): void {
  bundled = { ...sources };
}

async function read(name: string): Promise<string> {
  if (bundled) {
    const text = bundled[name];
    if (text === undefined) throw new ShaderError(`shader ${name}.wgsl is not registered`);
    return text;
  }
  const { readFile } = await import('node:fs/promises');
  return readFile(new URL(`../../shaders/${name}.wgsl`, import.meta.url), 'utf8');
}

/** The WGSL source of shaders/<name>.wgsl after the common prelude and the grid helpers (shaders/grid.wgsl). */
export async function shaderSource(name: string): Promise<string> {
  let src = cache.get(name);
  if (!src) {
    src = COMMON + (await read('grid')) + (await read(name));
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
