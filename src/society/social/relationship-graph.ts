// The relationship graph: directed, weighted, typed edges between agents, held as one small sorted
// edge list per agent (structure of typed arrays, grown by doubling). Memory is proportional to the
// number of relationships, never agents². Edges come in pairs: whenever a→b exists so does b→a (with
// its own strength and type), so closing an agent's relationships is O(degree) and nothing can be
// left pointing at the dead. Endpoints are EntityRefs: an edge stores the other agent's generation.

import { checkOffsets, savedArray } from '../../engine/saved-arrays';
import { resourceKey, type StateSection, type World } from '../../engine/world';

export const REL_TYPES = ['acquaintance', 'friend', 'partner', 'spouse', 'parent', 'child', 'sibling', 'rival', 'colleague', 'trade_partner'] as const;
export type RelType = (typeof REL_TYPES)[number];
export const REL = Object.fromEntries(REL_TYPES.map((t, i) => [t, i])) as Record<RelType, number>;

/** Kin edges are never evicted, never decay and are never reclassified. */
export function isKinType(type: number): boolean {
  return type === REL.spouse || type === REL.parent || type === REL.child || type === REL.sibling;
}

/** Buffers that loaded edge lists share (see EdgeList.of). */
interface EdgePool {
  to: ArrayBuffer;
  gen: ArrayBuffer;
  type: ArrayBuffer;
  w: ArrayBuffer;
}

/** The capacity growing by doubling from 4 gives a list of n edges. */
function capacityFor(n: number): number {
  let cap = 4;
  while (cap < n) cap *= 2;
  return cap;
}

class EdgeList {
  n = 0;
  to: Int32Array;
  gen: Uint32Array;
  type: Uint8Array;
  w: Float32Array;

  constructor(pool?: EdgePool, slot = 0, cap = 4) {
    this.to = pool ? new Int32Array(pool.to, slot * 4, cap) : new Int32Array(cap);
    this.gen = pool ? new Uint32Array(pool.gen, slot * 4, cap) : new Uint32Array(cap);
    this.type = pool ? new Uint8Array(pool.type, slot, cap) : new Uint8Array(cap);
    this.w = pool ? new Float32Array(pool.w, slot * 4, cap) : new Float32Array(cap);
  }

  /** Index of `b`, or -(insertion point) - 1. */
  find(b: number): number {
    let lo = 0;
    let hi = this.n - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const v = this.to[mid];
      if (v < b) lo = mid + 1;
      else if (v > b) hi = mid - 1;
      else return mid;
    }
    return -lo - 1;
  }

  insertAt(at: number, b: number, gen: number, type: number, w: number): void {
    if (this.n === this.to.length) {
      const cap = this.n * 2;
      const grow = <T extends Int32Array | Uint32Array | Uint8Array | Float32Array>(a: T, make: (n: number) => T): T => {
        const g = make(cap);
        g.set(a);
        return g;
      };
      this.to = grow(this.to, (n) => new Int32Array(n));
      this.gen = grow(this.gen, (n) => new Uint32Array(n));
      this.type = grow(this.type, (n) => new Uint8Array(n));
      this.w = grow(this.w, (n) => new Float32Array(n));
    }
    // Plain loops: lists are short (50 at most by default), and four copyWithin calls cost more than the moves.
    const { to, gen: g, type: t, w: ws } = this;
    for (let i = this.n; i > at; i--) {
      to[i] = to[i - 1];
      g[i] = g[i - 1];
      t[i] = t[i - 1];
      ws[i] = ws[i - 1];
    }
    this.to[at] = b;
    this.gen[at] = gen;
    this.type[at] = type;
    this.w[at] = w;
    this.n++;
  }

  /**
   * A list holding edges [from, end) of saved arrays, in `cap` slots at `slot` of the pool's
   * buffers (views: one allocation per field for the whole graph, not per agent; a list that
   * outgrows its slots moves to arrays of its own as usual).
   */
  static of(to: Int32Array, gen: Uint32Array, type: Uint8Array, w: Float32Array, from: number, end: number, pool: EdgePool, slot: number, cap: number): EdgeList {
    const l = new EdgeList(pool, slot, cap);
    const n = end - from;
    for (let i = 0; i < n; i++) {
      l.to[i] = to[from + i];
      l.gen[i] = gen[from + i];
      l.type[i] = type[from + i];
      l.w[i] = w[from + i];
    }
    l.n = n;
    return l;
  }

  removeAt(at: number): void {
    const { to, gen: g, type: t, w: ws } = this;
    const last = this.n - 1;
    for (let i = at; i < last; i++) {
      to[i] = to[i + 1];
      g[i] = g[i + 1];
      t[i] = t[i + 1];
      ws[i] = ws[i + 1];
    }
    this.n--;
  }
}

