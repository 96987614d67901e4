// Which blocks of a component field did the kernels change? Compares the field after the kernels
// with its copy from before them, word by word (any field kind), and flags each changed block, so
// only those blocks are read back to the CPU.

struct DiffParams { words: u32, blockWords: u32, _p0: u32, _p1: u32 }

@group(0) @binding(0) var<uniform> params: DiffParams;
@group(0) @binding(1) var<storage, read> current: array<u32>;
@group(0) @binding(2) var<storage, read> before: array<u32>;
@group(0) @binding(3) var<storage, read_write> changed: array<atomic<u32>>;

@compute @workgroup_size(64)
fn diff(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) groups: vec3<u32>) {
  let w = flatIndex(gid, groups);
  if (w >= params.words) { return; }
  if (current[w] != before[w]) {
    atomicStore(&changed[w / params.blockWords], 1u);
  }
}
