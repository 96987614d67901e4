import { describe, expect, it } from 'vitest';
import { Rng } from '../../src/engine/rng';
import { World } from '../../src/engine/world';
import { loadScenario } from '../../src/persistence/scenario-files';
import { Actions } from '../../src/society/actions';
import { Position } from '../../src/society/components';
import { createSociety } from '../../src/society/create';
import { AgentGrid } from '../../src/society/core/spatial-system';
import { parseScenario } from '../../src/society/scenario';
import { relationshipSystem } from '../../src/society/social/relationship-system';
import { Social } from '../../src/society/social/components';
import { decodeValue, encodeValue } from '../../src/persistence/section-codec';
import { RelationGraph, Relationships, type SavedGraph } from '../../src/society/social/relationship-graph';

const village = loadScenario('village');
const limits = { maxPerAgent: 4, friendAt: 0.5, friendUntil: 0.3 };

function bare(n: number, lim = limits) {
  const w = new World({ seed: 1, minutesPerTick: 30 });
  for (let i = 0; i < n; i++) w.spawn();
  return { w, g: new RelationGraph(w, lim) };
}

describe('relationship graph', () => {
  it('talk increments start at 0.2, add 0.1 and are capped at 1; the reverse edge exists with its own strength', () => {
    const { g } = bare(2);
    g.strengthen(0, 1, 0.2, 0.1);
    expect(g.strength(0, 1)).toBeCloseTo(0.2, 6);
    expect(g.has(1, 0)).toBe(true);
    expect(g.strength(1, 0)).toBe(0);
    for (let i = 0; i < 20; i++) g.strengthen(0, 1, 0.2, 0.1);
    expect(g.strength(0, 1)).toBe(1);
    expect(g.typeOf(0, 1)).toBe('friend');
    expect(g.typeOf(1, 0)).toBe('acquaintance');
  });

  it('conflict weakens a bond and turns it into a rivalry at 0', () => {
    const { g } = bare(2);
    g.strengthen(0, 1, 0.3, 0.1);
    g.weaken(0, 1, 0.2);
    expect(g.strength(0, 1)).toBeCloseTo(0.1, 6);
    g.weaken(0, 1, 0.25);
    expect(g.typeOf(0, 1)).toBe('rival');
    expect(g.strength(0, 1)).toBeCloseTo(0.15, 6);
  });

  it('a full list evicts its weakest non-kin edge for a stronger newcomer, never kin, and refuses a weaker one', () => {
    const { g } = bare(8);
    g.setPair(0, 1, 'child', 'parent', 0.05);
    g.strengthen(0, 2, 0.3, 0);
    g.strengthen(0, 3, 0.2, 0);
    g.strengthen(0, 4, 0.4, 0);
    expect(g.degree(0)).toBe(4);
    g.strengthen(0, 5, 0.25, 0); // evicts 3 (0.2), not the kin edge at 0.05
    expect(g.neighbours(0)).toEqual([1, 2, 4, 5]);
    expect(g.has(3, 0)).toBe(false);
    g.strengthen(0, 6, 0.1, 0); // weaker than every non-kin edge: refused, nothing changes
    expect(g.neighbours(0)).toEqual([1, 2, 4, 5]);
    expect(g.has(6, 0)).toBe(false);
    expect(g.typeOf(0, 1)).toBe('child');
    expect(g.typeOf(1, 0)).toBe('parent');
  });

  it('decays non-kin bonds daily and forgets pairs that fall below the threshold; kin do not decay', () => {
    const { g } = bare(3);
    g.strengthen(0, 1, 0.1, 0);
    g.setPair(0, 2, 'sibling', 'sibling', 0.6);
    g.decay(0.5, 0.06);
    expect(g.has(0, 1)).toBe(false); // 0.05 < 0.06 on both sides: forgotten
    expect(g.has(1, 0)).toBe(false);
    expect(g.strength(0, 2)).toBeCloseTo(0.6, 6);
    g.strengthen(0, 1, 0.6, 0);
    expect(g.typeOf(0, 1)).toBe('friend');
    g.decay(0.5, 0.06);
    expect(g.typeOf(0, 1)).toBe('friend'); // 0.3 is not below friendUntil
    g.decay(0.9, 0.06);
    expect(g.strength(0, 1)).toBeCloseTo(0.27, 5);
    expect(g.typeOf(0, 1)).toBe('acquaintance');
    expect(g.has(0, 1)).toBe(true); // 0.27 on one side keeps the pair
  });

  it('memory is proportional to relationships, not agents²', () => {
    const { g } = bare(2000, { ...limits, maxPerAgent: 50 });
    // A ring: each agent knows its two neighbours. 2000 agents, 2000 pairs.
    for (let a = 0; a < 2000; a++) g.strengthen(a, (a + 1) % 2000, 0.2, 0.1);
    expect(g.edgeCount).toBe(4000);
    expect(g.slotCount).toBeLessThanOrEqual(4 * 2000); // a few slots per agent, nowhere near 2000²
    // Doubling the pairs roughly doubles the storage.
    for (let a = 0; a < 2000; a++) g.strengthen(a, (a + 2) % 2000, 0.2, 0.1);
    expect(g.edgeCount).toBe(8000);
    expect(g.slotCount).toBeLessThanOrEqual(8 * 2000);
  });

  it('removeAll closes every edge to and from an agent', () => {
    const { g } = bare(5);
    for (const b of [1, 2, 3]) g.strengthen(0, b, 0.2, 0);
    g.strengthen(4, 0, 0.3, 0);
    g.removeAll(0);
    expect(g.degree(0)).toBe(0);
    for (const b of [1, 2, 3, 4]) expect(g.has(b, 0)).toBe(false);
    expect(g.edgeCount).toBe(0);
  });

  it('save/load round-trips, and load rejects dead endpoints, missing reverse edges and bad strengths without changing anything', () => {
    const { w, g } = bare(4);
    g.strengthen(0, 1, 0.2, 0);
    g.setPair(2, 3, 'spouse', 'spouse', 0.8);
    g.strengthen(0, 2, 0.1, 0);
    g.strengthen(0, 3, 0.3, 0);
    g.strengthen(1, 3, 0.1, 0);
    // Through the world file's section codec, as a save and a load see it.
    const copy = (v: SavedGraph) => decodeValue(encodeValue(v, 'relationships'), 'relationships') as SavedGraph;
    const saved = copy(g.save());
    const g2 = new RelationGraph(w, limits);
    g2.load(saved);
    expect(g2.save()).toEqual(g.save());
    const broken = copy(saved);
    broken.strength[0] = 1.5;
    expect(() => g2.load(broken)).toThrow(/strength/);
    // Every row's each edge lost its reverse in turn, wherever it sits in the other row.
    let tried = 0;
    for (let r = 0; r < saved.agent.length; r++) {
      for (let i = saved.offsets[r]; i < saved.offsets[r] + saved.count[r]; i++) {
        const cut = copy(saved);
        const back = Array.from(cut.agent).indexOf(cut.to[i]);
        if (cut.count[back] === 1) continue; // an empty row is refused as such
        const at = Array.from(cut.to.subarray(cut.offsets[back], cut.offsets[back] + cut.count[back])).indexOf(cut.agent[r]) + cut.offsets[back];
        for (const col of [cut.to, cut.toGen, cut.type, cut.strength]) col.copyWithin(at, at + 1, cut.offsets[back] + cut.count[back]);
        cut.count[back]--;
        tried++;
        expect(() => g2.load(cut), `without ${cut.to[i]}→${cut.agent[r]}`).toThrow(/^relationships section: edge \d+→\d+ has no reverse edge$/);
      }
    }
    expect(tried).toBeGreaterThan(3);
    const crowded = copy(saved);
    crowded.count[0] = crowded.offsets[1] - crowded.offsets[0] + 1;
    expect(() => g2.load(crowded)).toThrow(/^relationships section: agent \d+: \d+ edges in room for \d+$/);
    // Agent 0's row dropped: 1 still has an edge to 0.
    const cut = saved.offsets[1];
    const oneWay: SavedGraph = {
      agent: saved.agent.slice(1),
      agentGen: saved.agentGen.slice(1),
      offsets: saved.offsets.slice(1).map((o) => o - cut),
      count: saved.count.slice(1),
      to: saved.to.slice(cut),
      toGen: saved.toGen.slice(cut),
      type: saved.type.slice(cut),
      strength: saved.strength.slice(cut),
    };
    expect(() => g2.load(oneWay)).toThrow(/reverse edge/);
    expect(() => g2.load({ ...saved, offsets: saved.offsets.slice(1) })).toThrow(/relationships section: edge offsets/);
    w.despawn(3, 'test');
    expect(() => g2.load(saved)).toThrow(/not a living agent/);
    expect(g2.save()).toEqual(g.save());
  });
});

