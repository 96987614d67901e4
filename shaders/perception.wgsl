// Perception: each agent's k nearest other agents within a radius, nearest first, distance ties
// broken by the lower id, -1 where fewer are in reach. Threads walk the bins slot by slot, so the
// threads of a workgroup search the same cells. Ring-by-ring search as SpatialGrid.nearest.
// CPU twin: src/gpu/cpu/perception.ts.

struct PerceptionParams { n: u32, k: u32, maxR2: f32, _p0: u32, grid: Grid }

@group(0) @binding(0) var<uniform> P: PerceptionParams;
@group(0) @binding(1) var<storage, read> cellStart: array<u32>;
@group(0) @binding(2) var<storage, read> binId: array<i32>;
@group(0) @binding(3) var<storage, read> binPos: array<vec2<f32>>;
@group(0) @binding(4) var<storage, read_write> nearest: array<i32>;

const MAX_K = 16u;

fn closer(d2: f32, id: i32, od2: f32, oid: i32) -> bool {
  return d2 < od2 || (d2 == od2 && id < oid);
}

@compute @workgroup_size(64)
fn perceive(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) groups: vec3<u32>) {
  let s = flatIndex(gid, groups);
  if (s >= P.n) { return; }
  let me_id = binId[s];
  let me = binPos[s];
  let g = P.grid;
  let k = P.k;
  var ids: array<i32, MAX_K>;
  var ds: array<f32, MAX_K>;
  var found = 0u;
  let cx = i32(colOf(g, me.x));
  let cy = i32(rowOf(g, me.y));
  let maxRing = i32(max(g.cols, g.rows));
  for (var ring = 0; ring <= maxRing; ring++) {
    let minDist = f32(ring - 1) * g.cellSize;
    let min2 = minDist * minDist;
    if (found == k && minDist > 0.0 && min2 > ds[k - 1u]) { break; }
    if (minDist > 0.0 && min2 > P.maxR2) { break; }
    for (var row = cy - ring; row <= cy + ring; row++) {
      if (row < 0 || row >= i32(g.rows)) { continue; }
      let edgeRow = row == cy - ring || row == cy + ring;
      var step = 2 * ring;
      if (edgeRow || ring == 0) { step = 1; }
      for (var col = cx - ring; col <= cx + ring; col += step) {
        if (col < 0 || col >= i32(g.cols)) { continue; }
        let cell = u32(row) * g.cols + u32(col);
        let end = cellStart[cell + 1u];
        for (var o = cellStart[cell]; o < end; o++) {
          let id = binId[o];
          if (id == me_id) { continue; }
          let d2 = dist2(binPos[o], me);
          if (d2 > P.maxR2) { continue; }
          if (found == k && !closer(d2, id, ds[k - 1u], ids[k - 1u])) { continue; }
          var at = found;
          if (found == k) { at = k - 1u; } else { found++; }
          while (at > 0u && closer(d2, id, ds[at - 1u], ids[at - 1u])) {
            ids[at] = ids[at - 1u];
            ds[at] = ds[at - 1u];
            at--;
          }
          ids[at] = id;
          ds[at] = d2;
        }
      }
    }
  }
  let base = u32(me_id) * k;
  for (var j = 0u; j < k; j++) {
    if (j < found) { nearest[base + j] = ids[j]; } else { nearest[base + j] = -1; }
  }
}
