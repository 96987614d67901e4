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

interface Stream {
  gen: number;
  items: Memory[];
  /** Importance gathered since the last reflection. */
  sinceReflection: number;
}

const STOP = new Set(['the', 'a', 'an', 'and', 'or', 'to', 'of', 'in', 'on', 'at', 'for', 'with', 'is', 'was', 'i', 'my', 'me', 'you', 'it', 'be', 'by', 'from', 'that', 'this', 'have', 'has']);

export function keywords(text: string): string[] {
  const out: string[] = [];
  for (const w of text.toLowerCase().split(/[^a-z0-9]+/)) if (w.length > 1 && !STOP.has(w)) out.push(w);
  return out;
}

export class MemoryStore implements StateSection {
  readonly name = 'memory';
  private readonly streams = new Map<number, Stream>();
  private size = 0;

  constructor(readonly limits: MemoryLimits = DEFAULT_MEMORY_LIMITS) {}

  get total(): number {
    return this.size;
  }

  count(eid: number): number {
    return this.streams.get(eid)?.items.length ?? 0;
  }

  /** All memories of an agent, oldest first (a copy). */
  all(eid: number): Memory[] {
    return [...(this.streams.get(eid)?.items ?? [])];
  }

  add(eid: number, gen: number, memory: Memory): void {
    let s = this.streams.get(eid);
    if (!s || s.gen !== gen) {
      if (s) this.size -= s.items.length;
      this.streams.set(eid, (s = { gen, items: [], sinceReflection: 0 }));
    }
    const importance = Math.min(10, Math.max(1, Math.round(memory.importance)));
    s.items.push({ tick: memory.tick, kind: memory.kind, importance, text: memory.text.slice(0, this.limits.maxTextLength) });
    this.size++;
    if (memory.kind !== 'reflection') s.sinceReflection += importance;
    if (s.items.length > this.limits.perAgent) this.evict(s);
    // Over the total: this stream pays if it holds more than its fair share (the usual case, O(1)),
    // else the longest stream does.
    while (this.size > this.limits.total) this.evict(s.items.length > this.size / this.streams.size ? s : this.longest());
  }

  /** Drop the entry that is least worth keeping: lowest importance, oldest among equals. */
  private evict(s: Stream): void {
    let worst = 0;
    for (let i = 1; i < s.items.length; i++) if (s.items[i].importance < s.items[worst].importance) worst = i;
    s.items.splice(worst, 1);
    this.size--;
  }

  /** The longest stream (lowest id on ties), so a full store trims the agents that hold the most. */
  private longest(): Stream {
    let best: Stream | null = null;
    let bestId = Infinity;
    for (const [eid, s] of this.streams) {
      if (!best || s.items.length > best.items.length || (s.items.length === best.items.length && eid < bestId)) {
        best = s;
        bestId = eid;
      }
    }
    return best!;
  }

  drop(eid: number): void {
    const s = this.streams.get(eid);
    if (!s) return;
    this.size -= s.items.length;
    this.streams.delete(eid);
  }

  dueForReflection(eid: number): boolean {
    const s = this.streams.get(eid);
    return !!s && s.sinceReflection >= this.limits.reflectionThreshold;
  }

  /** Called when a reflection answer (or its failure) is applied: the count starts again. */
  reflected(eid: number): void {
    const s = this.streams.get(eid);
    if (s) s.sinceReflection = 0;
  }

  /**
   * The k most relevant memories for a query, best first. Score = recency + importance + relevance,
   * each scaled to [0, 1] (Park et al. sum the three with equal weights).
   */
  retrieve(eid: number, query: string, now: number, k: number, vectorOf?: (text: string) => Float32Array | undefined): Memory[] {
    const s = this.streams.get(eid);
    if (!s || s.items.length === 0 || k <= 0) return [];
    const q = new Set(keywords(query));
    // Document frequency inside this agent's stream: rare shared words count more (BM25's idea).
    const df = new Map<string, number>();
    const words = s.items.map((m) => new Set(keywords(m.text)));
    for (const ws of words) for (const w of ws) if (q.has(w)) df.set(w, (df.get(w) ?? 0) + 1);
    const n = s.items.length;
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
      const mvs = s.items.map((m) => vectorOf(m.text));
      if (qv) {
        const scale = maxRel > 0 ? maxRel : 1;
        mvs.forEach((mv, i) => {
          if (mv) rel[i] = Math.max(0, cosine(qv, mv)) * scale;
        });
        maxRel = Math.max(maxRel, ...rel);
      }
    }
    const half = this.limits.recencyHalfLifeTicks;
    const scored = s.items.map((m, i) => ({
      m,
      i,
      score: Math.pow(0.5, Math.max(0, now - m.tick) / half) + m.importance / 10 + (maxRel > 0 ? rel[i] / maxRel : 0),
    }));
    scored.sort((a, b) => b.score - a.score || b.i - a.i);
    return scored.slice(0, k).map((x) => x.m);
  }

  save(): { streams: [number, number, number, [number, string, number, string][]][] } {
    const streams = [...this.streams]
      .sort(([a], [b]) => a - b)
      .map(([eid, s]) => [eid, s.gen, s.sinceReflection, s.items.map((m) => [m.tick, m.kind, m.importance, m.text] as [number, string, number, string])] as [number, number, number, [number, string, number, string][]]);
    return { streams };
  }

  load(data: unknown): void {
    const d = data as { streams?: unknown };
    if (!d || typeof d !== 'object' || !Array.isArray(d.streams)) throw new Error('memory section: expected { streams: [...] }');
    const next = new Map<number, Stream>();
    let size = 0;
    for (const row of d.streams) {
      if (!Array.isArray(row) || row.length !== 4 || !Number.isInteger(row[0]) || !Number.isInteger(row[1]) || typeof row[2] !== 'number' || !Array.isArray(row[3])) {
        throw new Error('memory section: each stream must be [id, generation, sinceReflection, memories]');
      }
      const items: Memory[] = [];
      for (const m of row[3]) {
        if (!Array.isArray(m) || m.length !== 4 || !Number.isInteger(m[0]) || !(MEMORY_KINDS as readonly string[]).includes(m[1]) || !Number.isInteger(m[2]) || m[2] < 1 || m[2] > 10 || typeof m[3] !== 'string') {
          throw new Error(`memory section: agent ${row[0]} has a malformed memory (expected [tick, kind, importance 1-10, text])`);
        }
        items.push({ tick: m[0], kind: m[1] as MemoryKind, importance: m[2], text: m[3] });
      }
      next.set(row[0], { gen: row[1], items, sinceReflection: row[2] });
      size += items.length;
    }
    this.streams.clear();
    for (const [k, v] of next) this.streams.set(k, v);
    this.size = size;
  }
}