describe('relationship graph storage', () => {
  it('keeps every list right through growth, removals, closed lists and compaction of its arena (against a plain model)', () => {
    const n = 120;
    const { w, g } = bare(n, { ...limits, maxPerAgent: 1000 });
    const rng = new Rng([7, 8, 9, 10]);
    // The model: a's edges by the other id, with type and strength, written both ways as setPair does.
    const model = new Map<number, Map<number, { type: string; w: number }>>();
    const side = (a: number) => model.get(a) ?? model.set(a, new Map()).get(a)!;
    const types = ['friend', 'child', 'sibling', 'rival'] as const;
    for (let step = 0; step < 6000; step++) {
      const a = rng.int(n);
      const b = rng.int(n);
      const op = rng.int(10);
      if (op < 6 && a !== b) {
        const [tab, tba] = [types[rng.int(4)], types[rng.int(4)]];
        const s = Math.round(rng.float() * 100) / 100;
        expect(g.setPair(a, b, tab, tba, s)).toBe(true);
        side(a).set(b, { type: tab, w: Math.max(side(a).get(b)?.w ?? 0, s) });
        side(b).set(a, { type: tba, w: Math.max(side(b).get(a)?.w ?? 0, s) });
      } else if (op < 8) {
        g.remove(a, b);
        side(a).delete(b);
        side(b).delete(a);
      } else if (op === 8) {
        // Closing whole lists leaves room behind in the arena, which later growth compacts.
        g.removeAll(a);
        for (const other of side(a).keys()) side(other).delete(a);
        model.delete(a);
      } else {
        // A burst of growth for one agent: its list moves to the end of the arena several times.
        for (let k = 0; k < 30; k++) {
          const c = (a + 1 + k) % n;
          g.setPair(a, c, 'friend', 'friend', 0.5);
          side(a).set(c, { type: 'friend', w: Math.max(side(a).get(c)?.w ?? 0, 0.5) });
          side(c).set(a, { type: 'friend', w: Math.max(side(c).get(a)?.w ?? 0, 0.5) });
        }
      }
    }
    let edges = 0;
    for (let a = 0; a < n; a++) {
      const mine = [...(model.get(a) ?? new Map()).entries()].sort(([x], [y]) => x - y);
      expect(g.neighbours(a)).toEqual(mine.map(([b]) => b));
      for (const [b, e] of mine) {
        expect(g.typeOf(a, b)).toBe(e.type);
        expect(g.strength(a, b)).toBeCloseTo(e.w, 6);
      }
      // Every other id too: lookups that miss, on lists long and short.
      for (let b = 0; b < n; b++) expect(g.has(a, b)).toBe(model.get(a)?.has(b) ?? false);
      edges += mine.length;
    }
    expect(Math.max(...Array.from({ length: n }, (_, a) => g.degree(a)))).toBeGreaterThan(40);
    expect(edges).toBeGreaterThan(1000);
    expect(g.edgeCount).toBe(edges);
    expect(g.slotCount).toBeLessThan(4 * edges);
    // And a loaded copy holds the same lists.
    const g2 = new RelationGraph(w, { ...limits, maxPerAgent: 1000 });
    g2.load(decodeValue(encodeValue(g.save(), 'relationships'), 'relationships'));
    expect(g2.save()).toEqual(g.save());
    for (let a = 0; a < n; a++) expect(g2.edges(a)).toEqual(g.edges(a));
  });
  it('decay matches a plain model of it: every non-kin bond decays, then pairs both below the threshold go unless kin on the lower id\'s side', () => {
    const n = 60;
    const lim = { ...limits, maxPerAgent: 1000 };
    const { g } = bare(n, lim);
    const rng = new Rng([3, 1, 4, 1]);
    const model = new Map<number, Map<number, { type: string; w: number }>>();
    const side = (a: number) => model.get(a) ?? model.set(a, new Map()).get(a)!;
    // Kin on one side only too (setPair allows it), so a wrong side's type would show.
    const types = ['acquaintance', 'friend', 'child', 'sibling', 'rival'] as const;
    for (let step = 0; step < 900; step++) {
      const a = rng.int(n);
      const b = rng.int(n);
      if (a === b) continue;
      const [tab, tba] = [types[rng.int(5)], types[rng.int(5)]];
      const s = Math.round(rng.float() * 20) / 100;
      g.setPair(a, b, tab, tba, s);
      side(a).set(b, { type: tab, w: Math.fround(Math.max(side(a).get(b)?.w ?? 0, s)) });
      side(b).set(a, { type: tba, w: Math.fround(Math.max(side(b).get(a)?.w ?? 0, s)) });
    }
    const kin = (t: string) => t === 'child' || t === 'sibling';
    for (const factor of [0.9, 0.7, 0.9, 0.5]) {
      g.decay(factor, 0.06);
      for (const edges of model.values()) {
        for (const e of edges.values()) {
          if (kin(e.type)) continue;
          e.w = Math.fround(e.w * factor);
          if (e.type === 'acquaintance' && e.w >= lim.friendAt) e.type = 'friend';
          else if (e.type === 'friend' && e.w < lim.friendUntil) e.type = 'acquaintance';
        }
      }
      const dead: [number, number][] = [];
      for (const [a, edges] of model) for (const [b, e] of edges) if (a < b && !kin(e.type) && e.w < 0.06 && side(b).get(a)!.w < 0.06) dead.push([a, b]);
      for (const [a, b] of dead) {
        side(a).delete(b);
        side(b).delete(a);
      }
      let edges = 0;
      for (let a = 0; a < n; a++) {
        const mine = [...side(a).entries()].sort(([x], [y]) => x - y);
        expect(g.edges(a).map((e) => [e.to, e.type, e.strength])).toEqual(mine.map(([b, e]) => [b, e.type, e.w]));
        edges += mine.length;
      }
      expect(dead.length).toBeGreaterThan(0);
      expect(edges).toBeGreaterThan(100);
    }
  });
  it('new acquaintances in full lists evict as a plain model says: the weakest non-kin edge (first by id), never a stronger one than the newcomer, and nothing when either side refuses', () => {
    const n = 16;
    const lim = { maxPerAgent: 5, friendAt: 0.5, friendUntil: 0.3 };
    const { g } = bare(n, lim);
    const rng = new Rng([2, 7, 1, 8]);
    type E = { type: string; w: number };
    const model = new Map<number, Map<number, E>>();
    const side = (a: number) => model.get(a) ?? model.set(a, new Map()).get(a)!;
    const f = Math.fround;
    const kin = (t: string) => t === 'sibling';
    const classify = (e: E) => {
      if (e.type === 'acquaintance' && e.w >= lim.friendAt) e.type = 'friend';
      else if (e.type === 'friend' && e.w < lim.friendUntil) e.type = 'acquaintance';
    };
    /** The id a full list gives up for a newcomer at `incoming`, 'none' if none may go, -1 if not full. */
    const evicts = (a: number, incoming: number): number | 'none' => {
      const list = [...side(a).entries()].sort(([x], [y]) => x - y);
      if (list.length < lim.maxPerAgent) return -1;
      let weakest = -1;
      let least = Infinity;
      for (const [b, e] of list) {
        if (e.w < least && !kin(e.type)) {
          weakest = b;
          least = e.w;
        }
      }
      return weakest < 0 || least > incoming ? 'none' : weakest;
    };
    const strengthen = (a: number, b: number, initial: number, gain: number) => {
      const e = side(a).get(b);
      if (e) {
        e.w = e.w > 0 ? f(Math.min(1, e.w + gain)) : f(Math.min(1, initial));
        return classify(e);
      }
      const ea = evicts(a, initial);
      const eb = evicts(b, initial);
      if (ea === 'none' || eb === 'none') return;
      for (const [x, y] of [[a, ea], [b, eb]]) {
        if (y < 0) continue;
        side(x).delete(y);
        side(y).delete(x);
      }
      const fresh = { type: 'acquaintance', w: f(Math.min(1, initial)) };
      side(a).set(b, fresh);
      side(b).set(a, { type: 'acquaintance', w: 0 });
      classify(fresh);
    };
    // A few kin pairs first, which no newcomer may evict.
    for (const [a, b] of [[0, 1], [2, 3], [0, 2], [4, 5], [0, 6], [0, 7]]) {
      g.setPair(a, b, 'sibling', 'sibling', 0.05);
      side(a).set(b, { type: 'sibling', w: f(0.05) });
      side(b).set(a, { type: 'sibling', w: f(0.05) });
    }
    let evictions = 0;
    for (let step = 0; step < 4000; step++) {
      const a = rng.int(n);
      const b = rng.int(n);
      if (a === b) continue;
      const initial = [0.05, 0.1, 0.2, 0.3, 0.6][rng.int(5)];
      const gain = [0, 0.05, 0.1][rng.int(3)];
      const before = side(a).size + side(b).size;
      g.strengthen(a, b, initial, gain);
      strengthen(a, b, initial, gain);
      if (side(a).size + side(b).size === before && side(a).has(b) && side(a).get(b)!.w === f(Math.min(1, initial)) && side(b).get(a)!.w === 0) evictions++;
      // Now and then a day's decay, which frees room (and forgets the weakest pairs).
      if (step % 8 === 0) {
        g.decay(0.97, 0.02);
        for (const edges of model.values()) {
          for (const e of edges.values()) {
            if (kin(e.type)) continue;
            e.w = f(e.w * 0.97);
            classify(e);
          }
        }
        const dead: [number, number][] = [];
        for (const [x, edges] of model) for (const [y, e] of edges) if (x < y && !kin(e.type) && e.w < 0.02 && side(y).get(x)!.w < 0.02) dead.push([x, y]);
        for (const [x, y] of dead) {
          side(x).delete(y);
          side(y).delete(x);
        }
      }
      for (const x of [a, b]) {
        const mine = [...side(x).entries()].sort(([p], [q]) => p - q);
        expect(g.edges(x).map((e) => [e.to, e.type, e.strength])).toEqual(mine.map(([y, e]) => [y, e.type, e.w]));
      }
    }
    for (let x = 0; x < n; x++) {
      const mine = [...side(x).entries()].sort(([p], [q]) => p - q);
      expect(g.edges(x).map((e) => [e.to, e.type, e.strength])).toEqual(mine.map(([y, e]) => [y, e.type, e.w]));
    }
    expect(evictions).toBeGreaterThan(100);
  });
});

