// Social field: the prototype's social and cultural influence kernels (original-system.md §6) plus
// proximity signals. All per bin slot, so the threads of a workgroup read the same cells.
// CPU twin and the exact rules: src/gpu/cpu/social-field.ts.
//   socialOut: message per slot (strength, group) from energy and reputation
//   socialIn: read up to maxMessages messages within the social radius -> scratch
//   socialApply: happiness, reputation, contacts, strongest;  affinityApply: affinities
//   cultureOut: culture strength per slot from the updated reputation and happiness
//   cultureIn: per-group influence sums within the culture radius -> scratch
//   cultureApply: affinities and group switching

struct FieldParams {
  n: u32, maxMessages: u32, _p0: u32, _p1: u32,
  socialRadius: f32, cultureRadius: f32, socialMinEnergy: f32, sameGroupFactor: f32,
  otherGroupFactor: f32, happinessGain: f32, reputationGain: f32, affinityGain: f32,
  influenceFactor: f32, cultureMinStrength: f32, cultureMinTotal: f32, culturalShift: f32,
  switchThreshold: f32, _p2: u32, _p3: u32, _p4: u32,
  grid: Grid,
}

// Per slot: the summed effect, 5 affinity deltas (or group sums and total), contacts, strongest.
struct Scratch { sum: f32, a0: f32, a1: f32, a2: f32, a3: f32, a4: f32, contacts: u32, strongest: i32 }

@group(0) @binding(0) var<uniform> P: FieldParams;
@group(0) @binding(1) var<storage, read> cellStart: array<u32>;
@group(0) @binding(2) var<storage, read> binId: array<i32>;
@group(0) @binding(3) var<storage, read> binPos: array<vec2<f32>>;
@group(0) @binding(4) var<storage, read_write> msg: array<vec2<f32>>;
@group(0) @binding(5) var<storage, read_write> scratch: array<Scratch>;
@group(0) @binding(6) var<storage, read> energy: array<f32>;
@group(0) @binding(7) var<storage, read_write> happiness: array<f32>;
@group(0) @binding(8) var<storage, read_write> reputation: array<f32>;
@group(0) @binding(9) var<storage, read_write> group: array<i32>;
@group(0) @binding(10) var<storage, read_write> aff0: array<f32>;
@group(0) @binding(11) var<storage, read_write> aff1: array<f32>;
@group(0) @binding(12) var<storage, read_write> aff2: array<f32>;
@group(0) @binding(13) var<storage, read_write> aff3: array<f32>;
@group(0) @binding(14) var<storage, read_write> aff4: array<f32>;
@group(0) @binding(15) var<storage, read_write> contacts: array<u32>;
@group(0) @binding(16) var<storage, read_write> strongest: array<i32>;

fn inGroup(g: i32) -> bool { return g >= 0 && g < 5; }

fn addTo(sc: ptr<function, Scratch>, g: i32, v: f32) {
  switch g {
    case 0: { (*sc).a0 += v; }
    case 1: { (*sc).a1 += v; }
    case 2: { (*sc).a2 += v; }
    case 3: { (*sc).a3 += v; }
    case 4: { (*sc).a4 += v; }
    default: {}
  }
}

@compute @workgroup_size(64)
fn socialOut(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) groups: vec3<u32>) {
  let s = flatIndex(gid, groups);
  if (s >= P.n) { return; }
  let e = u32(binId[s]);
  var strength = 0.0;
  if (energy[e] > P.socialMinEnergy) { strength = min(1.0, reputation[e] * energy[e]); }
  msg[s] = vec2<f32>(strength, bitcast<f32>(group[e]));
}

@compute @workgroup_size(64)
fn socialIn(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) groups: vec3<u32>) {
  let s = flatIndex(gid, groups);
  if (s >= P.n) { return; }
  let me_id = binId[s];
  let me = binPos[s];
  let myGroup = bitcast<i32>(msg[s].y);
  let g = P.grid;
  let r = P.socialRadius;
  let r2 = r * r;
  var sc = Scratch(0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0u, -1);
  var best = 0.0;
  var read = 0u;
  let c0 = colOf(g, me.x - r);
  let c1 = colOf(g, me.x + r);
  let r0 = rowOf(g, me.y - r);
  let r1 = rowOf(g, me.y + r);
  for (var row = r0; row <= r1 && read < P.maxMessages; row++) {
    for (var col = c0; col <= c1 && read < P.maxMessages; col++) {
      let cell = row * g.cols + col;
      let end = cellStart[cell + 1u];
      for (var o = cellStart[cell]; o < end && read < P.maxMessages; o++) {
        let d2 = dist2(binPos[o], me);
        let m = msg[o];
        if (d2 > r2 || m.x <= 0.0) { continue; }
        let senderGroup = bitcast<i32>(m.y);
        var factor = P.otherGroupFactor;
        if (senderGroup == myGroup) { factor = P.sameGroupFactor; }
        let effect = (m.x * factor) * (1.0 - sqrt(d2) / r);
        sc.sum += effect;
        let other = binId[o];
        if (other != me_id) {
          sc.contacts++;
          if (effect > best || (effect == best && sc.strongest >= 0 && other < sc.strongest)) {
            best = effect;
            sc.strongest = other;
          }
          if (senderGroup != myGroup && inGroup(senderGroup)) { addTo(&sc, senderGroup, P.affinityGain * effect); }
        }
        read++;
      }
    }
  }
  scratch[s] = sc;
}

