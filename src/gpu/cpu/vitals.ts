// CPU twin of shaders/vitals.wgsl: the society's updateVitals (src/society/core/vitals-system.ts)
// computed in f32 like the GPU, so the two agree bit for bit.

import type { VitalsRates } from '../../society/core/vitals-system';

const f = Math.fround;

export interface VitalsArrays {
  energy: Float32Array;
  hunger: Float32Array;
  health: Float32Array;
  age: Float32Array;
}

/** Returns how many agents are at health 0 afterwards. */
export function vitalsF32(alive: ArrayLike<number>, v: VitalsArrays, r: VitalsRates): number {
  const decay = f(r.energyDecay);
  const gain = f(r.hungerGain);
  const starve = f(r.starvationHealth);
  const heal = f(r.healthRecovery);
  const years = f(r.yearsPerTick);
  let dead = 0;
  for (let i = 0; i < alive.length; i++) {
    const e = alive[i];
    const energy = Math.max(0, f(v.energy[e] - decay));
    v.energy[e] = energy;
    const hunger = Math.min(1, f(v.hunger[e] + gain));
    v.hunger[e] = hunger;
    if (hunger >= 1) v.health[e] = Math.max(0, f(v.health[e] - starve));
    else if (hunger < 0.5 && energy > f(0.2)) v.health[e] = Math.min(1, f(v.health[e] + heal));
    v.age[e] = f(v.age[e] + years);
    if (v.health[e] <= 0) dead++;
  }
  return dead;
}