export interface Edge {
  to: number;
  gen: number;
  type: RelType;
  strength: number;
}

export interface GraphLimits {
  maxPerAgent: number;
  friendAt: number;
  friendUntil: number;
}

/** The saved graph (format version 2 on): typed arrays, stored raw in a world file. */
export interface SavedGraph {
  agent: Int32Array;
  agentGen: Uint32Array;
  /** agent.length + 1 offsets into the edge arrays. */
  offsets: Uint32Array;
  to: Int32Array;
  toGen: Uint32Array;
  type: Uint8Array;
  strength: Float32Array;
}

export class RelationGraph implements StateSection {
  readonly name = 'relationships';
  private lists: (EdgeList | undefined)[] = [];

  constructor(
    private readonly world: World,
    private readonly limits: GraphLimits,
  ) {}

  private list(a: number): EdgeList | undefined {
    return this.lists[a];
  }

  private ensure(a: number): EdgeList {
    let l = this.lists[a];
    if (!l) this.lists[a] = l = new EdgeList();
    return l;
  }

  degree(a: number): number {
    return this.lists[a]?.n ?? 0;
  }

  /** a's feeling for b in [0, 1]; 0 if no edge. */
  strength(a: number, b: number): number {
    const l = this.list(a);
    if (!l) return 0;
    const i = l.find(b);
    return i >= 0 ? l.w[i] : 0;
  }

  /** The type of a's edge to b ("b is my child"), or null. */
  typeOf(a: number, b: number): RelType | null {
    const l = this.list(a);
    if (!l) return null;
    const i = l.find(b);
    return i >= 0 ? REL_TYPES[l.type[i]] : null;
  }

  has(a: number, b: number): boolean {
    const l = this.list(a);
    return !!l && l.find(b) >= 0;
  }

  edges(a: number): Edge[] {
    const l = this.list(a);
    const out: Edge[] = [];
    if (!l) return out;
    for (let i = 0; i < l.n; i++) out.push({ to: l.to[i], gen: l.gen[i], type: REL_TYPES[l.type[i]], strength: l.w[i] });
    return out;
  }

  /** Ids a has an edge to, in id order. */
  neighbours(a: number): number[] {
    const l = this.list(a);
    return l ? Array.from(l.to.subarray(0, l.n)) : [];
  }

  /** Total stored directed edges (memory figure: proportional to relationships). */
  get edgeCount(): number {
    let n = 0;
    for (const l of this.lists) if (l) n += l.n;
    return n;
  }

  /** Allocated edge slots (stored edges plus growth headroom). */
  get slotCount(): number {
    let n = 0;
    for (const l of this.lists) if (l) n += l.to.length;
    return n;
  }

