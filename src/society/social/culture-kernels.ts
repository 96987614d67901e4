// The culture rules as per-agent kernels: small pure functions over typed arrays indexed by entity id
// (the component arrays as they are) and a neighbour list, so a WebGPU compute shader can implement
// exactly the same semantics and the GPU parity tests can call these as the CPU twin.
//
// Semantics (the prototype's FLAME GPU social and culture layers, §6, without its bugs):
// - Each kernel reads only `inp` and writes only `out` (double-buffered): the result for one agent never
//   depends on the order agents are processed in. Pass copies of the fields as `out`.
// - Neighbours come as CSR: the neighbours of agents[i] are nb.ids[nb.start[i] .. nb.start[i + 1]),
//   nearest first (ties by lower id), the agent itself excluded. A kernel reads at most
//   p.maxMessages of them that lie within its radius; the distance is recomputed from x, y.
// - Arithmetic is plain float; results are stored into f32 arrays (a GPU in f32 agrees to ~1e-6).

/** The five affinity arrays, in CULTURE_GROUPS order. */
export type Affinities = readonly Float32Array[];

export interface CultureParams {
  interactionRadius: number;
  influenceRadius: number;
  maxMessages: number;
  otherGroupFactor: number;
  happinessGain: number;
  reputationGain: number;
  affinityGain: number;
  strengthFactor: number;
  broadcastMin: number;
  shift: number;
  switchThreshold: number;
}

export interface Neighbours {
  start: Int32Array;
  ids: Int32Array;
}

export interface CultureInput {
  x: Float32Array;
  y: Float32Array;
  energy: Float32Array;
  happiness: Float32Array;
  reputation: Float32Array;
  group: Uint8Array;
  affinity: Affinities;
}

export interface SocialOutput {
  happiness: Float32Array;
  reputation: Float32Array;
  affinity: Affinities;
}

export interface CultureOutput {
  group: Uint8Array;
  affinity: Affinities;
}

/** Total cultural signal below which an agent's affinities do not move. */
export const MIN_CULTURAL_SIGNAL = 0.01;
/** Energy an agent needs to send social messages. */
export const SOCIAL_MIN_ENERGY = 0.2;

const clamp01 = (v: number) => (v < 0 ? 0 : v > 1 ? 1 : v);

/** Strength of the social message an agent sends: min(1, reputation × energy), none when tired. */
export function socialStrength(energy: number, reputation: number): number {
  return energy > SOCIAL_MIN_ENERGY ? Math.min(1, reputation * energy) : 0;
}

/** Strength of a cultural broadcast: reputation × happiness × factor, sent only above the minimum. */
export function culturalStrength(reputation: number, happiness: number, p: CultureParams): number {
  const s = reputation * happiness * p.strengthFactor;
  return s > p.broadcastMin ? s : 0;
}

/** Clamp the five affinities of `eid` to [0, 1] and scale them to sum to 1 (all equal if they sum to 0). */
export function renormalize(aff: Affinities, eid: number): void {
  let sum = 0;
  for (let g = 0; g < aff.length; g++) {
    const v = clamp01(aff[g][eid]);
    aff[g][eid] = v;
    sum += v;
  }
  for (let g = 0; g < aff.length; g++) aff[g][eid] = sum > 0 ? aff[g][eid] / sum : 1 / aff.length;
}

/**
 * Social influence on agents[i]: each neighbour within the interaction radius (at most maxMessages)
 * has effect e = strength × (1 if same group else otherGroupFactor) × (1 − d/r); the agent gains
 * happiness 0.05·e and reputation 0.02·e, and affinity 0.01·e for a neighbour's other group.
 */
