// The relationship graph: directed, weighted, typed edges between agents, held as one small sorted
// edge list per agent (in one arena of typed arrays, each list's room grown by doubling). Memory is
// proportional to the number of relationships, never agents². Edges come in pairs: whenever a→b exists so does b→a (with
// its own strength and type), so closing an agent's relationships is O(degree) and nothing can be
// left pointing at the dead. Endpoints are EntityRefs: an edge stores the other agent's generation.

import { checkOffsets, savedArray } from '../../engine/saved-arrays';
import type { Hasher } from '../../engine/hash';
import { resourceKey, type StateSection, type World } from '../../engine/world';

export const REL_TYPES = ['acquaintance', 'friend', 'partner', 'spouse', 'parent', 'child', 'sibling', 'rival', 'colleague', 'trade_partner'] as const;
export type RelType = (typeof REL_TYPES)[number];
export const REL = Object.fromEntries(REL_TYPES.map((t, i) => [t, i])) as Record<RelType, number>;

/** The kin types as bits (1 << type): one test per edge in the daily decay's pass over every edge. */
const KIN_BITS = (1 << REL.spouse) | (1 << REL.parent) | (1 << REL.child) | (1 << REL.sibling);
const ACQUAINTANCE = REL.acquaintance;
const FRIEND = REL.friend;

/** Kin edges are never evicted, never decay and are never reclassified. */
export function isKinType(type: number): boolean {
  return ((KIN_BITS >> type) & 1) === 1;
}

/** The room growing by doubling from 4 gives a list of n edges. */
/** A row's room in the hash's layout: none beyond its edges. */
const exactly = (n: number) => n;

/** evictionIndex(): a full list with no edge that may give way. */
const NO_ROOM = -2;

