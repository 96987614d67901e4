// Culture: the society's social-influence and cultural-influence kernels on the GPU, with the
// semantics of src/society/social/culture-kernels.ts (its CPU twin): the prototype's FLAME GPU
// social and culture layers (original-system.md §6) over each agent's nearest neighbours.
// Neighbours come from the perception kernel: nearest[e * k + j], nearest first (ties by lower id),
// self excluded, -1 past the end. Each layer reads the world and writes scratch, then applies it,
// so one agent's result never depends on the order agents run in.
//   socialGather / socialApply / affinityApply: layer 1 (happiness, reputation, affinities)
//   cultureGather / cultureApply: layer 2 (affinities, group switching), reading layer 1's results
// Culture.group is a u8 field: read as bytes of u32 words, written with atomics on its word.

struct CultureParams {
  n: u32, k: u32, maxMessages: u32, _p0: u32,
  interactionRadius: f32, influenceRadius: f32, otherGroupFactor: f32, happinessGain: f32,
  reputationGain: f32, affinityGain: f32, strengthFactor: f32, broadcastMin: f32,
  shift: f32, switchThreshold: f32, minEnergy: f32, minSignal: f32,
}

// Per agent: layer 1 deltas (happiness, reputation, 5 affinities) or layer 2 sums (total, 5 groups).
struct Scratch { a: f32, b: f32, g0: f32, g1: f32, g2: f32, g3: f32, g4: f32, _p: f32 }

@group(0) @binding(0) var<uniform> P: CultureParams;
@group(0) @binding(1) var<storage, read> alive: array<i32>;
@group(0) @binding(2) var<storage, read> nearest: array<i32>;
@group(0) @binding(3) var<storage, read> posX: array<f32>;
@group(0) @binding(4) var<storage, read> posY: array<f32>;
@group(0) @binding(5) var<storage, read> energy: array<f32>;
@group(0) @binding(6) var<storage, read_write> reputation: array<f32>;
@group(0) @binding(7) var<storage, read_write> happiness: array<f32>;
@group(0) @binding(8) var<storage, read_write> groupWords: array<atomic<u32>>;
@group(0) @binding(9) var<storage, read_write> scratch: array<Scratch>;
@group(0) @binding(10) var<storage, read_write> aff0: array<f32>;
@group(0) @binding(11) var<storage, read_write> aff1: array<f32>;
@group(0) @binding(12) var<storage, read_write> aff2: array<f32>;
@group(0) @binding(13) var<storage, read_write> aff3: array<f32>;
@group(0) @binding(14) var<storage, read_write> aff4: array<f32>;

fn groupOf(e: u32) -> u32 {
  return (atomicLoad(&groupWords[e >> 2u]) >> ((e & 3u) * 8u)) & 0xffu;
}

fn addTo(sc: ptr<function, Scratch>, g: u32, v: f32) {
  switch g {
    case 0u: { (*sc).g0 += v; }
    case 1u: { (*sc).g1 += v; }
    case 2u: { (*sc).g2 += v; }
    case 3u: { (*sc).g3 += v; }
    case 4u: { (*sc).g4 += v; }
    default: {}
  }
}

fn distance(a: u32, b: u32) -> f32 {
  let dx = posX[b] - posX[a];
  let dy = posY[b] - posY[a];
  return sqrt(dx * dx + dy * dy);
}

@compute @workgroup_size(64)
fn socialGather(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) groups: vec3<u32>) {
  let i = flatIndex(gid, groups);
  if (i >= P.n) { return; }
  let me = u32(alive[i]);
  let myGroup = groupOf(me);
  let r = P.interactionRadius;
  var sc = Scratch(0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0);
  var read = 0u;
  for (var j = 0u; j < P.k && read < P.maxMessages; j++) {
    let nb = nearest[me * P.k + j];
    if (nb < 0) { break; }
    let o = u32(nb);
    let d = distance(me, o);
    if (d > r) { continue; }
    read++;
    var strength = 0.0;
    if (energy[o] > P.minEnergy) { strength = min(1.0, reputation[o] * energy[o]); }
    if (strength == 0.0) { continue; }
    let g = groupOf(o);
    var factor = P.otherGroupFactor;
    if (g == myGroup) { factor = 1.0; }
    let e = strength * factor * (1.0 - d / r);
    sc.a += P.happinessGain * e;
    sc.b += P.reputationGain * e;
    if (g != myGroup) { addTo(&sc, g, P.affinityGain * e); }
  }
  scratch[me] = sc;
}

@compute @workgroup_size(64)
fn socialApply(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) groups: vec3<u32>) {
  let i = flatIndex(gid, groups);
  if (i >= P.n) { return; }
  let me = u32(alive[i]);
  let sc = scratch[me];
  happiness[me] = clamp(happiness[me] + sc.a, 0.0, 1.0);
  reputation[me] = clamp(reputation[me] + sc.b, 0.0, 1.0);
}

// Clamp to [0, 1], scale to sum 1 (equal shares if all are 0), store.
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
  let i = flatIndex(gid, groups);
  if (i >= P.n) { return; }
  let me = u32(alive[i]);
  let sc = scratch[me];
  storeAffinities(me, array<f32, 5>(aff0[me] + sc.g0, aff1[me] + sc.g1, aff2[me] + sc.g2, aff3[me] + sc.g3, aff4[me] + sc.g4));
}

@compute @workgroup_size(64)
fn cultureGather(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) groups: vec3<u32>) {
  let i = flatIndex(gid, groups);
  if (i >= P.n) { return; }
  let me = u32(alive[i]);
  let r = P.influenceRadius;
  var sc = Scratch(0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0);
  var read = 0u;
  for (var j = 0u; j < P.k && read < P.maxMessages; j++) {
    let nb = nearest[me * P.k + j];
    if (nb < 0) { break; }
    let o = u32(nb);
    let d = distance(me, o);
    if (d > r) { continue; }
    read++;
    var s = reputation[o] * happiness[o] * P.strengthFactor;
    if (!(s > P.broadcastMin)) { continue; }
    let eff = s * (1.0 - d / r);
    addTo(&sc, groupOf(o), eff);
    sc.a += eff;
  }
  scratch[me] = sc;
}

@compute @workgroup_size(64)
fn cultureApply(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) groups: vec3<u32>) {
  let i = flatIndex(gid, groups);
  if (i >= P.n) { return; }
  let me = u32(alive[i]);
  let sc = scratch[me];
  let t = sc.a;
  if (t <= P.minSignal) { return; }
  storeAffinities(me, array<f32, 5>(
    aff0[me] + (sc.g0 / t) * P.shift,
    aff1[me] + (sc.g1 / t) * P.shift,
    aff2[me] + (sc.g2 / t) * P.shift,
    aff3[me] + (sc.g3 / t) * P.shift,
    aff4[me] + (sc.g4 / t) * P.shift));
  let a = array<f32, 5>(aff0[me], aff1[me], aff2[me], aff3[me], aff4[me]);
  var best = 0u;
  for (var g = 1u; g < 5u; g++) { if (a[g] > a[best]) { best = g; } }
  if (a[best] > P.switchThreshold) {
    let shift = (me & 3u) * 8u;
    atomicAnd(&groupWords[me >> 2u], ~(0xffu << shift));
    atomicOr(&groupWords[me >> 2u], best << shift);
  }
}
