// Neighbour-interaction benchmark in the style of FLAME GPU 2's "circles": each agent reads every
// neighbour within the radius and moves (pushed away closer than half the radius, pulled toward
// farther ones). Bins hold the neighbours' positions and threads walk the bins slot by slot, so the
// threads of a workgroup read the same cells (memory order is everything on a GPU).
// CPU twin: src/gpu/cpu/circles.ts.

struct CirclesParams { n: u32, _p0: u32, radius: f32, attraction: f32, repulsion: f32, width: f32, height: f32, _p1: u32, grid: Grid }

@group(0) @binding(0) var<uniform> P: CirclesParams;
@group(0) @binding(1) var<storage, read> cellStart: array<u32>;
@group(0) @binding(2) var<storage, read> binPos: array<vec2<f32>>;
@group(0) @binding(3) var<storage, read> binId: array<i32>;
@group(0) @binding(4) var<storage, read_write> posX: array<f32>;
@group(0) @binding(5) var<storage, read_write> posY: array<f32>;

@compute @workgroup_size(64)
fn circles(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) groups: vec3<u32>) {
  let s = flatIndex(gid, groups);
  if (s >= P.n) { return; }
  let me = binPos[s];
  let g = P.grid;
  let r = P.radius;
  let r2 = r * r;
  let half = r * 0.5;
  var force = vec2<f32>(0.0, 0.0);
  let c0 = colOf(g, me.x - r);
  let c1 = colOf(g, me.x + r);
  let r0 = rowOf(g, me.y - r);
  let r1 = rowOf(g, me.y + r);
  for (var row = r0; row <= r1; row++) {
    for (var col = c0; col <= c1; col++) {
      let cell = row * g.cols + col;
      let end = cellStart[cell + 1u];
      for (var o = cellStart[cell]; o < end; o++) {
        let other = binPos[o];
        let d2 = dist2(other, me);
        if (d2 > r2 || d2 == 0.0) { continue; }
        let d = sqrt(d2);
        var k = P.attraction;
        if (d < half) { k = -P.repulsion; }
        force.x = force.x + k * ((other.x - me.x) / d);
        force.y = force.y + k * ((other.y - me.y) / d);
      }
    }
  }
  let e = u32(binId[s]);
  posX[e] = min(P.width, max(0.0, me.x + force.x));
  posY[e] = min(P.height, max(0.0, me.y + force.y));
}