  /**
   * Make sure the pair a↔b exists (evicting the weakest non-kin edge of a full list); false if a
   * list is full of kin. A new edge starts at `initial` on a's side and 0 on b's.
   */
  private ensurePair(a: number, b: number, initial: number, type: number): { la: EdgeList; ia: number } | null {
    if (a === b) return null;
    const la = this.ensure(a);
    let ia = la.find(b);
    if (ia >= 0) return { la, ia };
    // Check both sides before evicting anything, so a refused pair changes nothing.
    const evictA = this.evictionCandidate(a, initial);
    const evictB = this.evictionCandidate(b, initial);
    if (evictA === null || evictB === null) return null;
    if (evictA >= 0) this.remove(a, evictA);
    if (evictB >= 0 && this.degree(b) >= this.limits.maxPerAgent) this.remove(b, evictB);
    const lb = this.ensure(b);
    const ents = this.world.entities;
    ia = la.find(b);
    la.insertAt(-ia - 1, b, ents.generation(b), type, initial);
    const ib = lb.find(a);
    lb.insertAt(-ib - 1, a, ents.generation(a), type, 0);
    return { la, ia: la.find(b) };
  }

  /**
   * For a full list: the id whose edge would be evicted for a newcomer of strength `incoming` (the
   * weakest non-kin edge, if not stronger than the newcomer), or null if none may go; -1 if not full.
   * `force` ignores the strength test (kin always fits).
   */
  private evictionCandidate(a: number, incoming: number, force = false): number | null {
    const l = this.lists[a];
    if (!l || l.n < this.limits.maxPerAgent) return -1;
    let weakest = -1;
    for (let i = 0; i < l.n; i++) if (!isKinType(l.type[i]) && (weakest < 0 || l.w[i] < l.w[weakest])) weakest = i;
    if (weakest < 0 || (!force && l.w[weakest] > incoming)) return null;
    return l.to[weakest];
  }

  /** strengthen()'s hot path alone: raise a felt acquaintance-or-closer edge a→b by `gain`; false (and nothing changed) if there is none. */
  strengthenFelt(a: number, b: number, gain: number): boolean {
    const l = this.lists[a];
    if (!l) return false;
    const i = l.find(b);
    if (i < 0 || !(l.w[i] > 0)) return false;
    l.w[i] = Math.min(1, l.w[i] + gain);
    this.classify(l, i);
    return true;
  }

  /** Raise a's feeling for b: a new (or still unfelt) edge starts at `initial`, an existing one gains `gain` (capped at 1). */
  strengthen(a: number, b: number, initial: number, gain: number, type: RelType = 'acquaintance'): void {
    const l = this.lists[a];
    const found = l ? l.find(b) : -1;
    if (found >= 0 && type === 'acquaintance') {
      // The hot path (proximity, talk between acquaintances, the answering side of a first talk): no
      // pair to create, no retyping. A reverse edge created by the other side's first contact sits
      // at 0: the first own contact counts as new.
      const w = l!.w[found];
      l!.w[found] = w > 0 ? Math.min(1, w + gain) : Math.min(1, initial);
      this.classify(l!, found);
      return;
    }
    const existed = found >= 0;
    const at = this.ensurePair(a, b, initial, REL[type]);
    if (!at) return;
    const { la, ia } = at;
    // A reverse edge created by the other side's first contact sits at 0: the first own contact counts as new.
    if (existed && la.w[ia] > 0) la.w[ia] = Math.min(1, la.w[ia] + gain);
    else la.w[ia] = Math.min(1, Math.max(la.w[ia], initial));
    if (type !== 'acquaintance' && !isKinType(la.type[ia]) && la.type[ia] !== REL.rival) la.type[ia] = REL[type];
    this.classify(la, ia);
  }

  /** Conflict: a's feeling for b drops; at 0 a friend or acquaintance becomes a rival. */
  weaken(a: number, b: number, loss: number): void {
    const at = this.ensurePair(a, b, 0, REL.acquaintance);
    if (!at) return;
    const { la, ia } = at;
    if (la.type[ia] === REL.rival) {
      la.w[ia] = Math.min(1, la.w[ia] + loss);
      return;
    }
    const next = la.w[ia] - loss;
    if (next <= 0 && !isKinType(la.type[ia])) {
      la.type[ia] = REL.rival;
      la.w[ia] = Math.min(1, -next);
    } else {
      la.w[ia] = Math.max(0, next);
      this.classify(la, ia);
    }
  }