export function socialInfluenceAgent(i: number, agents: ArrayLike<number>, nb: Neighbours, inp: CultureInput, out: SocialOutput, p: CultureParams): void {
  const me = agents[i];
  const r = p.interactionRadius;
  // Inputs in locals, read once: a store to an output array could, for all the compiler knows,
  // share a buffer with an input, so each such read in the loop was repeated after every store.
  const { x, y, energy, reputation: rep, group } = inp;
  const meX = x[me];
  const meY = y[me];
  const meGroup = group[me];
  const affinity = out.affinity;
  let happiness = inp.happiness[me];
  let reputation = rep[me];
  for (let g = 0; g < affinity.length; g++) affinity[g][me] = inp.affinity[g][me];
  const ids = nb.ids;
  const end = nb.start[i + 1];
  const max = p.maxMessages;
  let read = 0;
  for (let k = nb.start[i]; k < end && read < max; k++) {
    const j = ids[k];
    const dx = x[j] - meX;
    const dy = y[j] - meY;
    const d = Math.sqrt(dx * dx + dy * dy);
    if (d > r) continue;
    read++;
    const strength = socialStrength(energy[j], rep[j]);
    if (strength === 0) continue;
    const same = group[j] === meGroup;
    const e = strength * (same ? 1 : p.otherGroupFactor) * (1 - d / r);
    happiness += p.happinessGain * e;
    reputation += p.reputationGain * e;
    if (!same) affinity[group[j]][me] += p.affinityGain * e;
  }
  out.happiness[me] = clamp01(happiness);
  out.reputation[me] = clamp01(reputation);
  renormalize(affinity, me);
}

export function socialInfluence(agents: ArrayLike<number>, nb: Neighbours, inp: CultureInput, out: SocialOutput, p: CultureParams): void {
  for (let i = 0; i < agents.length; i++) socialInfluenceAgent(i, agents, nb, inp, out, p);
}

/**
 * Cultural influence on agents[i]: broadcasts from neighbours within the influence radius (at most
 * maxMessages) are summed per group as strength × (1 − d/r). With a total above 0.01, each affinity
 * moves by shift × its group's share, then clamp and renormalize; the agent switches to the group of
 * its highest affinity (lowest index on ties) when that affinity exceeds the threshold.
 */
export function culturalInfluenceAgent(i: number, agents: ArrayLike<number>, nb: Neighbours, inp: CultureInput, out: CultureOutput, p: CultureParams, sums = new Float64Array(inp.affinity.length)): void {
  const me = agents[i];
  const r = p.influenceRadius;
  const groups = inp.affinity.length;
  // Inputs in locals, read once (as in socialInfluenceAgent).
  const { x, y, happiness, reputation, group } = inp;
  const meX = x[me];
  const meY = y[me];
  sums.fill(0);
  let total = 0;
  const ids = nb.ids;
  const end = nb.start[i + 1];
  const max = p.maxMessages;
  let read = 0;
  for (let k = nb.start[i]; k < end && read < max; k++) {
    const j = ids[k];
    const dx = x[j] - meX;
    const dy = y[j] - meY;
    const d = Math.sqrt(dx * dx + dy * dy);
    if (d > r) continue;
    read++;
    const s = culturalStrength(reputation[j], happiness[j], p);
    if (s === 0) continue;
    const eff = s * (1 - d / r);
    sums[group[j]] += eff;
    total += eff;
  }
  const affinity = out.affinity;
  out.group[me] = group[me];
  for (let g = 0; g < groups; g++) affinity[g][me] = inp.affinity[g][me];
  if (total <= MIN_CULTURAL_SIGNAL) return;
  for (let g = 0; g < groups; g++) affinity[g][me] += (sums[g] / total) * p.shift;
  renormalize(affinity, me);
  let best = 0;
  for (let g = 1; g < groups; g++) if (affinity[g][me] > affinity[best][me]) best = g;
  if (affinity[best][me] > p.switchThreshold) out.group[me] = best;
}

export function culturalInfluence(agents: ArrayLike<number>, nb: Neighbours, inp: CultureInput, out: CultureOutput, p: CultureParams): void {
  const sums = new Float64Array(inp.affinity.length);
  for (let i = 0; i < agents.length; i++) culturalInfluenceAgent(i, agents, nb, inp, out, p, sums);
}
