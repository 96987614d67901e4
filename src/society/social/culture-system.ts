// Social phase, every `culture.everyHours`: the social-influence and cultural-influence kernels over
// every agent, with each agent's nearest neighbours (up to maxMessages within the influence radius)
// from the spatial grid. Kernels are double-buffered: results land in scratch copies, then are copied back.

import type { System } from '../../engine/schedule';
import type { World } from '../../engine/world';
import { Position, Vitals } from '../components';
import { ScenarioConfig } from '../core/config';
import { AgentGrid } from '../core/spatial-system';
import { affinityArrays, Culture, Social } from './components';
import { culturalInfluence, socialInfluence, type CultureInput, type Neighbours } from './culture-kernels';

/**
 * Buffers a pass reuses (a town's pass every simulated day) instead of fresh copies of eight fields
 * and the neighbour lists each time. Grown, never shrunk; a pass reads nothing a previous one left
 * there (each field is copied in before its kernel runs, each list written before it is read).
 */
class Scratch {
  start = new Int32Array(0);
  ids = new Int32Array(0);
  near = new Int32Array(0);
  /** Agent indices by grid cell, each one's cell, and the cells' running counts (buildNeighbours' order). */
  order = new Int32Array(0);
  cellOf = new Int32Array(0);
  cellCount = new Int32Array(0);
  /** Layer 1's happiness and reputation, then the affinities of both layers; layer 2's groups. */
  happiness = new Float32Array(0);
  reputation = new Float32Array(0);
  affinity: Float32Array[] = [];
  group = new Uint8Array(0);

  neighbours(agents: number, k: number, cells: number): void {
    if (this.start.length < agents + 1) {
      const room = agents + 1 + (agents >> 2);
      this.start = new Int32Array(room);
      this.order = new Int32Array(room);
      this.cellOf = new Int32Array(room);
    }
    if (this.ids.length < agents * k) this.ids = new Int32Array(this.start.length * k);
    if (this.near.length < k) this.near = new Int32Array(k);
    if (this.cellCount.length < cells + 1) this.cellCount = new Int32Array(cells + 1);
  }

  fields(capacity: number, groups: number): void {
    if (this.happiness.length < capacity) {
      this.happiness = new Float32Array(capacity);
      this.reputation = new Float32Array(capacity);
      this.group = new Uint8Array(capacity);
      this.affinity = [];
    }
    while (this.affinity.length < groups) this.affinity.push(new Float32Array(this.happiness.length));
  }
}

const scratch = new Scratch();

/** Each agent's nearest neighbours within `radius` (at most k, nearest first, self excluded), as CSR (views of `into`'s buffers). */
export function buildNeighbours(world: World, agents: ArrayLike<number>, radius: number, k: number, into = new Scratch()): Neighbours {
  const grid = world.resource(AgentGrid);
  const p = world.store(Position);
  const n = agents.length;
  const cells = grid.cols * grid.rows;
  into.neighbours(n, k, cells);
  const { start, ids, near, order, cellOf, cellCount } = into;
  // Asked cell by cell, not in list order: a household asleep at one spot then asks in a row, so the
  // grid's memo of the last answers serves all but the first (in list order other spots' queries
  // had mostly evicted it), and the cells searched stay in cache. Each answer lands in the agent's
  // own k slots (ids[i * k ..], its count in start[i]), then the lists close up into CSR.
  cellCount.fill(0, 0, cells + 1);
  for (let i = 0; i < n; i++) {
    const e = agents[i];
    const c = grid.cellOf(p.x[e], p.y[e]);
    cellOf[i] = c;
    cellCount[c + 1]++;
  }
  for (let c = 0; c < cells; c++) cellCount[c + 1] += cellCount[c];
  for (let i = 0; i < n; i++) order[cellCount[cellOf[i]]++] = i;
  for (let o = 0; o < n; o++) {
    const i = order[o];
    const e = agents[i];
    const found = grid.nearestInto(p.x[e], p.y[e], k, e, radius, near);
    for (let j = 0; j < found; j++) ids[i * k + j] = near[j];
    start[i] = found;
  }
  // Close up in list order: agent i's list moves down to its CSR offset, which is never past i * k.
  let at = 0;
  for (let i = 0; i < n; i++) {
    const found = start[i];
    start[i] = at;
    for (let j = 0; j < found; j++) ids[at++] = ids[i * k + j];
  }
  start[n] = at;
  return { start: start.subarray(0, n + 1), ids: ids.subarray(0, at) };
}

export function runCulture(world: World): void {
  const cfg = world.resource(ScenarioConfig).social.culture;
  // Nothing spawns or dies during the pass, so the live list itself serves.
  const agents = world.entities.alive();
  if (agents.length === 0) return;
  const nb = buildNeighbours(world, agents, Math.max(cfg.influenceRadius, cfg.interactionRadius), cfg.maxMessages, scratch);
  const p = world.store(Position);
  const v = world.store(Vitals);
  const social = world.store(Social);
  const culture = world.store(Culture);
  const affinity = affinityArrays(culture);
  const inp: CultureInput = { x: p.x, y: p.y, energy: v.energy, happiness: v.happiness, reputation: social.reputation, group: culture.group, affinity };
  // Double-buffered through reused scratch: each field is copied whole into its scratch and back
  // (memcpy), not gathered agent by agent; the entries of the dead go out and come back unchanged.
  scratch.fields(v.happiness.length, affinity.length);
  const outAffinity = affinity.map((a, g) => scratch.affinity[g].subarray(0, a.length));
  // Layer 1: social influence (happiness, reputation, cross-group affinity).
  const out = { happiness: through(v.happiness, scratch.happiness), reputation: through(social.reputation, scratch.reputation), affinity: outAffinity };
  outAffinity.forEach((a, g) => a.set(affinity[g]));
  socialInfluence(agents, nb, inp, out, cfg);
  v.happiness.set(out.happiness);
  social.reputation.set(out.reputation);
  outAffinity.forEach((a, g) => affinity[g].set(a));
  // Layer 2: cultural broadcasts move affinities and may switch groups (reads layer 1's results; the
  // affinity scratch already holds them).
  const out2 = { group: through(culture.group, scratch.group), affinity: outAffinity };
  culturalInfluence(agents, nb, inp, out2, cfg);
  culture.group.set(out2.group);
  outAffinity.forEach((a, g) => affinity[g].set(a));
}

/** A copy of `field` in the front of `scratch` (as long as the field). */
function through<T extends Float32Array | Uint8Array>(field: T, scratch: T): T {
  const copy = scratch.subarray(0, field.length) as T;
  copy.set(field);
  return copy;
}

export const cultureSystem: System = {
  name: 'culture',
  phase: 'social',
  run(world: World) {
    const every = (world.resource(ScenarioConfig).social.culture.everyHours * 60) / world.clock.minutesPerTick;
    if (world.tick % Math.max(1, Math.round(every)) === 0) runCulture(world);
  },
};