  /** Set a kin (or other fixed) type both ways, e.g. setPair(parent, child, 'child', 'parent', 0.9). */
  setPair(a: number, b: number, typeAB: RelType, typeBA: RelType, strength: number): boolean {
    // Kin always fits: make room even by evicting stronger non-kin edges.
    const at = this.ensurePair(a, b, strength, REL[typeAB]) ?? (this.forceRoom(a) && this.forceRoom(b) ? this.ensurePair(a, b, strength, REL[typeAB]) : null);
    if (!at) return false;
    at.la.type[at.ia] = REL[typeAB];
    at.la.w[at.ia] = Math.max(at.la.w[at.ia], strength);
    const lb = this.list(b)!;
    const ib = lb.find(a);
    lb.type[ib] = REL[typeBA];
    lb.w[ib] = Math.max(lb.w[ib], strength);
    return true;
  }

  private forceRoom(a: number): boolean {
    const victim = this.evictionCandidate(a, 1, true);
    if (victim === null) return false;
    if (victim >= 0) this.remove(a, victim);
    return true;
  }

  /** Set the type of a's edge to b if it exists and is not kin (e.g. 'partner'). */
  retype(a: number, b: number, type: RelType): void {
    const l = this.list(a);
    if (!l) return;
    const i = l.find(b);
    if (i >= 0 && !isKinType(l.type[i])) l.type[i] = REL[type];
  }

  private classify(l: EdgeList, i: number): void {
    const t = l.type[i];
    if (t === REL.acquaintance && l.w[i] >= this.limits.friendAt) l.type[i] = REL.friend;
    else if (t === REL.friend && l.w[i] < this.limits.friendUntil) l.type[i] = REL.acquaintance;
  }

  /** Remove the pair a↔b. */
  remove(a: number, b: number): void {
    const la = this.list(a);
    const lb = this.list(b);
    if (la) {
      const i = la.find(b);
      if (i >= 0) la.removeAt(i);
    }
    if (lb) {
      const i = lb.find(a);
      if (i >= 0) lb.removeAt(i);
    }
  }

  /** Close every relationship of a (death): O(degree). */
  removeAll(a: number): void {
    const la = this.list(a);
    if (!la) return;
    for (let i = 0; i < la.n; i++) {
      const lb = this.list(la.to[i]);
      if (!lb) continue;
      const j = lb.find(a);
      if (j >= 0) lb.removeAt(j);
    }
    this.lists[a] = undefined;
  }

  /** Daily decay of non-kin bonds; pairs both below `forgetBelow` are forgotten. */
  decay(factor: number, forgetBelow: number): void {
    const dead: [number, number][] = [];
    for (let a = 0; a < this.lists.length; a++) {
      const l = this.lists[a];
      if (!l) continue;
      for (let i = 0; i < l.n; i++) {
        if (isKinType(l.type[i])) continue;
        l.w[i] *= factor;
        this.classify(l, i);
      }
    }
    for (let a = 0; a < this.lists.length; a++) {
      const l = this.lists[a];
      if (!l) continue;
      for (let i = 0; i < l.n; i++) {
        const b = l.to[i];
        if (b < a || isKinType(l.type[i]) || l.w[i] >= forgetBelow) continue;
        if (this.strength(b, a) < forgetBelow) dead.push([a, b]);
      }
    }
    for (const [a, b] of dead) this.remove(a, b);
  }

  /** Compressed sparse rows: agents with edges in id order, each one's edges (sorted by id) at offsets[i]..offsets[i+1]. */
  save(): SavedGraph {
    const ents = this.world.entities;
    let agents = 0;
    let edges = 0;
    for (const l of this.lists) {
      if (!l || l.n === 0) continue;
      agents++;
      edges += l.n;
    }
    const out: SavedGraph = {
      agent: new Int32Array(agents),
      agentGen: new Uint32Array(agents),
      offsets: new Uint32Array(agents + 1),
      to: new Int32Array(edges),
      toGen: new Uint32Array(edges),
      type: new Uint8Array(edges),
      strength: new Float32Array(edges),
    };
    let row = 0;
    let at = 0;
    for (let a = 0; a < this.lists.length; a++) {
      const l = this.lists[a];
      if (!l || l.n === 0) continue;
      out.agent[row] = a;
      out.agentGen[row] = ents.generation(a);
      // Element copies: a subarray view per list costs more than copying its few edges.
      for (let i = 0; i < l.n; i++, at++) {
        out.to[at] = l.to[i];
        out.toGen[at] = l.gen[i];
        out.type[at] = l.type[i];
        out.strength[at] = l.w[i];
      }
      out.offsets[++row] = at;
    }
    return out;
  }

