// Movement: moving agents step toward their target at their speed, are pushed apart from
// neighbours (separation), clamped to the world; each moving tick costs energy; arriving ends the
// move (and a move action). Same semantics as the society's movement system plus separation.
// CPU twin: src/gpu/cpu/movement.ts.
//   separate (per bin slot): the push from neighbours within the radius, from start positions
//   integrate (per agent): the step; step[e].z = 1 moved, 2 arrived
//   finish (per agent): energy, the moving flag and the action (u8/u16 fields: packed words)

struct MoveParams { n: u32, idleKind: u32, width: f32, height: f32, energyCost: f32, sepRadius: f32, sepStrength: f32, _p0: u32, grid: Grid }

@group(0) @binding(0) var<uniform> P: MoveParams;
@group(0) @binding(1) var<storage, read> alive: array<i32>;
@group(0) @binding(2) var<storage, read> cellStart: array<u32>;
@group(0) @binding(3) var<storage, read> binId: array<i32>;
@group(0) @binding(4) var<storage, read> binPos: array<vec2<f32>>;
@group(0) @binding(5) var<storage, read_write> step: array<vec4<f32>>;
@group(0) @binding(6) var<storage, read> tx: array<f32>;
@group(0) @binding(7) var<storage, read> ty: array<f32>;
@group(0) @binding(8) var<storage, read> speed: array<f32>;
@group(0) @binding(9) var<storage, read_write> moving: array<atomic<u32>>;
@group(0) @binding(10) var<storage, read_write> posX: array<f32>;
@group(0) @binding(11) var<storage, read_write> posY: array<f32>;
@group(0) @binding(12) var<storage, read_write> energy: array<f32>;
@group(0) @binding(13) var<storage, read_write> kind: array<atomic<u32>>;
@group(0) @binding(14) var<storage, read_write> remaining: array<atomic<u32>>;

fn byteAt(word: u32, e: u32) -> u32 { return (word >> ((e & 3u) * 8u)) & 0xffu; }

@compute @workgroup_size(64)
fn separate(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) groups: vec3<u32>) {
  let s = flatIndex(gid, groups);
  if (s >= P.n) { return; }
  let me_id = binId[s];
  let e = u32(me_id);
  var push = vec2<f32>(0.0, 0.0);
  if (byteAt(atomicLoad(&moving[e >> 2u]), e) != 0u) {
    let me = binPos[s];
    let g = P.grid;
    let r = P.sepRadius;
    let r2 = r * r;
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
          if (d2 > r2 || d2 == 0.0 || binId[o] == me_id) { continue; }
          let d = sqrt(d2);
          let w = 1.0 - d / r;
          push.x = push.x - ((other.x - me.x) / d) * w;
          push.y = push.y - ((other.y - me.y) / d) * w;
        }
      }
    }
  }
  step[e] = vec4<f32>(push, 0.0, 0.0);
}

@compute @workgroup_size(64)
fn integrate(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) groups: vec3<u32>) {
  let i = flatIndex(gid, groups);
  if (i >= P.n) { return; }
  let e = u32(alive[i]);
  if (byteAt(atomicLoad(&moving[e >> 2u]), e) == 0u) {
    step[e].z = 0.0;
    return;
  }
  let px = posX[e];
  let py = posY[e];
  let dx = tx[e] - px;
  let dy = ty[e] - py;
  let d = sqrt(dx * dx + dy * dy);
  var nx: f32;
  var ny: f32;
  var state = 1.0;
  if (d <= speed[e]) {
    nx = tx[e];
    ny = ty[e];
    state = 2.0;
  } else {
    nx = px + (dx / d) * speed[e];
    ny = py + (dy / d) * speed[e];
    if (P.sepStrength > 0.0) {
      nx = nx + step[e].x * P.sepStrength;
      ny = ny + step[e].y * P.sepStrength;
    }
  }
  posX[e] = min(P.width, max(0.0, nx));
  posY[e] = min(P.height, max(0.0, ny));
  step[e].z = state;
}

@compute @workgroup_size(64)
fn finish(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) groups: vec3<u32>) {
  let i = flatIndex(gid, groups);
  if (i >= P.n) { return; }
  let e = u32(alive[i]);
  let state = step[e].z;
  if (state == 0.0) { return; }
  energy[e] = max(0.0, energy[e] - P.energyCost);
  if (state == 2.0) {
    let shift = (e & 3u) * 8u;
    atomicAnd(&moving[e >> 2u], ~(0xffu << shift));
    let hshift = (e & 1u) * 16u;
    if (((atomicLoad(&remaining[e >> 1u]) >> hshift) & 0xffffu) == 0xffffu) {
      atomicAnd(&remaining[e >> 1u], ~(0xffffu << hshift));
      atomicAnd(&kind[e >> 2u], ~(0xffu << shift));
      atomicOr(&kind[e >> 2u], (P.idleKind & 0xffu) << shift);
    }
  }
}
