// Vitals: energy decays, hunger grows, starvation hurts, a fed and rested agent heals, everyone
// ages; counts the agents at health 0. Same semantics as updateVitals in
// src/society/core/vitals-system.ts (CPU twin in f32: src/gpu/cpu/vitals.ts).

struct VitalsParams { n: u32, energyDecay: f32, hungerGain: f32, starvationHealth: f32, healthRecovery: f32, yearsPerTick: f32, _p0: u32, _p1: u32 }

@group(0) @binding(0) var<uniform> P: VitalsParams;
@group(0) @binding(1) var<storage, read> alive: array<i32>;
@group(0) @binding(2) var<storage, read_write> energy: array<f32>;
@group(0) @binding(3) var<storage, read_write> hunger: array<f32>;
@group(0) @binding(4) var<storage, read_write> health: array<f32>;
@group(0) @binding(5) var<storage, read_write> age: array<f32>;
@group(0) @binding(6) var<storage, read_write> dead: atomic<u32>;

@compute @workgroup_size(64)
fn vitals(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) groups: vec3<u32>) {
  let i = flatIndex(gid, groups);
  if (i >= P.n) { return; }
  let e = u32(alive[i]);
  let en = max(0.0, energy[e] - P.energyDecay);
  energy[e] = en;
  let hu = min(1.0, hunger[e] + P.hungerGain);
  hunger[e] = hu;
  var he = health[e];
  if (hu >= 1.0) {
    he = max(0.0, he - P.starvationHealth);
  } else if (hu < 0.5 && en > 0.2) {
    he = min(1.0, he + P.healthRecovery);
  }
  health[e] = he;
  age[e] = age[e] + P.yearsPerTick;
  if (he <= 0.0) { atomicAdd(&dead, 1u); }
}