function capacityFor(n: number): number {
  let cap = 4;
  while (cap < n) cap *= 2;
  return cap;
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
/**
 * The saved graph (format 7 on): the arena as a load takes it over, agents with edges in id order,
 * each one's row of edges at offsets[r] with room up to offsets[r + 1] (zeros past its count).
 * The room is the arena's own (a list of n edges has room for capacityFor(n)), so that a load uses
 * the saved arrays as the arena instead of copying ~13 MiB at 100,000 agents into fresh memory.
 */
export interface SavedGraph {
  agent: Int32Array;
  agentGen: Uint32Array;
  /** agent.length + 1 offsets into the edge arrays: where each row's room starts. */
  offsets: Uint32Array;
  /** Edges in each row (at most its room). */
  count: Uint32Array;
  to: Int32Array;
  toGen: Uint32Array;
  type: Uint8Array;
  strength: Float32Array;
}

export class RelationGraph implements StateSection {
  readonly name = 'relationships';
  // Every agent's edge list lives in one arena of four parallel arrays: agent a's edges, sorted by the
  // other agent's id, at [listAt[a], listAt[a] + listLen[a]) with room for listCap[a]. A list that
  // outgrows its room moves to the end of the arena with twice the room; the arena is compacted when
  // more than half of what it has handed out is room left behind. No object per agent: a loaded
  // 100,000-agent graph is filled into these arrays (an object and four views per agent cost a
  // quarter of a second of a load, mostly in the garbage collector).
  private listAt = new Int32Array(0);
  private listLen = new Int32Array(0);
  private listCap = new Int32Array(0);
  private to = new Int32Array(64);
  private gen = new Uint32Array(64);
  private type = new Uint8Array(64);
  private w = new Float32Array(64);
  /** Arena slots handed out (the end of the last list placed). */
  private used = 0;
  /** Slots left behind by lists that moved or were closed. */
  private left = 0;

  constructor(
    private readonly world: World,
    private readonly limits: GraphLimits,
  ) {}

  /** Index of b in a's list, or -(insertion point) - 1. */
  private find(a: number, b: number): number {
    if (a >= this.listLen.length) return -1;
    const base = this.listAt[a];
    const end = base + this.listLen[a];
    const to = this.to;
    // Halving only down to a few cache lines' worth, then a scan in order: a binary search's
    // unpredictable turns and scattered loads cost more than walking a short list (50 at most by default).
    let lo = base;
    let hi = end;
    while (hi - lo > 16) {
      const mid = (lo + hi) >> 1;
      if (to[mid] < b) lo = mid + 1;
      else hi = mid;
    }
    while (lo < hi && to[lo] < b) lo++;
    return lo < end && to[lo] === b ? lo - base : base - lo - 1;
  }

  /** The arena slot of a's edge to b, or -1. */
  private slotOf(a: number, b: number): number {
    const i = this.find(a, b);
    return i >= 0 ? this.listAt[a] + i : -1;
  }

  degree(a: number): number {
    return a < this.listLen.length ? this.listLen[a] : 0;
  }

  /** a's feeling for b in [0, 1]; 0 if no edge. */
  strength(a: number, b: number): number {
    const k = this.slotOf(a, b);
    return k >= 0 ? this.w[k] : 0;
  }

  /** The type of a's edge to b ("b is my child"), or null. */
  typeOf(a: number, b: number): RelType | null {
    const k = this.slotOf(a, b);
    return k >= 0 ? REL_TYPES[this.type[k]] : null;
  }

  has(a: number, b: number): boolean {
    return this.find(a, b) >= 0;
  }

  edges(a: number): Edge[] {
    const out: Edge[] = [];
    const base = a < this.listLen.length ? this.listAt[a] : 0;
    for (let k = base; k < base + this.degree(a); k++) out.push({ to: this.to[k], gen: this.gen[k], type: REL_TYPES[this.type[k]], strength: this.w[k] });
    return out;
  }

  /** Ids a has an edge to, in id order. */
  neighbours(a: number): number[] {
    const n = this.degree(a);
    return n > 0 ? Array.from(this.to.subarray(this.listAt[a], this.listAt[a] + n)) : [];
  }

  /** Total stored directed edges (memory figure: proportional to relationships). */
  get edgeCount(): number {
    let n = 0;
    for (let a = 0; a < this.listLen.length; a++) n += this.listLen[a];
    return n;
  }

  /** Allocated edge slots (stored edges plus growth headroom). */
  get slotCount(): number {
    let n = 0;
    for (let a = 0; a < this.listCap.length; a++) n += this.listCap[a];
    return n;
  }

  /** Per-agent arrays that reach id a. */
  private ensureAgent(a: number): void {
    if (a < this.listLen.length) return;
    const size = Math.max(a + 1, this.listLen.length * 2, 64);
    const grow = (arr: Int32Array) => {
      const g = new Int32Array(size);
      g.set(arr);
      return g;
    };
    this.listAt = grow(this.listAt);
    this.listLen = grow(this.listLen);
    this.listCap = grow(this.listCap);
  }

  /** Room for `slots` more at the end of the arena: compacting it if most of it was left behind, else growing it. */
  private reserve(slots: number): void {
    if (this.used + slots <= this.to.length) return;
    const live = this.used - this.left;
    const size = this.left > this.used / 2 && live + slots <= this.to.length ? this.to.length : Math.max(this.to.length * 2, live + slots);
    const to = new Int32Array(size);
    const gen = new Uint32Array(size);
    const type = new Uint8Array(size);
    const w = new Float32Array(size);
    const { to: oldTo, gen: oldGen, type: oldType, w: oldW } = this;
    let at = 0;
    for (let a = 0; a < this.listLen.length; a++) {
      const cap = this.listCap[a];
      if (cap === 0) continue;
      const from = this.listAt[a];
      const n = this.listLen[a];
      // Element by element: lists are short, and four subarray views per agent were the arena's garbage.
      for (let k = 0; k < n; k++) {
        to[at + k] = oldTo[from + k];
        gen[at + k] = oldGen[from + k];
        type[at + k] = oldType[from + k];
        w[at + k] = oldW[from + k];
      }
      this.listAt[a] = at;
      at += cap;
    }
    this.to = to;
    this.gen = gen;
    this.type = type;
    this.w = w;
    this.used = at;
    this.left = 0;
  }

  /** Move a's full (or absent) list to the end of the arena with twice the room. */
  private growList(a: number): void {
    this.ensureAgent(a);
    const cap = this.listCap[a];
    const next = cap === 0 ? 4 : cap * 2;
    this.reserve(next);
    const from = this.listAt[a];
    const n = this.listLen[a];
    const at = this.used;
    this.to.copyWithin(at, from, from + n);
    this.gen.copyWithin(at, from, from + n);
    this.type.copyWithin(at, from, from + n);
    this.w.copyWithin(at, from, from + n);
    this.listAt[a] = at;
    this.listCap[a] = next;
    this.used += next;
    this.left += cap;
  }

  private insertAt(a: number, i: number, b: number, gen: number, type: number, w: number): void {
    if (a >= this.listLen.length || this.listLen[a] === this.listCap[a]) this.growList(a);
    const base = this.listAt[a];
    const end = base + this.listLen[a];
    const at = base + i;
    // Plain loops: lists are short (50 at most by default), and four copyWithin calls cost more than the moves.
    const { to, gen: g, type: t, w: ws } = this;
    for (let k = end; k > at; k--) {
      to[k] = to[k - 1];
      g[k] = g[k - 1];
      t[k] = t[k - 1];
      ws[k] = ws[k - 1];
    }
    this.to[at] = b;
    this.gen[at] = gen;
    this.type[at] = type;
    this.w[at] = w;
    this.listLen[a]++;
  }

  private removeAt(a: number, i: number): void {
    const at = this.listAt[a] + i;
    const end = this.listAt[a] + this.listLen[a];
    const { to, gen: g, type: t, w: ws } = this;
    for (let k = at; k < end - 1; k++) {
      to[k] = to[k + 1];
      g[k] = g[k + 1];
      t[k] = t[k + 1];
      ws[k] = ws[k + 1];
    }
    this.listLen[a]--;
  }

  /**
   * a's edge at index `out` gives way to a new edge whose place in the list as it stands is `at`:
   * only the edges between the two move (a removal and an insertion moved the rest of the list
   * twice). The new edge's index.
   */
  private replaceAt(a: number, out: number, at: number, b: number, gen: number, type: number, w: number): number {
    const base = this.listAt[a];
    const { to, gen: g, type: t, w: ws } = this;
    let i = at;
    if (out < at) {
      for (let k = base + out; k < base + at - 1; k++) {
        to[k] = to[k + 1];
        g[k] = g[k + 1];
        t[k] = t[k + 1];
        ws[k] = ws[k + 1];
      }
      i = at - 1;
    } else {
      for (let k = base + out; k > base + at; k--) {
        to[k] = to[k - 1];
        g[k] = g[k - 1];
        t[k] = t[k - 1];
        ws[k] = ws[k - 1];
      }
    }
    to[base + i] = b;
    g[base + i] = gen;
    t[base + i] = type;
    ws[base + i] = w;
    return i;
  }

  /**
   * Make sure the pair a↔b exists (evicting the weakest non-kin edge of a full list); the arena slot
   * of a→b, or -1 if a list is full of kin. A new edge starts at `initial` on a's side and 0 on b's.
   */
  private ensurePair(a: number, b: number, initial: number, type: number): number {
    if (a === b) return -1;
    const ia = this.find(a, b);
    if (ia >= 0) return this.listAt[a] + ia;
    // Check both sides before evicting anything, so a refused pair changes nothing.
    const outA = this.evictionIndex(a, initial);
    const outB = this.evictionIndex(b, initial);
    if (outA === NO_ROOM || outB === NO_ROOM) return -1;
    const ents = this.world.entities;
    const at = this.placeEdge(a, -ia - 1, outA, b, ents.generation(b), type, initial);
    // a's side left b's list as it was (b is no neighbour of a, nor a of whoever a evicted), so outB still holds.
    this.placeEdge(b, -this.find(b, a) - 1, outB, a, ents.generation(a), type, 0);
    // Placing b's edge may have moved a's list, never within it.
    return this.listAt[a] + at;
  }

  /**
   * A new edge a→b at its place `at` in a's list: in the room of the edge at index `out` (whose pair
   * is closed) when a's list is full, else inserted. Its index.
   */
  private placeEdge(a: number, at: number, out: number, b: number, gen: number, type: number, w: number): number {
    if (out < 0) {
      this.insertAt(a, at, b, gen, type, w);
      return at;
    }
    const evicted = this.to[this.listAt[a] + out];
    const back = this.find(evicted, a);
    if (back >= 0) this.removeAt(evicted, back);
    return this.replaceAt(a, out, at, b, gen, type, w);
  }

  /**
   * For a full list: the index of the edge that would be evicted for a newcomer of strength
   * `incoming` (the weakest non-kin edge, if not stronger than the newcomer), or NO_ROOM if none may
   * go; -1 if not full. `force` ignores the strength test (kin always fits).
   */
  private evictionIndex(a: number, incoming: number, force = false): number {
    const n = this.degree(a);
    if (n < this.limits.maxPerAgent) return -1;
    const base = this.listAt[a];
    const { type, w } = this;
    // Full lists are scanned on every new acquaintance in a crowded town: locals, no loads of the fields per edge.
    let weakest = -1;
    let least = Infinity;
    for (let k = base; k < base + n; k++) {
      if (w[k] < least && !isKinType(type[k])) {
        weakest = k;
        least = w[k];
      }
    }
    if (weakest < 0 || (!force && least > incoming)) return NO_ROOM;
    return weakest - base;
  }

    /**
   * A neighbour noticed (the proximity pass): an edge a→b that exists gains `gain`, or starts at
   * `initial` if still unfelt (its reverse made by b's first contact), exactly as strengthen() would;
   * false, and nothing changed, when there is no edge (the caller rolls whether they meet). One
   * lookup for what took up to three.
   */
  noticed(a: number, b: number, initial: number, gain: number): boolean {
    const k = this.slotOf(a, b);
    if (k < 0) return false;
    const w = this.w[k];
    this.w[k] = w > 0 ? Math.min(1, w + gain) : Math.min(1, initial);
    this.classify(k);
    return true;
  }

  /** Raise a's feeling for b: a new (or still unfelt) edge starts at `initial`, an existing one gains `gain` (capped at 1). */
  strengthen(a: number, b: number, initial: number, gain: number, type: RelType = 'acquaintance'): void {
    const found = this.slotOf(a, b);
    if (found >= 0 && type === 'acquaintance') {
      // The hot path (proximity, talk between acquaintances, the answering side of a first talk): no
      // pair to create, no retyping. A reverse edge created by the other side's first contact sits
      // at 0: the first own contact counts as new.
      const w = this.w[found];
      this.w[found] = w > 0 ? Math.min(1, w + gain) : Math.min(1, initial);
      this.classify(found);
      return;
    }
    const existed = found >= 0;
    const k = this.ensurePair(a, b, initial, REL[type]);
    if (k < 0) return;
    // A reverse edge created by the other side's first contact sits at 0: the first own contact counts as new.
    if (existed && this.w[k] > 0) this.w[k] = Math.min(1, this.w[k] + gain);
    else this.w[k] = Math.min(1, Math.max(this.w[k], initial));
    if (type !== 'acquaintance' && !isKinType(this.type[k]) && this.type[k] !== REL.rival) this.type[k] = REL[type];
    this.classify(k);
  }

  /** Conflict: a's feeling for b drops; at 0 a friend or acquaintance becomes a rival. */
  weaken(a: number, b: number, loss: number): void {
    const k = this.ensurePair(a, b, 0, REL.acquaintance);
    if (k < 0) return;
    if (this.type[k] === REL.rival) {
      this.w[k] = Math.min(1, this.w[k] + loss);
      return;
    }
    const next = this.w[k] - loss;
    if (next <= 0 && !isKinType(this.type[k])) {
      this.type[k] = REL.rival;
      this.w[k] = Math.min(1, -next);
    } else {
      this.w[k] = Math.max(0, next);
      this.classify(k);
    }
  }

  /** Set a kin (or other fixed) type both ways, e.g. setPair(parent, child, 'child', 'parent', 0.9). */
  setPair(a: number, b: number, typeAB: RelType, typeBA: RelType, strength: number): boolean {
    // Kin always fits: make room even by evicting stronger non-kin edges.
    let k = this.ensurePair(a, b, strength, REL[typeAB]);
    if (k < 0 && this.forceRoom(a) && this.forceRoom(b)) k = this.ensurePair(a, b, strength, REL[typeAB]);
    if (k < 0) return false;
    this.type[k] = REL[typeAB];
    this.w[k] = Math.max(this.w[k], strength);
    const kb = this.slotOf(b, a);
    this.type[kb] = REL[typeBA];
    this.w[kb] = Math.max(this.w[kb], strength);
    return true;
  }

  private forceRoom(a: number): boolean {
    const out = this.evictionIndex(a, 1, true);
    if (out === NO_ROOM) return false;
    if (out >= 0) this.remove(a, this.to[this.listAt[a] + out]);
    return true;
  }

  /** Set the type of a's edge to b if it exists and is not kin (e.g. 'partner'). */
  retype(a: number, b: number, type: RelType): void {
    const k = this.slotOf(a, b);
    if (k >= 0 && !isKinType(this.type[k])) this.type[k] = REL[type];
  }

  private classify(k: number): void {
    const t = this.type[k];
    if (t === ACQUAINTANCE && this.w[k] >= this.limits.friendAt) this.type[k] = FRIEND;
    else if (t === FRIEND && this.w[k] < this.limits.friendUntil) this.type[k] = ACQUAINTANCE;
  }

  /** Remove the pair a↔b. */
  remove(a: number, b: number): void {
    const i = this.find(a, b);
    if (i >= 0) this.removeAt(a, i);
    const j = this.find(b, a);
    if (j >= 0) this.removeAt(b, j);
  }

  /** Close every relationship of a (death): O(degree). */
  removeAll(a: number): void {
    const n = this.degree(a);
    const base = n > 0 ? this.listAt[a] : 0;
    for (let k = base; k < base + n; k++) {
      const j = this.find(this.to[k], a);
      if (j >= 0) this.removeAt(this.to[k], j);
    }
    if (a < this.listLen.length) {
      this.left += this.listCap[a];
      this.listLen[a] = 0;
      this.listCap[a] = 0;
    }
  }

  /** Daily decay of non-kin bonds; pairs both below `forgetBelow` are forgotten. */
  decay(factor: number, forgetBelow: number): void {
    // One pass in id order: once a's edges have decayed, each pair with an agent before a has decayed
    // on both sides, so it is judged from a's side (a second pass over every edge cost as much again).
    const dead: number[] = [];
    const { to, type, w, listAt, listLen } = this;
    // classify() inline, its limits in locals: this loop visits every edge of the town once a day.
    const { friendAt, friendUntil } = this.limits;
    for (let a = 0; a < listLen.length; a++) {
      const base = listAt[a];
      const end = base + listLen[a];
      for (let k = base; k < end; k++) {
        const t = type[k];
        if (((KIN_BITS >> t) & 1) === 0) {
          w[k] *= factor;
          if (t === ACQUAINTANCE && w[k] >= friendAt) type[k] = FRIEND;
          else if (t === FRIEND && w[k] < friendUntil) type[k] = ACQUAINTANCE;
        }
        const b = to[k];
        if (b > a || w[k] >= forgetBelow) continue;
        // The pair as judged from b's side: b's edge not kin, and both below the threshold.
        const back = this.slotOf(b, a);
        if (back >= 0 && !isKinType(type[back]) && w[back] < forgetBelow) dead.push(b, a);
      }
    }
    // Removing a pair only shifts edges within two lists, so the order of removals does not matter.
    for (let i = 0; i < dead.length; i += 2) this.remove(dead[i], dead[i + 1]);
  }

  /** Compressed sparse rows: agents with edges in id order, each one's edges (sorted by id) at offsets[i]..offsets[i+1]. */
  save(): SavedGraph {
    return this.rows(capacityFor);
  }

  /**
   * The graph's logical content, as hashed (the edges of each agent back to back, as formats 2 to 6
   * saved them): the arena's room is not state, and the hash stays what it was before format 7.
   */
  hash(h: Hasher): void {
    const { count: _count, ...rows } = this.rows(exactly);
    h.value(rows);
  }

  /** Agents with edges in id order, with their counts; each row's edges, then zeros up to room(count). */
  private rows(room: (n: number) => number): SavedGraph {
    const ents = this.world.entities;
    let agents = 0;
    let slots = 0;
    for (let a = 0; a < this.listLen.length; a++) {
      if (this.listLen[a] === 0) continue;
      agents++;
      slots += room(this.listLen[a]);
    }
    const out: SavedGraph = {
      agent: new Int32Array(agents),
      agentGen: new Uint32Array(agents),
      offsets: new Uint32Array(agents + 1),
      count: new Uint32Array(agents),
      to: new Int32Array(slots),
      toGen: new Uint32Array(slots),
      type: new Uint8Array(slots),
      strength: new Float32Array(slots),
    };
    let row = 0;
    let at = 0;
    for (let a = 0; a < this.listLen.length; a++) {
      const n = this.listLen[a];
      if (n === 0) continue;
      out.agent[row] = a;
      out.agentGen[row] = ents.generation(a);
      out.count[row] = n;
      // Element copies: a subarray view per list costs more than copying its few edges.
      for (let k = this.listAt[a], i = at; k < this.listAt[a] + n; k++, i++) {
        out.to[i] = this.to[k];
        out.toGen[i] = this.gen[k];
        out.type[i] = this.type[k];
        out.strength[i] = this.w[k];
      }
      at += room(n);
      out.offsets[++row] = at;
    }
    return out;
  }

  load(data: unknown): void {
    const name = 'relationships';
    if (!data || typeof data !== 'object' || Array.isArray(data)) throw new Error('relationships section: expected {agent, agentGen, offsets, count, to, toGen, type, strength}');
    const d = data as Record<string, unknown>;
    const agent = savedArray(d, 'agent', Int32Array, name);
    const rows = agent.length;
    const agentGen = savedArray(d, 'agentGen', Uint32Array, name, rows);
    const offsets = savedArray(d, 'offsets', Uint32Array, name);
    const count = savedArray(d, 'count', Uint32Array, name, rows);
    const to = savedArray(d, 'to', Int32Array, name);
    const toGen = savedArray(d, 'toGen', Uint32Array, name, to.length);
    const type = savedArray(d, 'type', Uint8Array, name, to.length);
    const strength = savedArray(d, 'strength', Float32Array, name, to.length);
    checkOffsets(offsets, rows, to.length, 'relationships section: edge');
    const ents = this.world.entities;
    checkRows(agent, agentGen, offsets, count, to, toGen, type, strength, ents.liveGenerations());
    const size = Math.max(ents.highWater, rows === 0 ? 0 : agent[rows - 1] + 1);
    checkReverseEdges(agent, offsets, count, to, size);
    // The saved arrays become the arena (the caller's data is handed over, as a load's is).
    this.listAt = new Int32Array(size);
    this.listLen = new Int32Array(size);
    this.listCap = new Int32Array(size);
    for (let r = 0; r < rows; r++) {
      this.listAt[agent[r]] = offsets[r];
      this.listLen[agent[r]] = count[r];
      this.listCap[agent[r]] = offsets[r + 1] - offsets[r];
    }
    this.to = to;
    this.gen = toGen;
    this.type = type;
    this.w = strength;
    this.used = to.length;
    this.left = 0;
  }
}

/**
 * A saved graph's rows checked: agents in id order and alive, each with 1 to room edges, sorted, to
 * living agents, of known types and strengths in [0, 1]. Free functions over typed arrays: a load
 * runs them once over ~750,000 edges at 100,000 agents, mostly before the compiler has optimized
 * them, where every method call in the loop counted.
 */
function checkRows(agent: Int32Array, agentGen: Uint32Array, offsets: Uint32Array, count: Uint32Array, to: Int32Array, toGen: Uint32Array, type: Uint8Array, strength: Float32Array, liveGen: Int32Array): void {
  const types = REL_TYPES.length;
  let prevAgent = -1;
  for (let r = 0; r < agent.length; r++) {
    const a = agent[r];
    if (a === prevAgent) throw new Error(`relationships section: agent ${a} listed twice`);
    if (a < prevAgent) throw new Error('relationships section: agents must be in id order');
    if (liveGen[a] !== agentGen[r]) throw new Error(`relationships section: agent ${a} (generation ${agentGen[r]}) is not a living agent`);
    if (count[r] === 0 || count[r] > offsets[r + 1] - offsets[r]) throw new Error(`relationships section: agent ${a}: ${count[r]} edges in room for ${offsets[r + 1] - offsets[r]}`);
    prevAgent = a;
    let prev = -1;
    const end = offsets[r] + count[r];
    for (let i = offsets[r]; i < end; i++) {
      const b = to[i];
      if (liveGen[b] !== toGen[i]) throw new Error(`relationships section: agent ${a}'s edge to ${b} (generation ${toGen[i]}) is not a living agent`);
      if (b <= prev) throw new Error(`relationships section: agent ${a}: edges must be sorted by id without duplicates`);
      if (b === a) throw new Error(`relationships section: agent ${a} has an edge to itself`);
      if (type[i] >= types) throw new Error(`relationships section: agent ${a}: unknown relationship type ${type[i]}`);
      if (!(strength[i] >= 0 && strength[i] <= 1)) throw new Error(`relationships section: agent ${a}: strength must be in [0, 1]`);
      prev = b;
    }
  }
}

/**
 * Every edge's reverse (checked before anything changes), in one pass: rows are visited in id order
 * and each row's edges are sorted, so in the row of each b > a the reverse of a→b must be the first
 * of b's edges to smaller ids not yet matched. Then every edge to a smaller id must have been matched.
 * (A binary search per edge cost a load twice as much before the compiler had optimized it.)
 */
function checkReverseEdges(agent: Int32Array, offsets: Uint32Array, count: Uint32Array, to: Int32Array, size: number): void {
  const rowOf = new Int32Array(size).fill(-1);
  for (let r = 0; r < agent.length; r++) rowOf[agent[r]] = r;
  const next = offsets.slice(0, agent.length);
  const noReverse = (a: number, b: number) => new Error(`relationships section: edge ${a}→${b} has no reverse edge`);
  for (let r = 0; r < agent.length; r++) {
    const a = agent[r];
    const end = offsets[r] + count[r];
    for (let i = offsets[r]; i < end; i++) {
      const b = to[i];
      if (b < a) continue;
      const back = rowOf[b];
      if (back < 0) throw noReverse(a, b);
      const at = next[back];
      const stop = offsets[back] + count[back];
      // An unmatched edge of b's to someone before a: that one has no reverse.
      if (at < stop && to[at] < a) throw noReverse(b, to[at]);
      if (at >= stop || to[at] !== a) throw noReverse(a, b);
      next[back] = at + 1;
    }
  }
  for (let r = 0; r < agent.length; r++) {
    const at = next[r];
    if (at < offsets[r] + count[r] && to[at] < agent[r]) throw noReverse(agent[r], to[at]);
  }
}

/**
 * Format 6's rows (edges back to back, offsets[r] to offsets[r + 1]) laid out as format 7 saves
 * them: each row with room for capacityFor(its edges). For the migration; checked as any load.
 */
export function withRoomToGrow(compact: Omit<SavedGraph, 'count'>): SavedGraph {
  const rows = compact.agent.length;
  const count = new Uint32Array(rows);
  const offsets = new Uint32Array(rows + 1);
  for (let r = 0; r < rows; r++) {
    count[r] = compact.offsets[r + 1] - compact.offsets[r];
    offsets[r + 1] = offsets[r] + capacityFor(count[r]);
  }
  const slots = offsets[rows];
  const out: SavedGraph = { agent: compact.agent, agentGen: compact.agentGen, offsets, count, to: new Int32Array(slots), toGen: new Uint32Array(slots), type: new Uint8Array(slots), strength: new Float32Array(slots) };
  // Element copies: subarray views per row cost more than copying its few edges.
  const { to, toGen, type, strength } = compact;
  for (let r = 0; r < rows; r++) {
    for (let i = compact.offsets[r], at = offsets[r]; i < compact.offsets[r + 1]; i++, at++) {
      out.to[at] = to[i];
      out.toGen[at] = toGen[i];
      out.type[at] = type[i];
      out.strength[at] = strength[i];
    }
  }
  return out;
}

export const Relationships = resourceKey<RelationGraph>('relationships');
