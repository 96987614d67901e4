// CPU twin of shaders/social-field.wgsl: the prototype's social and cultural influence kernels
// (../shared/reference/original-system.md §6), deterministic and in f32 like the GPU.
//
// Social: an agent with energy > 0.2 broadcasts strength min(1, reputation * energy). Each agent
// reads the messages within the social radius (its own included), in grid order, at most
// maxMessages of them: effect = strength * (1.0 same group, else 0.3) * (1 - d/r). The summed
// effect raises happiness by 0.05 per unit and reputation by 0.02 (both clamped to [0, 1]); a
// message from another group raises the affinity for that group by 0.01 * effect; the affinities
// are then clamped to [0, 1] and renormalised to sum 1.
// Culture: strength = reputation * happiness * 0.5 (after the social step), broadcast if > 0.1.
// Each agent sums strength * (1 - d/r) per group within the culture radius; if the total exceeds
// 0.01, affinity_g += share_g * 0.02, clamped and renormalised, and the agent joins the group of
// its highest affinity (lowest index on ties) when that affinity exceeds 0.4.
// Relationship signals (proximity, no randomness): how many other agents' messages it read, and
// the id of the strongest one (ties: lower id; -1 if none). The prototype's "new connection with
// probability 0.1 * effect" is left to the CPU social rules, which own the random streams.

import { forEachNeighbour, type Bins } from './grid';

const f = Math.fround;
export const GROUPS = 5;

export interface SocialFieldParams {
  socialRadius: number;
  cultureRadius: number;
  maxMessages: number;
  socialMinEnergy: number;
  sameGroupFactor: number;
  otherGroupFactor: number;
  happinessGain: number;
  reputationGain: number;
  affinityGain: number;
  influenceFactor: number;
  cultureMinStrength: number;
  cultureMinTotal: number;
  culturalShift: number;
  switchThreshold: number;
}

/** The prototype's constants (§6). The radii there (50 and 100) were for a 1000 x 1000 world. */
export const PROTOTYPE_SOCIAL_FIELD: SocialFieldParams = {
  socialRadius: 50,
  cultureRadius: 100,
  maxMessages: 10,
  socialMinEnergy: 0.2,
  sameGroupFactor: 1.0,
  otherGroupFactor: 0.3,
  happinessGain: 0.05,
  reputationGain: 0.02,
  affinityGain: 0.01,
  influenceFactor: 0.5,
  cultureMinStrength: 0.1,
  cultureMinTotal: 0.01,
  culturalShift: 0.02,
  switchThreshold: 0.4,
};

export interface SocialFieldArrays {
  energy: Float32Array;
  happiness: Float32Array;
  reputation: Float32Array;
  group: Int32Array;
  /** GROUPS arrays, one per cultural group. */
  affinity: Float32Array[];
  /** Outputs (entity-indexed): messages read from others, strongest sender id. */
  contacts: Uint32Array;
  strongest: Int32Array;
}

const inGroup = (g: number) => g >= 0 && g < GROUPS;

/** Clamp to [0, 1] and renormalise to sum 1 (equal shares if all are 0). */
function renormalise(a: Float32Array[], e: number): void {
  let sum = 0;
  for (let g = 0; g < GROUPS; g++) {
    a[g][e] = Math.min(1, Math.max(0, a[g][e]));
    sum = f(sum + a[g][e]);
  }
  for (let g = 0; g < GROUPS; g++) a[g][e] = sum > 0 ? f(a[g][e] / sum) : f(1 / GROUPS);
}

