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
const REFLECTION = KIND_INDEX.get('reflection')!;

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
 * One agent's filed memories in two flat arrays, no object per memory. Slots are not in order:
 * `rank` holds importance and a store-wide sequence number (which came first), so that finding what
 * a full stream forgets is one scan of numbers, and the new memory overwrites it instead of shifting
 * the others. A slot's text is A when FORMAT is null, else FORMAT(A, B, X, Y), built (and kept) the
 * first time something reads it.
 */
class Stream {
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

  /** File a new memory as the store decided when it came: appended below the cap, else in the least worth keeping's slot if it matters as much. */
  file(perAgent: number, seq: number, tick: number, kind: number, importance: number, format: MemoryFormat | null, a: unknown, b: unknown, x: number, y: number): void {
    if (this.length < perAgent) {
      this.set(this.length, seq, tick, kind, importance, format, a, b, x, y);
      return;
    }
    // Full: the least worth keeping of those held and the new one goes (the new one only if it
    // matters less than all of them, being the newest); its slot takes the new one.
    const w = this.worst();
    if (w >= 0 && importance >= this.importance(w)) this.set(w, seq, tick, kind, importance, format, a, b, x, y);
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

/** Numeric fields of a journal entry (one row of a Float64Array: 64 bytes, one cache line). */
const J_EID = 0;
const J_SEQ = 1;
const J_TICK = 2;
const J_KIND = 3;
const J_LEVEL = 4;
const J_X = 5;
const J_Y = 6;
/** The same agent's previous entry in the journal, -1 for none. */
const J_PREV = 7;
const J_FIELDS = 8;
/** Reference fields of a journal entry (format, a, b). */
const J_REFS = 3;
/** Journal entries between two filings of every stream: about 160 ticks of a town with 1,000 LLM agents. */
const DEFAULT_JOURNAL = 16_384;

const STOP = new Set(['the', 'a', 'an', 'and', 'or', 'to', 'of', 'in', 'on', 'at', 'for', 'with', 'is', 'was', 'i', 'my', 'me', 'you', 'it', 'be', 'by', 'from', 'that', 'this', 'have', 'has']);

export function keywords(text: string): string[] {
  const out: string[] = [];
  for (const w of text.toLowerCase().split(/[^a-z0-9]+/)) if (w.length > 1 && !STOP.has(w)) out.push(w);
  return out;
}

/**
 * The memory streams of all agents. A write does not touch the agent's stream: it is appended to a
 * journal (one row of numbers and three references, at the journal's end) and linked to the same
 * agent's previous entry; a stream is filed from its entries when something reads it (a prompt, the
 * inspector, a save or the state hash), when the total cap takes a memory from it, or for all
 * streams at once when the journal is full. A town's LLM agents remember a hundred trades and
 * conversations a tick, scattered over a thousand streams, and writing each into its stream cost
 * about a microsecond in cache misses; filed together, a stream's entries share its misses.
 *
 * What the caps decide at each write depends only on the streams' lengths (and on which memory
 * each holds when the total cap evicts, when that stream is filed first), so the lengths, the total
 * and the reflection counts are kept up to date per write in typed arrays, and filing a stream's
 * entries in order later gives what filing each at once would have.
 */
export class MemoryStore implements StateSection {
  readonly name = 'memory';
  /** Filed memories by entity id (created when first filed). */
  private streams: (Stream | undefined)[] = [];
  // Per entity id, up to date at every write:
  /** Generation of the agent's stream, -1 for none. */
  private gens = new Int32Array(0);
  /** Memories held, filed or not. */
  private lengths = new Int32Array(0);
  /** Importance gathered since the last reflection. */
  private since = new Float64Array(0);
  /** The agent's newest journal entry not yet filed, -1 for none. */
  private heads = new Int32Array(0);
  /** How many of the agent's journal entries are not yet filed. */
  private unfiled = new Int32Array(0);
  private streamCount = 0;
  private size = 0;
  /** Insertion counter: orders the memories inside a stream (not saved: a load numbers them in order). */
  private seq = 0;
  private readonly journal: Float64Array;
  private readonly journalRefs: unknown[];
  private journalLength = 0;
  /** Entry numbers of one stream while it is filed (reused). */
  private readonly scratch: number[] = [];

  constructor(
    readonly limits: MemoryLimits = DEFAULT_MEMORY_LIMITS,
    /** Entries the journal holds before every stream is filed. */
    readonly journalCapacity = DEFAULT_JOURNAL,
  ) {
    if (!Number.isInteger(journalCapacity) || journalCapacity < 1) throw new Error(`memory journal capacity must be a positive integer, got ${journalCapacity}`);
    this.journal = new Float64Array(journalCapacity * J_FIELDS);
    this.journalRefs = new Array<unknown>(journalCapacity * J_REFS).fill(null);
  }

  get total(): number {
    return this.size;
  }

  private has(eid: number): boolean {
    return eid < this.gens.length && this.gens[eid] >= 0;
  }

  count(eid: number): number {
    return this.has(eid) ? this.lengths[eid] : 0;
  }

  /** All memories of an agent, oldest first (a copy). */
  all(eid: number): Memory[] {
    const s = this.filed(eid);
    return s ? s.order().map((i) => s.memory(i, this.limits.maxTextLength)) : [];
  }

  add(eid: number, gen: number, memory: Memory): void {
    this.push(eid, gen, memory.tick, KIND_INDEX.get(memory.kind)!, memory.importance, null, memory.text.slice(0, this.limits.maxTextLength), null, 0, 0);
  }

  /**
   * Add a memory whose text is `format(a, b, x, y)`, built only when something reads it (a prompt,
   * the inspector, a save or the state hash): the same text as `add` with that string, for the
   * frequent memories most of which are forgotten unread. `a` and `b` must not change afterwards
   * (strings, or arrays nobody mutates, such as an event's lines).
   */
  addDeferred(eid: number, gen: number, tick: number, kind: MemoryKind, importance: number, format: MemoryFormat, a: unknown, b: unknown, x: number, y: number): void {
    this.push(eid, gen, tick, KIND_INDEX.get(kind)!, importance, format, a, b, x, y);
  }

  private push(eid: number, gen: number, tick: number, kind: number, importance: number, format: MemoryFormat | null, a: unknown, b: unknown, x: number, y: number): void {
    if (eid >= this.gens.length) this.grow(eid);
    if (this.gens[eid] !== gen) {
      // A new stream (the id's previous holder's, if any, is gone).
      if (this.gens[eid] >= 0) this.size -= this.lengths[eid];
      else this.streamCount++;
      this.reset(eid, gen);
    }
    const level = Math.min(10, Math.max(1, Math.round(importance)));
    if (kind !== REFLECTION) this.since[eid] += level;
    // Below the cap the memory is appended; a full stream keeps its length (the new memory takes a slot or goes).
    if (this.lengths[eid] < this.limits.perAgent) {
      this.lengths[eid]++;
      this.size++;
    }
    if (this.journalLength === this.journalCapacity) this.fileAll();
    const j = this.journalLength++;
    const o = j * J_FIELDS;
    const n = this.journal;
    n[o + J_EID] = eid;
    n[o + J_SEQ] = this.seq++;
    n[o + J_TICK] = tick;
    n[o + J_KIND] = kind;
    n[o + J_LEVEL] = level;
    n[o + J_X] = x;
    n[o + J_Y] = y;
    n[o + J_PREV] = this.heads[eid];
    this.heads[eid] = j;
    this.unfiled[eid]++;
    const r = j * J_REFS;
    this.journalRefs[r] = format;
    this.journalRefs[r + 1] = a;
    this.journalRefs[r + 2] = b;
    // Over the total: this stream pays if it holds more than its fair share (the usual case, O(1)),
    // else the longest stream does.
    while (this.size > this.limits.total) this.evict(this.lengths[eid] > this.size / this.streamCount ? eid : this.longest());
  }

  /** The agent's stream with every memory written to it filed (undefined if it has none). */
  private filed(eid: number): Stream | undefined {
    if (!this.has(eid)) return undefined;
    let s = this.streams[eid];
    if (!s) this.streams[eid] = s = new Stream(this.gens[eid]);
    let j = this.heads[eid];
    if (j < 0) return s;
    const pending = this.scratch;
    pending.length = 0;
    for (; j >= 0; j = this.journal[j * J_FIELDS + J_PREV]) pending.push(j);
    for (let k = pending.length - 1; k >= 0; k--) this.fileEntry(s, pending[k]);
    this.heads[eid] = -1;
    this.unfiled[eid] = 0;
    return s;
  }

  private fileEntry(s: Stream, j: number): void {
    const n = this.journal;
    const o = j * J_FIELDS;
    const r = j * J_REFS;
    s.file(this.limits.perAgent, n[o + J_SEQ], n[o + J_TICK], n[o + J_KIND], n[o + J_LEVEL], this.journalRefs[r] as MemoryFormat | null, this.journalRefs[r + 1], this.journalRefs[r + 2], n[o + J_X], n[o + J_Y]);
  }

  /**
   * File every stream's entries and empty the journal. The entries are sorted by agent (a counting
   * sort over one pass of the journal, keeping their order) rather than found by following each
   * agent's links, one dependent cache miss after another.
   */
  private fileAll(): void {
    const heads = this.heads;
    const n = this.journal;
    const start = new Int32Array(heads.length + 1);
    for (let j = 0; j < this.journalLength; j++) start[n[j * J_FIELDS + J_EID] + 1]++;
    for (let eid = 0; eid < heads.length; eid++) start[eid + 1] += start[eid];
    const next = start.slice(0, heads.length);
    const sorted = new Int32Array(this.journalLength);
    for (let j = 0; j < this.journalLength; j++) sorted[next[n[j * J_FIELDS + J_EID]]++] = j;
    for (let eid = 0; eid < heads.length; eid++) {
      if (heads[eid] < 0) continue;
      const s = (this.streams[eid] ??= new Stream(this.gens[eid]));
      // Only the entries since the stream was last filed (or made anew): the agent's last ones.
      for (let k = start[eid + 1] - this.unfiled[eid]; k < start[eid + 1]; k++) this.fileEntry(s, sorted[k]);
      heads[eid] = -1;
      this.unfiled[eid] = 0;
    }
    this.journalLength = 0;
    // Let go of the texts' parts (the streams hold what they kept).
    this.journalRefs.fill(null);
  }

  /** Drop the entry that is least worth keeping: lowest importance, oldest among equals. */
  private evict(eid: number): void {
    const s = this.filed(eid)!;
    s.remove(s.worst());
    this.lengths[eid]--;
    this.size--;
  }

  /** The longest stream (lowest id on ties), so a full store trims the agents that hold the most. */
  private longest(): number {
    let best = -1;
    for (let eid = 0; eid < this.gens.length; eid++) if (this.gens[eid] >= 0 && (best < 0 || this.lengths[eid] > this.lengths[best])) best = eid;
    return best;
  }

  /** An empty stream of generation `gen` (-1: none) for the id; its unfiled entries are left behind. */
  private reset(eid: number, gen: number): void {
    this.streams[eid] = undefined;
    this.gens[eid] = gen;
    this.lengths[eid] = 0;
    this.since[eid] = 0;
    this.heads[eid] = -1;
    this.unfiled[eid] = 0;
  }

  /** Room for ids up to `eid` in the per-id arrays. */
  private grow(eid: number): void {
    const n = Math.max(eid + 1, this.gens.length * 2, 64);
    const widen = <T extends Int32Array | Float64Array>(old: T, make: (n: number) => T, fill: number): T => {
      const a = make(n);
      a.set(old);
      a.fill(fill, old.length);
      return a;
    };
    this.gens = widen(this.gens, (k) => new Int32Array(k), -1);
    this.lengths = widen(this.lengths, (k) => new Int32Array(k), 0);
    this.since = widen(this.since, (k) => new Float64Array(k), 0);
    this.heads = widen(this.heads, (k) => new Int32Array(k), -1);
    this.unfiled = widen(this.unfiled, (k) => new Int32Array(k), 0);
  }

  drop(eid: number): void {
    if (!this.has(eid)) return;
    this.size -= this.lengths[eid];
    this.streamCount--;
    this.reset(eid, -1);
  }

  dueForReflection(eid: number): boolean {
    return this.has(eid) && this.since[eid] >= this.limits.reflectionThreshold;
  }

  /** Called when a reflection answer (or its failure) is applied: the count starts again. */
  reflected(eid: number): void {
    if (this.has(eid)) this.since[eid] = 0;
  }

  /**
   * The k most relevant memories for a query, best first. Score = recency + importance + relevance,
   * each scaled to [0, 1] (Park et al. sum the three with equal weights).
   */
  retrieve(eid: number, query: string, now: number, k: number, vectorOf?: (text: string) => Float32Array | undefined): Memory[] {
    const s = this.filed(eid);
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
    for (let eid = 0; eid < this.gens.length; eid++) {
      const s = this.filed(eid);
      if (!s) continue;
      const rows: [number, string, number, string][] = [];
      for (const i of s.order()) rows.push([s.tick(i), s.kind(i), s.importance(i), s.text(i, max)]);
      streams.push([eid, s.gen, this.since[eid], rows]);
    }
    return { streams };
  }

  load(data: unknown): void {
    const d = data as { streams?: unknown };
    if (!d || typeof d !== 'object' || !Array.isArray(d.streams)) throw new Error('memory section: expected { streams: [...] }');
    const next: (Stream | undefined)[] = [];
    const since: number[] = [];
    for (const row of d.streams) {
      if (!Array.isArray(row) || row.length !== 4 || !Number.isInteger(row[0]) || row[0] < 0 || !Number.isInteger(row[1]) || row[1] < 0 || typeof row[2] !== 'number' || !Array.isArray(row[3])) {
        throw new Error('memory section: each stream must be [id, generation (>= 0), sinceReflection, memories]');
      }
      const s = new Stream(row[1]);
      since[row[0]] = row[2];
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
    this.gens = new Int32Array(0);
    this.lengths = new Int32Array(0);
    this.since = new Float64Array(0);
    this.heads = new Int32Array(0);
    this.unfiled = new Int32Array(0);
    if (next.length > 0) this.grow(next.length - 1);
    this.streamCount = 0;
    this.size = 0;
    next.forEach((s, eid) => {
      if (!s) return;
      this.gens[eid] = s.gen;
      this.lengths[eid] = s.length;
      this.since[eid] = since[eid];
      this.streamCount++;
      this.size += s.length;
    });
    this.journalLength = 0;
    this.journalRefs.fill(null);
  }
}
