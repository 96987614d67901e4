import { describe, expect, it } from 'vitest';
import { Position, Vitals } from '../../src/society/components';
import { Culture, affinityArrays, Social } from '../../src/society/social/components';
import { culturalInfluence, culturalInfluenceAgent, renormalize, socialInfluence, type CultureInput, type CultureParams, type Neighbours } from '../../src/society/social/culture-kernels';
import { buildNeighbours, runCulture } from '../../src/society/social/culture-system';
import { AgentGrid } from '../../src/society/core/spatial-system';
import { society } from './helpers';

const P: CultureParams = {
  interactionRadius: 10,
  influenceRadius: 20,
  maxMessages: 10,
  otherGroupFactor: 0.3,
  happinessGain: 0.05,
  reputationGain: 0.02,
  affinityGain: 0.01,
  strengthFactor: 0.5,
  broadcastMin: 0.1,
  shift: 0.02,
  switchThreshold: 0.4,
};

/** n agents (ids 0..n-1) at the given x positions on a line, with the given groups. */
function hood(xs: number[], groups: number[], over: Partial<Record<'energy' | 'happiness' | 'reputation', number[]>> = {}): CultureInput {
  const n = xs.length;
  const f = (v: number[] | undefined, d: number) => Float32Array.from(v ?? new Array(n).fill(d));
  return {
    x: Float32Array.from(xs),
    y: new Float32Array(n),
    energy: f(over.energy, 1),
    happiness: f(over.happiness, 0.5),
    reputation: f(over.reputation, 0.5),
    group: Uint8Array.from(groups),
    affinity: [0, 1, 2, 3, 4].map(() => new Float32Array(n).fill(0.2)),
  };
}

/** Everyone's neighbours are everyone else, nearest first. */
function allPairs(inp: CultureInput): Neighbours {
  const n = inp.x.length;
  const start = new Int32Array(n + 1);
  const ids: number[] = [];
  for (let i = 0; i < n; i++) {
    start[i] = ids.length;
    const others = [...Array(n).keys()].filter((j) => j !== i).sort((a, b) => Math.abs(inp.x[a] - inp.x[i]) - Math.abs(inp.x[b] - inp.x[i]) || a - b);
    ids.push(...others);
  }
  start[n] = ids.length;
  return { start, ids: Int32Array.from(ids) };
}

const copyOut = (inp: CultureInput) => ({ happiness: inp.happiness.slice(), reputation: inp.reputation.slice(), affinity: inp.affinity.map((a) => a.slice()) });

describe('social influence kernel', () => {
  it('same group counts fully, another group 0.3, both fall off as 1 − d/r; cross-group contact raises that group’s affinity', () => {
    // Agent 0 at x=0; agent 1 (same group) at 5; agent 2 (group 3) at 5; agent 3 at 15 (outside r = 10).
    const inp = hood([0, 5, 5, 15], [1, 1, 3, 1]);
    const out = copyOut(inp);
    socialInfluence([0], allPairs(inp), inp, out, P);
    const s = Math.min(1, 0.5 * 1); // reputation × energy
    const eSame = s * 1 * (1 - 5 / 10);
    const eOther = s * 0.3 * (1 - 5 / 10);
    expect(out.happiness[0]).toBeCloseTo(0.5 + 0.05 * (eSame + eOther), 6);
    expect(out.reputation[0]).toBeCloseTo(0.5 + 0.02 * (eSame + eOther), 6);
    // Affinity for group 3 went up by 0.01·e, then all five were renormalized to sum 1.
    const raw = [0.2, 0.2, 0.2, 0.2 + 0.01 * eOther, 0.2];
    const sum = raw.reduce((a, b) => a + b, 0);
    raw.forEach((v, g) => expect(out.affinity[g][0]).toBeCloseTo(v / sum, 6));
    expect(out.affinity.reduce((a, arr) => a + arr[0], 0)).toBeCloseTo(1, 6);
  });

  it('tired agents send nothing, and at most maxMessages neighbours within the radius are read', () => {
    const inp = hood([0, 1, 2, 3], [0, 0, 0, 0], { energy: [1, 0.1, 1, 1] });
    const out = copyOut(inp);
    socialInfluence([0], allPairs(inp), inp, out, { ...P, maxMessages: 2 });
    // Neighbours nearest first: 1 (tired: read, sends nothing), 2 (read); 3 is the third: not read.
    expect(out.happiness[0]).toBeCloseTo(0.5 + 0.05 * 0.5 * (1 - 2 / 10), 6);
  });

  it('is double-buffered: the result does not depend on the order agents are processed in', () => {
    const inp = hood([0, 3, 6, 9, 12], [0, 1, 2, 0, 1], { reputation: [0.9, 0.4, 0.7, 0.2, 0.6] });
    const nb = allPairs(inp);
    const a = copyOut(inp);
    socialInfluence([0, 1, 2, 3, 4], nb, inp, a, P);
    const b = copyOut(inp);
    // Same neighbour lists, agents in reverse order (a CSR per agent order).
    const order = [4, 3, 2, 1, 0];
    const start = new Int32Array(6);
    const ids: number[] = [];
    order.forEach((e, i) => {
      start[i] = ids.length;
      ids.push(...nb.ids.subarray(nb.start[e], nb.start[e + 1]));
    });
    start[5] = ids.length;
    socialInfluence(order, { start, ids: Int32Array.from(ids) }, inp, b, P);
    expect(Array.from(b.happiness)).toEqual(Array.from(a.happiness));
    expect(Array.from(b.reputation)).toEqual(Array.from(a.reputation));
  });
});