describe('relationships in the world', () => {
  it('proximity builds bonds among neighbours; talk_to adds 0.1 both ways and emits the conversation', () => {
    const w = createSociety(village, { agents: 3 });
    const [a, b, c] = w.entities.alive();
    const p = w.store(Position);
    for (const e of [a, b, c]) {
      p.x[e] = 50;
      p.y[e] = 50;
    }
    p.x[c] = 90;
    const g = w.resource(Relationships);
    const reg = w.resource(Actions);
    w.step();
    const before = g.strength(a, b);
    expect(reg.perform(w, a, { type: 'talk_to', target: b })).toEqual({ ok: true });
    expect(g.strength(a, b)).toBeCloseTo(before === 0 ? 0.2 : Math.min(1, before + 0.1), 5);
    expect(g.strength(b, a)).toBeGreaterThanOrEqual(0.1);
    const conv = w.events.recent('conversation');
    expect(conv.at(-1)).toMatchObject({ a, b });
    expect(conv.at(-1)!.lines.length).toBeGreaterThanOrEqual(2);
    expect(reg.check(w, a, { type: 'talk_to', target: c })).toMatchObject({ ok: false, reason: /social radius/ });
    expect(reg.check(w, a, { type: 'talk_to', target: a })).toMatchObject({ ok: false });
  });

  it('gives each agent its proximity pass at a time of the proximity hours set by its id, and again every proximityEveryTicks within them', () => {
    const passTicks = (relationships: Record<string, unknown>) => {
      const scenario = parseScenario({ ...village, social: { ...village.social, relationships: { ...village.social.relationships, proximityMeetChance: 1, ...relationships } } });
      const w = createSociety(scenario, { agents: 40 });
      const alive = Array.from(w.entities.alive());
      const p = w.store(Position);
      for (const e of alive) [p.x[e], p.y[e]] = [50, 50];
      w.resource(AgentGrid).rebuild(alive, p.x, p.y);
      const g = w.resource(Relationships);
      // An agent's own pass is the only thing that raises its feelings for others (the first pass of a day runs after the decay).
      const felt = (e: number) => g.edges(e).reduce((sum, edge) => sum + edge.strength, 0);
      const passes = new Map<number, number[]>(alive.map((e) => [e, []]));
      for (let t = 0; t < w.clock.ticksPerDay; t++) {
        w.clock.tick = w.clock.ticksPerDay + t;
        const before = alive.map(felt);
        relationshipSystem.run(w);
        alive.forEach((e, i) => {
          if (felt(e) > before[i] + 1e-6) passes.get(e)!.push(t);
        });
      }
      return passes;
    };
    // Default: once a day, between 7:00 and 22:00 (ticks 14 to 43), at 14 + id mod 30.
    for (const [e, ticks] of passTicks({})) expect(ticks).toEqual([14 + (e % 30)]);
    // Hours through midnight (22:00 to 2:00: ticks 44 to 47 and 0 to 3), a pass every 2 ticks within them.
    for (const [e, ticks] of passTicks({ proximityEveryTicks: 2, proximityHours: { from: 22, to: 2 } })) {
      const own = (44 + (e % 8)) % 48;
      const expected = [44, 46, 0, 2].map((t) => (t + (own % 2)) % 48).sort((a, b) => a - b);
      expect(ticks).toEqual(expected);
    }
  });

  it('caps an agent at 10 social interactions per tick', () => {
    const w = createSociety(village, { agents: 12 });
    const ids = Array.from(w.entities.alive());
    const p = w.store(Position);
    for (const e of ids) {
      p.x[e] = 40;
      p.y[e] = 40;
    }
    const reg = w.resource(Actions);
    const a = ids[0];
    w.store(Social).interactions.fill(0);
    for (let i = 1; i <= 10; i++) expect(reg.perform(w, ids[i], { type: 'talk_to', target: a })).toEqual({ ok: true });
    expect(reg.check(w, ids[11], { type: 'talk_to', target: a })).toMatchObject({ ok: false, reason: /10 social interactions/ });
  });

  it('trades strengthen the pair and reputation; a loan default costs reputation', () => {
    const w = createSociety(village, { agents: 2 });
    const [a, b] = w.entities.alive();
    const rep = w.store(Social).reputation;
    const r0 = rep[a];
    w.emit('trade', { buyer: a, seller: b, good: 'food', quantity: 1, priceCents: 100 });
    expect(w.resource(Relationships).typeOf(a, b)).toBe('trade_partner');
    expect(rep[a]).toBeGreaterThan(r0);
    w.emit('loan', { agent: b, loanId: 1, principalCents: 1000, status: 'defaulted' });
    expect(rep[b]).toBeCloseTo(0.5 + 0.002 - 0.1, 5);
  });
});