export function socialFieldF32(bins: Bins, v: SocialFieldArrays, p: SocialFieldParams): void {
  const n = bins.id.length;
  const strength = new Float32Array(n);
  const group = new Int32Array(n);
  const minEnergy = f(p.socialMinEnergy);
  for (let s = 0; s < n; s++) {
    const e = bins.id[s];
    group[s] = v.group[e];
    strength[s] = v.energy[e] > minEnergy ? Math.min(1, f(v.reputation[e] * v.energy[e])) : 0;
  }
  // Social: read from the snapshot above, write each agent's own state only.
  const rs = f(p.socialRadius);
  const sumEffect = new Float32Array(n);
  const affDelta = new Float32Array(n * GROUPS);
  for (let s = 0; s < n; s++) {
    const self = bins.id[s];
    const g = group[s];
    let read = 0;
    let sum = 0;
    let contacts = 0;
    let best = -1;
    let bestEffect = 0;
    forEachNeighbour(bins, bins.x[s], bins.y[s], rs, (o, d2) => {
      if (strength[o] <= 0) return;
      const d = f(Math.sqrt(d2));
      const effect = f(f(strength[o] * (group[o] === g ? f(p.sameGroupFactor) : f(p.otherGroupFactor))) * f(1 - f(d / rs)));
      sum = f(sum + effect);
      const other = bins.id[o];
      if (other !== self) {
        contacts++;
        if (effect > bestEffect || (effect === bestEffect && best >= 0 && other < best)) {
          bestEffect = effect;
          best = other;
        }
        if (group[o] !== g && inGroup(group[o])) affDelta[s * GROUPS + group[o]] = f(affDelta[s * GROUPS + group[o]] + f(f(p.affinityGain) * effect));
      }
      return ++read < p.maxMessages;
    });
    sumEffect[s] = sum;
    v.contacts[self] = contacts;
    v.strongest[self] = best;
  }
  for (let s = 0; s < n; s++) {
    const e = bins.id[s];
    v.happiness[e] = Math.min(1, Math.max(0, f(v.happiness[e] + f(f(p.happinessGain) * sumEffect[s]))));
    v.reputation[e] = Math.min(1, Math.max(0, f(v.reputation[e] + f(f(p.reputationGain) * sumEffect[s]))));
    for (let g = 0; g < GROUPS; g++) v.affinity[g][e] = f(v.affinity[g][e] + affDelta[s * GROUPS + g]);
    renormalise(v.affinity, e);
  }
  // Culture: strengths from the updated reputation and happiness.
  const minStrength = f(p.cultureMinStrength);
  for (let s = 0; s < n; s++) {
    const e = bins.id[s];
    const c = f(f(v.reputation[e] * v.happiness[e]) * f(p.influenceFactor));
    strength[s] = c > minStrength ? c : 0;
  }
  const rc = f(p.cultureRadius);
  const sums = new Float32Array(n * (GROUPS + 1));
  for (let s = 0; s < n; s++) {
    forEachNeighbour(bins, bins.x[s], bins.y[s], rc, (o, d2) => {
      if (strength[o] <= 0 || !inGroup(group[o])) return;
      const eff = f(strength[o] * f(1 - f(f(Math.sqrt(d2)) / rc)));
      sums[s * (GROUPS + 1) + group[o]] = f(sums[s * (GROUPS + 1) + group[o]] + eff);
      sums[s * (GROUPS + 1) + GROUPS] = f(sums[s * (GROUPS + 1) + GROUPS] + eff);
    });
  }
  for (let s = 0; s < n; s++) {
    const e = bins.id[s];
    const total = sums[s * (GROUPS + 1) + GROUPS];
    if (!(total > f(p.cultureMinTotal))) continue;
    for (let g = 0; g < GROUPS; g++) {
      const share = f(sums[s * (GROUPS + 1) + g] / total);
      v.affinity[g][e] = f(v.affinity[g][e] + f(share * f(p.culturalShift)));
    }
    renormalise(v.affinity, e);
    let top = 0;
    for (let g = 1; g < GROUPS; g++) if (v.affinity[g][e] > v.affinity[top][e]) top = g;
    if (v.affinity[top][e] > f(p.switchThreshold)) v.group[e] = top;
  }
}
