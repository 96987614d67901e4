// The memory stream (after Park et al., Generative Agents, 2023): per agent, a bounded list of
// observations, conversations, trades, outcomes and reflections, each with an importance from 1 to
// 10. Retrieval ranks by recency x importance x relevance (keyword overlap, BM25-like weighting by
// rarity inside the agent's own stream). When the importance gathered since the last reflection
// passes a threshold the agent is due to reflect: its LLM writes insights that become memories.
//
// Bounded twice: per agent (oldest least important entries go first) and in total (the longest
// streams shrink first), so thousands of agents over a long run stay within a fixed budget.
// Keyed by entity id with the generation, dropped on despawn. Simulation state: saved and hashed.

import type { StateSection } from '../engine/world';
import { cosine } from './embeddings';

export const MEMORY_KINDS = ['observation', 'conversation', 'trade', 'outcome', 'reflection', 'plan'] as const;
export type MemoryKind = (typeof MEMORY_KINDS)[number];

export interface Memory {
  tick: number;
  kind: MemoryKind;
  /** 1 (mundane) .. 10 (life-changing). */
  importance: number;
  text: string;
}

export interface MemoryLimits {
  perAgent: number;
  total: number;
  /** Importance summed since the last reflection that makes the agent due to reflect. */
  reflectionThreshold: number;
  /** Recency halves every this many ticks. */
  recencyHalfLifeTicks: number;
  maxTextLength: number;
}

export const DEFAULT_MEMORY_LIMITS: MemoryLimits = {
  perAgent: 64,
  total: 100_000,
  reflectionThreshold: 40,
  recencyHalfLifeTicks: 48,
  maxTextLength: 240,
};

/**
 * Builds a memory's text from what was captured when it happened (see `addDeferred`): a plain
 * module-level function, so that deferring allocates nothing per memory.
 */
export type MemoryFormat = (a: unknown, b: unknown, x: number, y: number) => string;

const KIND_INDEX = new Map<MemoryKind, number>(MEMORY_KINDS.map((k, i) => [k, i]));

/** Fields of a memory in a stream's array (its text, or what the text is built from). */
const TICK = 0;
const KIND = 1;
const FORMAT = 2;
const A = 3;
const B = 4;
const X = 5;
const Y = 6;
const FIELDS = 7;
/** A slot's rank is importance * SEQ_SPAN + seq: the least worth keeping has the lowest (exact below 2^53). */
const SEQ_SPAN = 2 ** 48;

/**
 * One agent's memories in two flat arrays, no object per memory (a town's LLM agents remember a
 * hundred trades and conversations a tick, scattered over a thousand streams, and a prompt reads
 * them only every few hours). Slots are not in order: `rank` holds importance and a store-wide
 * sequence number (which came first), so that finding what a full stream forgets is one scan of
 * numbers, and the new memory overwrites it instead of shifting the others. A slot's text is A when
 * FORMAT is null, else FORMAT(A, B, X, Y), built (and kept) the first time something reads it.
 */
class Stream {
  /** Importance gathered since the last reflection. */
  sinceReflection = 0;
  private readonly rank: number[] = [];
  private readonly d: unknown[] = [];

  constructor(readonly gen: number) {}

  get length(): number {
    return this.rank.length;
  }

  /** Write slot i (i === length appends). */
  set(i: number, seq: number, tick: number, kind: number, importance: number, format: MemoryFormat | null, a: unknown, b: unknown, x: number, y: number): void {
    this.rank[i] = importance * SEQ_SPAN + seq;
    const d = this.d;
    const o = i * FIELDS;
    d[o + TICK] = tick;
    d[o + KIND] = kind;
    d[o + FORMAT] = format;
    d[o + A] = a;
    d[o + B] = b;
    d[o + X] = x;
    d[o + Y] = y;
  }

  seq(i: number): number {
    return this.rank[i] % SEQ_SPAN;
  }

  importance(i: number): number {
    return Math.floor(this.rank[i] / SEQ_SPAN);
  }

  tick(i: number): number {
    return this.d[i * FIELDS + TICK] as number;
  }

  kind(i: number): MemoryKind {
    return MEMORY_KINDS[this.d[i * FIELDS + KIND] as number];
  }

  /** The slot least worth keeping: lowest importance, oldest among equals (-1 when empty). */
  worst(): number {
    const rank = this.rank;
    let w = -1;
    let lowest = Infinity;
    for (let i = 0; i < rank.length; i++) {
      if (rank[i] < lowest) {
        lowest = rank[i];
        w = i;
      }
    }
    return w;
  }

  /** Empty slot i: the last slot moves into it. */
  remove(i: number): void {
    const rank = this.rank;
    const d = this.d;
    const last = rank.length - 1;
    if (i !== last) {
      rank[i] = rank[last];
      for (let f = 0; f < FIELDS; f++) d[i * FIELDS + f] = d[last * FIELDS + f];
    }
    rank.pop();
    d.length = last * FIELDS;
  }