  load(data: unknown): void {
    const name = 'relationships';
    if (!data || typeof data !== 'object' || Array.isArray(data)) throw new Error('relationships section: expected {agent, agentGen, offsets, to, toGen, type, strength}');
    const d = data as Record<string, unknown>;
    const agent = savedArray(d, 'agent', Int32Array, name);
    const rows = agent.length;
    const agentGen = savedArray(d, 'agentGen', Uint32Array, name, rows);
    const offsets = savedArray(d, 'offsets', Uint32Array, name);
    const to = savedArray(d, 'to', Int32Array, name);
    const toGen = savedArray(d, 'toGen', Uint32Array, name, to.length);
    const type = savedArray(d, 'type', Uint8Array, name, to.length);
    const strength = savedArray(d, 'strength', Float32Array, name, to.length);
    checkOffsets(offsets, rows, to.length, 'relationships section: edge');
    const ents = this.world.entities;
    const next: (EdgeList | undefined)[] = [];
    let slots = 0;
    for (let r = 0; r < rows; r++) slots += capacityFor(offsets[r + 1] - offsets[r]);
    const pool: EdgePool = { to: new ArrayBuffer(slots * 4), gen: new ArrayBuffer(slots * 4), type: new ArrayBuffer(slots), w: new ArrayBuffer(slots * 4) };
    let slot = 0;
    let prevAgent = -1;
    for (let r = 0; r < rows; r++) {
      const a = agent[r];
      if (a === prevAgent) throw new Error(`relationships section: agent ${a} listed twice`);
      if (a < prevAgent) throw new Error('relationships section: agents must be in id order');
      if (!ents.isAlive(a) || ents.generation(a) !== agentGen[r]) throw new Error(`relationships section: agent ${a} (generation ${agentGen[r]}) is not a living agent`);
      prevAgent = a;
      let prev = -1;
      for (let i = offsets[r]; i < offsets[r + 1]; i++) {
        const b = to[i];
        if (!ents.isAlive(b) || ents.generation(b) !== toGen[i]) throw new Error(`relationships section: agent ${a}'s edge to ${b} (generation ${toGen[i]}) is not a living agent`);
        if (b <= prev) throw new Error(`relationships section: agent ${a}: edges must be sorted by id without duplicates`);
        if (b === a) throw new Error(`relationships section: agent ${a} has an edge to itself`);
        if (type[i] >= REL_TYPES.length) throw new Error(`relationships section: agent ${a}: unknown relationship type ${type[i]}`);
        if (!(strength[i] >= 0 && strength[i] <= 1)) throw new Error(`relationships section: agent ${a}: strength must be in [0, 1]`);
        prev = b;
      }
      if (offsets[r + 1] > offsets[r]) {
        const cap = capacityFor(offsets[r + 1] - offsets[r]);
        next[a] = EdgeList.of(to, toGen, type, strength, offsets[r], offsets[r + 1], pool, slot, cap);
        slot += cap;
      }
    }
    for (let a = 0; a < next.length; a++) {
      const l = next[a];
      if (!l) continue;
      for (let i = 0; i < l.n; i++) {
        const back = next[l.to[i]];
        if (!back || back.find(a) < 0) throw new Error(`relationships section: edge ${a}→${l.to[i]} has no reverse edge`);
      }
    }
    this.lists = next;
  }
}

export const Relationships = resourceKey<RelationGraph>('relationships');
