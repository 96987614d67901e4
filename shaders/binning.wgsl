// Neighbour binning: a uniform-grid spatial hash built by a counting sort.
//   countCells: each agent finds its cell and counts it (atomics)
//   scanBlocks, scanSums, addSums: exclusive prefix sum of the counts = each cell's first slot
//   scatter: each agent takes a slot in its cell (atomics: arbitrary order)
//   sortCells: each cell sorts its slots by alive-list index, so the order is deterministic and
//              the same as the CPU's stable counting sort
//   gather: each slot holds its agent's id and position (bins hold the data, so neighbour kernels
//           read contiguous memory cell by cell)

struct BinParams { n: u32, cells: u32, numBlocks: u32, _pad: u32, grid: Grid }

@group(0) @binding(0) var<uniform> P: BinParams;
@group(0) @binding(1) var<storage, read> alive: array<i32>;
@group(0) @binding(2) var<storage, read> posX: array<f32>;
@group(0) @binding(3) var<storage, read> posY: array<f32>;
@group(0) @binding(4) var<storage, read_write> counts: array<atomic<u32>>;
@group(0) @binding(5) var<storage, read_write> agentCell: array<u32>;
@group(0) @binding(6) var<storage, read_write> cellStart: array<u32>;
@group(0) @binding(7) var<storage, read_write> blockSums: array<u32>;
@group(0) @binding(8) var<storage, read_write> cursor: array<atomic<u32>>;
@group(0) @binding(9) var<storage, read_write> binKey: array<u32>;
@group(0) @binding(10) var<storage, read_write> binId: array<i32>;
@group(0) @binding(11) var<storage, read_write> binPos: array<vec2<f32>>;

@compute @workgroup_size(64)
fn countCells(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) groups: vec3<u32>) {
  let i = flatIndex(gid, groups);
  if (i >= P.n) { return; }
  let e = u32(alive[i]);
  let c = cellOf(P.grid, posX[e], posY[e]);
  agentCell[i] = c;
  atomicAdd(&counts[c], 1u);
}

var<workgroup> tile: array<u32, 256>;

// Inclusive Hillis-Steele scan of tile[]; every thread of the workgroup must call it.
fn scanTile(lid: u32) {
  for (var off = 1u; off < 256u; off = off * 2u) {
    var t = 0u;
    if (lid >= off) { t = tile[lid - off]; }
    workgroupBarrier();
    tile[lid] = tile[lid] + t;
    workgroupBarrier();
  }
}

@compute @workgroup_size(256)
fn scanBlocks(@builtin(local_invocation_id) lid: vec3<u32>, @builtin(workgroup_id) wid: vec3<u32>, @builtin(num_workgroups) groups: vec3<u32>) {
  let block = wid.x + wid.y * groups.x;
  let i = block * 256u + lid.x;
  var v = 0u;
  if (i < P.cells) { v = atomicLoad(&counts[i]); }
  tile[lid.x] = v;
  workgroupBarrier();
  scanTile(lid.x);
  if (i < P.cells) { cellStart[i] = tile[lid.x] - v; }
  if (lid.x == 255u && block < P.numBlocks) { blockSums[block] = tile[255]; }
}

// One workgroup: each thread sums a run of block totals, the threads scan their sums, then each
// thread writes its run's exclusive prefixes back. Handles any number of blocks.
@compute @workgroup_size(256)
fn scanSums(@builtin(local_invocation_id) lid: vec3<u32>) {
  let per = (P.numBlocks + 255u) / 256u;
  let begin = lid.x * per;
  let end = min(begin + per, P.numBlocks);
  var sum = 0u;
  for (var b = begin; b < end; b++) { sum += blockSums[b]; }
  tile[lid.x] = sum;
  workgroupBarrier();
  scanTile(lid.x);
  var run = tile[lid.x] - sum;
  for (var b = begin; b < end; b++) {
    let s = blockSums[b];
    blockSums[b] = run;
    run += s;
  }
  if (lid.x == 255u) { cellStart[P.cells] = tile[255]; }
}

@compute @workgroup_size(64)
fn addSums(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) groups: vec3<u32>) {
  let c = flatIndex(gid, groups);
  if (c >= P.cells) { return; }
  cellStart[c] += blockSums[c / 256u];
}

@compute @workgroup_size(64)
fn scatter(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) groups: vec3<u32>) {
  let i = flatIndex(gid, groups);
  if (i >= P.n) { return; }
  let c = agentCell[i];
  binKey[cellStart[c] + atomicAdd(&cursor[c], 1u)] = i;
}

// Insertion sort per cell: cells hold few agents, and the scatter left them nearly in any order.
@compute @workgroup_size(64)
fn sortCells(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) groups: vec3<u32>) {
  let c = flatIndex(gid, groups);
  if (c >= P.cells) { return; }
  let begin = cellStart[c];
  let end = cellStart[c + 1u];
  for (var s = begin + 1u; s < end; s++) {
    let k = binKey[s];
    var j = s;
    while (j > begin && binKey[j - 1u] > k) {
      binKey[j] = binKey[j - 1u];
      j--;
    }
    binKey[j] = k;
  }
}

@compute @workgroup_size(64)
fn gather(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) groups: vec3<u32>) {
  let s = flatIndex(gid, groups);
  if (s >= P.n) { return; }
  let e = alive[binKey[s]];
  binId[s] = e;
  binPos[s] = vec2<f32>(posX[u32(e)], posY[u32(e)]);
}