describe('cultural influence kernel', () => {
  it('shifts affinities toward the groups broadcasting nearby by 0.02 × share, and switches group above 0.4', () => {
    // Agent 0 (group 0) surrounded by broadcasting scholars (group 3): rep 1 × happiness 1 × 0.5 = 0.5 > 0.1.
    const inp = hood([0, 2, 4, 6], [0, 3, 3, 3], { reputation: [0.1, 1, 1, 1], happiness: [0.1, 1, 1, 1] });
    inp.affinity[0][0] = 0.39;
    inp.affinity[3][0] = 0.3;
    for (const g of [1, 2, 4]) inp.affinity[g][0] = 0.31 / 3;
    const out = { group: inp.group.slice(), affinity: inp.affinity.map((a) => a.slice()) };
    culturalInfluence([0], allPairs(inp), inp, out, P);
    // All the signal is from group 3: its affinity +0.02, then renormalized (the sum was 1.02).
    expect(out.affinity[3][0]).toBeCloseTo(0.32 / 1.02, 6);
    expect(out.affinity[0][0]).toBeCloseTo(0.39 / 1.02, 6);
    expect(out.group[0]).toBe(0);
    // Repeated passes: the agent switches exactly when the scholars' affinity first exceeds 0.4.
    let state = { ...inp };
    for (let pass = 0; pass < 20; pass++) {
      const next = { group: state.group.slice(), affinity: state.affinity.map((a) => a.slice()) };
      culturalInfluence([0], allPairs(inp), state, next, P);
      expect(next.group[0]).toBe(next.affinity[3][0] > 0.4 ? 3 : 0);
      state = { ...state, group: next.group, affinity: next.affinity };
    }
    expect(state.group[0]).toBe(3);
  });

  it('does nothing when nobody nearby broadcasts (reputation × happiness × 0.5 ≤ 0.1)', () => {
    const inp = hood([0, 2], [0, 3], { reputation: [0.5, 0.3], happiness: [0.5, 0.5] });
    const out = { group: inp.group.slice(), affinity: inp.affinity.map((a) => a.slice()) };
    culturalInfluenceAgent(0, [0], allPairs(inp), inp, out, P);
    expect(out.affinity.map((a) => a[0])).toEqual(inp.affinity.map((a) => a[0]));
  });

  it('renormalize clamps to [0, 1] and sums to 1', () => {
    const aff = [0, 1, 2, 3, 4].map(() => new Float32Array(1));
    [-0.5, 2, 0.5, 0.5, 0].forEach((v, g) => (aff[g][0] = v));
    renormalize(aff, 0);
    expect(aff.map((a) => a[0])).toEqual([0, 0.5, 0.25, 0.25, 0]);
  });
});

describe('culture in the world', () => {
  it('a lone agent among a crowd of another group drifts toward it and switches', () => {
    const w = society(9);
    const ids = Array.from(w.entities.alive());
    const p = w.store(Position);
    const c = w.store(Culture);
    const v = w.store(Vitals);
    const rep = w.store(Social).reputation;
    ids.forEach((e, i) => {
      p.x[e] = 50 + (i % 3);
      p.y[e] = 50 + Math.floor(i / 3);
      c.group[e] = i === 0 ? 0 : 4;
      v.happiness[e] = 0.9;
      rep[e] = 0.9;
    });
    w.step(); // the grid indexes the positions
    const wanderers = () => affinityArrays(c)[4][ids[0]];
    const before = wanderers();
    for (let i = 0; i < 20 && c.group[ids[0]] !== 4; i++) runCulture(w);
    expect(wanderers()).toBeGreaterThan(before);
    expect(c.group[ids[0]]).toBe(4);
    const sum = affinityArrays(c).reduce((s, a) => s + a[ids[0]], 0);
    expect(sum).toBeCloseTo(1, 5);
  });

  it('buildNeighbours lists, in list order, what the grid answers each agent (households at one spot, every call afresh)', () => {
    const w = society(60);
    const ids = Array.from(w.entities.alive());
    const p = w.store(Position);
    // Households of up to four at one spot, spots a few units apart, some along cell edges.
    ids.forEach((e, i) => {
      p.x[e] = 40 + 5 * (Math.floor(i / 4) % 5) + (i % 7 === 0 ? 0.25 : 0);
      p.y[e] = 40 + 5 * Math.floor(i / 20);
    });
    w.step(); // the grid indexes the positions
    const grid = w.resource(AgentGrid);
    for (const [agents, radius, k] of [[ids, 20, 10], [ids.slice(0, 25).reverse(), 6, 3], [ids, 20, 10]] as const) {
      const nb = buildNeighbours(w, Int32Array.from(agents), radius, k);
      expect(nb.start.length).toBe(agents.length + 1);
      agents.forEach((e, i) => {
        expect(Array.from(nb.ids.subarray(nb.start[i], nb.start[i + 1]))).toEqual(grid.nearest(p.x[e], p.y[e], k, e, radius));
      });
      expect(nb.ids.length).toBeGreaterThan(agents.length);
    }
  });
});