  /** Slot indices, oldest first. */
  order(): number[] {
    const slots = Array.from({ length: this.length }, (_, i) => i);
    return slots.sort((i, j) => this.seq(i) - this.seq(j));
  }

  text(i: number, maxLength: number): string {
    const d = this.d;
    const o = i * FIELDS;
    const format = d[o + FORMAT] as MemoryFormat | null;
    if (format === null) return d[o + A] as string;
    const text = format(d[o + A], d[o + B], d[o + X] as number, d[o + Y] as number).slice(0, maxLength);
    d[o + FORMAT] = null;
    d[o + A] = text;
    d[o + B] = null;
    return text;
  }

  memory(i: number, maxLength: number): Memory {
    return { tick: this.tick(i), kind: this.kind(i), importance: this.importance(i), text: this.text(i, maxLength) };
  }
}

const STOP = new Set(['the', 'a', 'an', 'and', 'or', 'to', 'of', 'in', 'on', 'at', 'for', 'with', 'is', 'was', 'i', 'my', 'me', 'you', 'it', 'be', 'by', 'from', 'that', 'this', 'have', 'has']);

export function keywords(text: string): string[] {
  const out: string[] = [];
  for (const w of text.toLowerCase().split(/[^a-z0-9]+/)) if (w.length > 1 && !STOP.has(w)) out.push(w);
  return out;
}

export class MemoryStore implements StateSection {
  readonly name = 'memory';
  /** By entity id (an array: looked up for every trade and conversation of an LLM agent). */
  private streams: (Stream | undefined)[] = [];
  private streamCount = 0;
  private size = 0;
  /** Insertion counter: orders the memories inside a stream (not saved: a load numbers them in order). */
  private seq = 0;

  constructor(readonly limits: MemoryLimits = DEFAULT_MEMORY_LIMITS) {}

  get total(): number {
    return this.size;
  }

  count(eid: number): number {
    return this.streams[eid]?.length ?? 0;
  }

  /** All memories of an agent, oldest first (a copy). */
  all(eid: number): Memory[] {
    const s = this.streams[eid];
    return s ? s.order().map((i) => s.memory(i, this.limits.maxTextLength)) : [];
  }

  add(eid: number, gen: number, memory: Memory): void {
    this.push(eid, gen, memory.tick, memory.kind, memory.importance, null, memory.text.slice(0, this.limits.maxTextLength), null, 0, 0);
  }

  /**
   * Add a memory whose text is `format(a, b, x, y)`, built only when something reads it (a prompt,
   * the inspector, a save or the state hash): the same text as `add` with that string, for the
   * frequent memories most of which are forgotten unread. `a` and `b` must not change afterwards
   * (strings, or arrays nobody mutates, such as an event's lines).
   */
  addDeferred(eid: number, gen: number, tick: number, kind: MemoryKind, importance: number, format: MemoryFormat, a: unknown, b: unknown, x: number, y: number): void {
    this.push(eid, gen, tick, kind, importance, format, a, b, x, y);
  }

  private push(eid: number, gen: number, tick: number, kind: MemoryKind, importance: number, format: MemoryFormat | null, a: unknown, b: unknown, x: number, y: number): void {
    let s = this.streams[eid];
    if (!s || s.gen !== gen) {
      if (s) this.size -= s.length;
      else this.streamCount++;
      this.streams[eid] = s = new Stream(gen);
    }
    const level = Math.min(10, Math.max(1, Math.round(importance)));
    if (kind !== 'reflection') s.sinceReflection += level;
    const seq = this.seq++;
    if (s.length < this.limits.perAgent) {
      s.set(s.length, seq, tick, KIND_INDEX.get(kind)!, level, format, a, b, x, y);
      this.size++;
    } else {
      // Full: the least worth keeping of those held and the new one goes (the new one only if it
      // matters less than all of them, being the newest); its slot takes the new one.
      const w = s.worst();
      if (w >= 0 && level >= s.importance(w)) s.set(w, seq, tick, KIND_INDEX.get(kind)!, level, format, a, b, x, y);
    }
    // Over the total: this stream pays if it holds more than its fair share (the usual case, O(1)),
    // else the longest stream does.
    while (this.size > this.limits.total) this.evict(s.length > this.size / this.streamCount ? s : this.longest());
  }

  /** Drop the entry that is least worth keeping: lowest importance, oldest among equals. */
  private evict(s: Stream): void {
    s.remove(s.worst());
    this.size--;
  }

  /** The longest stream (lowest id on ties), so a full store trims the agents that hold the most. */
  private longest(): Stream {
    let best: Stream | undefined;
    for (const s of this.streams) if (s && (!best || s.length > best.length)) best = s;
    return best!;
  }