@compute @workgroup_size(64)
fn socialApply(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) groups: vec3<u32>) {
  let s = flatIndex(gid, groups);
  if (s >= P.n) { return; }
  let e = u32(binId[s]);
  let sc = scratch[s];
  happiness[e] = clamp(happiness[e] + P.happinessGain * sc.sum, 0.0, 1.0);
  reputation[e] = clamp(reputation[e] + P.reputationGain * sc.sum, 0.0, 1.0);
  contacts[e] = sc.contacts;
  strongest[e] = sc.strongest;
}

// Clamp to [0, 1], renormalise to sum 1 (equal shares if all are 0), store.
fn storeAffinities(e: u32, a: array<f32, 5>) {
  var c = a;
  var sum = 0.0;
  for (var g = 0; g < 5; g++) {
    c[g] = clamp(c[g], 0.0, 1.0);
    sum += c[g];
  }
  for (var g = 0; g < 5; g++) {
    if (sum > 0.0) { c[g] = c[g] / sum; } else { c[g] = 1.0 / 5.0; }
  }
  aff0[e] = c[0];
  aff1[e] = c[1];
  aff2[e] = c[2];
  aff3[e] = c[3];
  aff4[e] = c[4];
}

@compute @workgroup_size(64)
fn affinityApply(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) groups: vec3<u32>) {
  let s = flatIndex(gid, groups);
  if (s >= P.n) { return; }
  let e = u32(binId[s]);
  let sc = scratch[s];
  storeAffinities(e, array<f32, 5>(aff0[e] + sc.a0, aff1[e] + sc.a1, aff2[e] + sc.a2, aff3[e] + sc.a3, aff4[e] + sc.a4));
}

@compute @workgroup_size(64)
fn cultureOut(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) groups: vec3<u32>) {
  let s = flatIndex(gid, groups);
  if (s >= P.n) { return; }
  let e = u32(binId[s]);
  let c = (reputation[e] * happiness[e]) * P.influenceFactor;
  var strength = 0.0;
  if (c > P.cultureMinStrength) { strength = c; }
  msg[s].x = strength;
}

@compute @workgroup_size(64)
fn cultureIn(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) groups: vec3<u32>) {
  let s = flatIndex(gid, groups);
  if (s >= P.n) { return; }
  let me = binPos[s];
  let g = P.grid;
  let r = P.cultureRadius;
  let r2 = r * r;
  var sc = Scratch(0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0u, -1);
  let c0 = colOf(g, me.x - r);
  let c1 = colOf(g, me.x + r);
  let r0 = rowOf(g, me.y - r);
  let r1 = rowOf(g, me.y + r);
  for (var row = r0; row <= r1; row++) {
    for (var col = c0; col <= c1; col++) {
      let cell = row * g.cols + col;
      let end = cellStart[cell + 1u];
      for (var o = cellStart[cell]; o < end; o++) {
        let d2 = dist2(binPos[o], me);
        let m = msg[o];
        let senderGroup = bitcast<i32>(m.y);
        if (d2 > r2 || m.x <= 0.0 || !inGroup(senderGroup)) { continue; }
        let eff = m.x * (1.0 - sqrt(d2) / r);
        addTo(&sc, senderGroup, eff);
        sc.sum += eff;
      }
    }
  }
  scratch[s] = sc;
}

@compute @workgroup_size(64)
fn cultureApply(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) groups: vec3<u32>) {
  let s = flatIndex(gid, groups);
  if (s >= P.n) { return; }
  let e = u32(binId[s]);
  let sc = scratch[s];
  if (!(sc.sum > P.cultureMinTotal)) { return; }
  let t = sc.sum;
  storeAffinities(e, array<f32, 5>(
    aff0[e] + (sc.a0 / t) * P.culturalShift,
    aff1[e] + (sc.a1 / t) * P.culturalShift,
    aff2[e] + (sc.a2 / t) * P.culturalShift,
    aff3[e] + (sc.a3 / t) * P.culturalShift,
    aff4[e] + (sc.a4 / t) * P.culturalShift));
  let a = array<f32, 5>(aff0[e], aff1[e], aff2[e], aff3[e], aff4[e]);
  var top = 0;
  for (var k = 1; k < 5; k++) { if (a[k] > a[top]) { top = k; } }
  if (a[top] > P.switchThreshold) { group[e] = top; }
}