  drop(eid: number): void {
    const s = this.streams[eid];
    if (!s) return;
    this.size -= s.length;
    this.streamCount--;
    this.streams[eid] = undefined;
  }

  dueForReflection(eid: number): boolean {
    const s = this.streams[eid];
    return !!s && s.sinceReflection >= this.limits.reflectionThreshold;
  }

  /** Called when a reflection answer (or its failure) is applied: the count starts again. */
  reflected(eid: number): void {
    const s = this.streams[eid];
    if (s) s.sinceReflection = 0;
  }

  /**
   * The k most relevant memories for a query, best first. Score = recency + importance + relevance,
   * each scaled to [0, 1] (Park et al. sum the three with equal weights).
   */
  retrieve(eid: number, query: string, now: number, k: number, vectorOf?: (text: string) => Float32Array | undefined): Memory[] {
    const s = this.streams[eid];
    if (!s || s.length === 0 || k <= 0) return [];
    const n = s.length;
    const texts: string[] = [];
    for (let i = 0; i < n; i++) texts.push(s.text(i, this.limits.maxTextLength));
    const q = new Set(keywords(query));
    // Document frequency inside this agent's stream: rare shared words count more (BM25's idea).
    const df = new Map<string, number>();
    const words = texts.map((t) => new Set(keywords(t)));
    for (const ws of words) for (const w of ws) if (q.has(w)) df.set(w, (df.get(w) ?? 0) + 1);
    let maxRel = 0;
    const rel = words.map((ws) => {
      let r = 0;
      for (const w of ws) if (q.has(w)) r += Math.log(1 + n / df.get(w)!);
      if (r > maxRel) maxRel = r;
      return r;
    });
    // With embeddings, cosine similarity replaces keyword relevance for memories whose vector is known.
    // (Asking for every vector also queues the missing ones for the next embedding batch.)
    if (vectorOf) {
      const qv = vectorOf(query);
      const mvs = texts.map((t) => vectorOf(t));
      if (qv) {
        const scale = maxRel > 0 ? maxRel : 1;
        mvs.forEach((mv, i) => {
          if (mv) rel[i] = Math.max(0, cosine(qv, mv)) * scale;
        });
        maxRel = Math.max(maxRel, ...rel);
      }
    }
    const half = this.limits.recencyHalfLifeTicks;
    const scored = texts.map((_, i) => ({
      i,
      score: Math.pow(0.5, Math.max(0, now - s.tick(i)) / half) + s.importance(i) / 10 + (maxRel > 0 ? rel[i] / maxRel : 0),
    }));
    scored.sort((a, b) => b.score - a.score || s.seq(b.i) - s.seq(a.i));
    return scored.slice(0, k).map((x) => s.memory(x.i, this.limits.maxTextLength));
  }

  save(): { streams: [number, number, number, [number, string, number, string][]][] } {
    const max = this.limits.maxTextLength;
    const streams: [number, number, number, [number, string, number, string][]][] = [];
    this.streams.forEach((s, eid) => {
      if (!s) return;
      const rows: [number, string, number, string][] = [];
      for (const i of s.order()) rows.push([s.tick(i), s.kind(i), s.importance(i), s.text(i, max)]);
      streams.push([eid, s.gen, s.sinceReflection, rows]);
    });
    return { streams };
  }

  load(data: unknown): void {
    const d = data as { streams?: unknown };
    if (!d || typeof d !== 'object' || !Array.isArray(d.streams)) throw new Error('memory section: expected { streams: [...] }');
    const next: (Stream | undefined)[] = [];
    for (const row of d.streams) {
      if (!Array.isArray(row) || row.length !== 4 || !Number.isInteger(row[0]) || row[0] < 0 || !Number.isInteger(row[1]) || typeof row[2] !== 'number' || !Array.isArray(row[3])) {
        throw new Error('memory section: each stream must be [id, generation, sinceReflection, memories]');
      }
      const s = new Stream(row[1]);
      s.sinceReflection = row[2];
      for (const m of row[3]) {
        const kind = Array.isArray(m) ? KIND_INDEX.get(m[1]) : undefined;
        if (!Array.isArray(m) || m.length !== 4 || !Number.isInteger(m[0]) || kind === undefined || !Number.isInteger(m[2]) || m[2] < 1 || m[2] > 10 || typeof m[3] !== 'string') {
          throw new Error(`memory section: agent ${row[0]} has a malformed memory (expected [tick, kind, importance 1-10, text])`);
        }
        s.set(s.length, this.seq++, m[0], kind, m[2], null, m[3], null, 0, 0);
      }
      next[row[0]] = s;
    }
    this.streams = next;
    this.streamCount = 0;
    this.size = 0;
    for (const s of next) {
      if (!s) continue;
      this.streamCount++;
      this.size += s.length;
    }
  }
}
