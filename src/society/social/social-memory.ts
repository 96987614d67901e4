// A small per-agent list of recent social events (conversations, marriages, births, deaths), the
// stand-in memory until the cognition layer's memory stream replaces it. Bounded per agent; an entry's
// `with` is an EntityRef, and one whose agent has died no longer resolves: every reader (recent, save,
// pointingAt) sees it as null, so no memory points at the dead. Resolving on read replaces a reverse
// index (who remembers whom) that every conversation paid for and only deaths used.

import type { EntityRef } from '../../engine/entities';
import { checkIndices, checkOffsets, savedArray, savedStrings, StringTable, Utf8Text, utf8Texts, Utf8Writer } from '../../engine/saved-arrays';
import { flatString } from '../../engine/strings';
import { resourceKey, type StateSection, type World } from '../../engine/world';

export interface SocialMemoryEntry {
  tick: number;
  kind: string;
  with: EntityRef | null;
  text: string;
}

export const SOCIAL_MEMORY_SIZE = 10;

export class SocialMemory implements StateSection {
  readonly name = 'social-memory';
  // Each agent's memories are a ring of SOCIAL_MEMORY_SIZE slots in typed columns indexed by
  // eid · SIZE + slot (texts in a parallel array): a conversation writes two memories, and an object
  // per memory plus one per ref and a list per agent cost more than the rest of the talk.
  private capacity = 0;
  /** Memories held, and the slot of the oldest, per agent. */
  private count = new Uint8Array(0);
  private head = new Uint8Array(0);
  private tick = new Uint32Array(0);
  private kind = new Uint16Array(0);
  private withId = new Int32Array(0);
  private withGen = new Uint32Array(0);
  private text: (string | undefined)[] = [];
  /** Kinds by index (a handful: 'conversation', 'family'...), and back. */
  private readonly kinds: string[] = [];
  private readonly kindIndex = new Map<string, number>();
  /**
   * Memories from a loaded save that nobody has asked for yet, kept as the saved columns: building
   * 330,000 entries (and their refs and texts) on load cost more than the rest of the section's load,
   * mostly in the garbage collector. An agent's ring is filled from them on first use (add, recent).
   */
  private pending: PendingMemories | null = null;

  constructor(private readonly world: World) {}

  add(eid: number, kind: string, text: string, other = -1): void {
    this.materialize(eid);
    if (eid >= this.capacity) this.grow(eid + 1);
    const n = this.count[eid];
    let slot: number;
    if (n < SOCIAL_MEMORY_SIZE) {
      slot = (this.head[eid] + n) % SOCIAL_MEMORY_SIZE;
      this.count[eid] = n + 1;
    } else {
      // Full: the oldest goes.
      slot = this.head[eid];
      this.head[eid] = (slot + 1) % SOCIAL_MEMORY_SIZE;
    }
    const i = eid * SOCIAL_MEMORY_SIZE + slot;
    this.tick[i] = this.world.tick;
    this.kind[i] = this.kindOf(kind);
    this.withId[i] = other;
    this.withGen[i] = other >= 0 ? this.world.entities.generation(other) : 0;
    this.text[i] = flatString(wellFormed(text.length > 300 ? text.slice(0, 300) : text));
  }

  /** Most recent last; a memory of someone who has died since no longer points at them. */
  recent(eid: number, n = SOCIAL_MEMORY_SIZE): readonly SocialMemoryEntry[] {
    this.materialize(eid);
    const held = eid < this.capacity ? this.count[eid] : 0;
    const out: SocialMemoryEntry[] = [];
    for (let k = Math.max(0, held - n); k < held; k++) {
      const i = this.slot(eid, k);
      const live = this.withId[i] >= 0 && this.resolves(this.withId[i], this.withGen[i]);
      out.push({ tick: this.tick[i], kind: this.kinds[this.kind[i]], with: live ? { id: this.withId[i], gen: this.withGen[i] } : null, text: this.text[i]! });
    }
    return out;
  }

  /** The dead's own memories go (others' memories of them stop resolving by themselves). */
  forget(ref: EntityRef): void {
    this.pending?.row.delete(ref.id);
    if (ref.id < this.capacity) this.clear(ref.id);
  }

  /** Column index of an agent's k-th memory, oldest first. */
  private slot(eid: number, k: number): number {
    return eid * SOCIAL_MEMORY_SIZE + ((this.head[eid] + k) % SOCIAL_MEMORY_SIZE);
  }

  private clear(eid: number): void {
    for (let k = 0; k < this.count[eid]; k++) this.text[this.slot(eid, k)] = undefined;
    this.count[eid] = 0;
    this.head[eid] = 0;
  }

  private kindOf(kind: string): number {
    let k = this.kindIndex.get(kind);
    if (k === undefined) {
      k = this.kinds.length;
      this.kinds.push(kind);
      this.kindIndex.set(kind, k);
    }
    return k;
  }

  private grow(agents: number): void {
    let cap = Math.max(64, this.capacity);
    while (cap < agents) cap *= 2;
    const widen = <T extends Uint8Array | Uint16Array | Uint32Array | Int32Array>(a: T, make: new (n: number) => T, n: number): T => {
      const b = new make(n);
      b.set(a);
      return b;
    };
    this.count = widen(this.count, Uint8Array, cap);
    this.head = widen(this.head, Uint8Array, cap);
    const slots = cap * SOCIAL_MEMORY_SIZE;
    this.tick = widen(this.tick, Uint32Array, slots);
    this.kind = widen(this.kind, Uint16Array, slots);
    this.withId = widen(this.withId, Int32Array, slots);
    this.withGen = widen(this.withGen, Uint32Array, slots);
    // Grown by pushes, not by setting the length: a long array of holes would turn into a dictionary.
    for (let i = this.text.length; i < slots; i++) this.text.push(undefined);
    this.capacity = cap;
  }

  /** Fill an agent's ring from the loaded columns, on its first use. */
  private materialize(eid: number): void {
    const p = this.pending;
    if (!p) return;
    const r = p.row.get(eid);
    if (r === undefined) return;
    p.row.delete(eid);
    if (p.row.size === 0) this.pending = null;
    if (eid >= this.capacity) this.grow(eid + 1);
    this.clear(eid);
    const from = p.offsets[r];
    const texts = utf8Texts(p.texts.bytes, p.textEnds, from, p.offsets[r + 1]);
    for (let j = from; j < p.offsets[r + 1]; j++) {
      const i = eid * SOCIAL_MEMORY_SIZE + (j - from);
      this.tick[i] = p.tick[j];
      this.kind[i] = this.kindOf(p.kinds[p.kind[j]]);
      this.withId[i] = p.withId[j];
      this.withGen[i] = p.withId[j] >= 0 ? p.withGen[j] : 0;
      this.text[i] = texts[j - from];
    }
    this.count[eid] = p.offsets[r + 1] - from;
  }

  private resolves(id: number, gen: number): boolean {
    return this.world.entities.isAlive(id) && this.world.entities.generation(id) === gen;
  }

  /** Every entry of `id`'s own and every entry that points at `id` (its current generation): for tests and the inspector. */
  pointingAt(id: number): number {
    let n = 0;
    for (let eid = 0; eid < this.capacity; eid++) {
      const held = this.count[eid];
      if (eid === id) n += held;
      for (let k = 0; k < held; k++) {
        const i = this.slot(eid, k);
        if (this.withId[i] === id && this.resolves(id, this.withGen[i])) n++;
      }
    }
    const p = this.pending;
    if (p) {
      for (const [eid, r] of p.row) {
        for (let i = p.offsets[r]; i < p.offsets[r + 1]; i++) if (eid === id || (p.withId[i] === id && this.resolves(id, p.withGen[i]))) n++;
      }
    }
    return n;
  }

  /**
   * Agents in id order, each one's memories (oldest first) at offsets[i]..offsets[i+1]; kinds through a
   * string table; the texts (nearly all different) one after another as UTF-8, memory i's ending at
   * byte textEnds[i]: no JSON string per text, and no 22 MiB string to join and encode at 100,000
   * agents. Agents whose loaded memories are still columns are copied from them, a byte run per agent.
   */
  save(): SavedSocialMemory {
    const p = this.pending;
    const agents: number[] = [];
    for (let eid = 0; eid < this.capacity; eid++) if (this.count[eid] > 0 && !p?.row.has(eid)) agents.push(eid);
    if (p) {
      for (const eid of p.row.keys()) agents.push(eid);
      agents.sort((a, b) => a - b);
    }
    let total = 0;
    /** Bytes of the texts if the built ones are ASCII (nearly all are): the writer then never grows, and a grown 40 MiB buffer cost more than writing. */
    let bytes = 0;
    for (const eid of agents) {
      const r = p?.row.get(eid);
      if (r === undefined) {
        total += this.count[eid];
        for (let k = 0; k < this.count[eid]; k++) bytes += this.text[this.slot(eid, k)]!.length;
      } else {
        const q = p!;
        total += q.offsets[r + 1] - q.offsets[r];
        if (q.offsets[r + 1] > q.offsets[r]) bytes += q.textEnds[q.offsets[r + 1] - 1] - (q.offsets[r] > 0 ? q.textEnds[q.offsets[r] - 1] : 0);
      }
    }
    const kinds = new StringTable();
    /** Kind indices (the ring's, then the pending columns') in the saved table (-1: not met yet), so the table's order is first use. */
    const ringKind = new Int32Array(this.kinds.length).fill(-1);
    const pendingKind = p ? new Int32Array(p.kinds.length).fill(-1) : new Int32Array(0);
    // Room for the writer's check of 3 bytes per character of the last text (texts are at most 300 characters).
    const texts = new Utf8Writer(bytes + 1024);
    const out: SavedSocialMemory = {
      agent: Int32Array.from(agents),
      offsets: new Uint32Array(agents.length + 1),
      tick: new Uint32Array(total),
      kind: new Uint32Array(total),
      withId: new Int32Array(total),
      withGen: new Uint32Array(total),
      kinds: kinds.strings,
      texts: new Utf8Text(new Uint8Array(0)),
      textEnds: new Uint32Array(total),
    };
    let at = 0;
    agents.forEach((eid, row) => {
      const r = p?.row.get(eid);
      if (r === undefined) {
        for (let k = 0; k < this.count[eid]; k++) {
          const i = this.slot(eid, k);
          out.tick[at] = this.tick[i];
          const kd = this.kind[i];
          if (ringKind[kd] < 0) ringKind[kd] = kinds.of(this.kinds[kd]);
          out.kind[at] = ringKind[kd];
          const live = this.withId[i] >= 0 && this.resolves(this.withId[i], this.withGen[i]);
          out.withId[at] = live ? this.withId[i] : -1;
          out.withGen[at] = live ? this.withGen[i] : 0;
          texts.write(this.text[i]!);
          out.textEnds[at] = texts.length;
          at++;
        }
      } else {
        const q = p!;
        const textStart = q.offsets[r] > 0 ? q.textEnds[q.offsets[r] - 1] : 0;
        const base = texts.length - textStart;
        for (let i = q.offsets[r]; i < q.offsets[r + 1]; i++) {
          out.tick[at] = q.tick[i];
          const k = q.kind[i];
          if (pendingKind[k] < 0) pendingKind[k] = kinds.of(q.kinds[k]);
          out.kind[at] = pendingKind[k];
          const live = q.withId[i] >= 0 && this.resolves(q.withId[i], q.withGen[i]);
          out.withId[at] = live ? q.withId[i] : -1;
          out.withGen[at] = live ? q.withGen[i] : 0;
          out.textEnds[at] = base + q.textEnds[i];
          at++;
        }
        texts.writeBytes(q.texts.bytes.subarray(textStart, q.offsets[r + 1] > 0 ? q.textEnds[q.offsets[r + 1] - 1] : 0));
      }
      out.offsets[row + 1] = at;
    });
    out.texts = new Utf8Text(texts.bytes());
    return out;
  }

  /** Checks everything a built list would (agents alive and listed once, at most SOCIAL_MEMORY_SIZE each, refs to the living), then keeps the columns. */
  load(data: unknown): void {
    const name = 'social-memory';
    if (!data || typeof data !== 'object' || Array.isArray(data)) throw new Error('social-memory section: expected {agent, offsets, tick, kind, withId, withGen, kinds, texts, textEnds}');
    const d = data as Record<string, unknown>;
    const agent = savedArray(d, 'agent', Int32Array, name);
    const offsets = savedArray(d, 'offsets', Uint32Array, name);
    const tick = savedArray(d, 'tick', Uint32Array, name);
    const total = tick.length;
    const kind = savedArray(d, 'kind', Uint32Array, name, total);
    const withId = savedArray(d, 'withId', Int32Array, name, total);
    const withGen = savedArray(d, 'withGen', Uint32Array, name, total);
    const kinds = savedStrings(d, 'kinds', name);
    if (!(d.texts instanceof Utf8Text)) throw new Error('social-memory section: texts must be UTF-8 text');
    const texts = d.texts;
    const bytes = texts.bytes;
    const textEnds = savedArray(d, 'textEnds', Uint32Array, name, total);
    for (let i = 0; i < total; i++) {
      const end = textEnds[i];
      if (end < (i > 0 ? textEnds[i - 1] : 0) || end > bytes.length) throw new Error(`social-memory section: memory ${i}'s text ends at ${end}, outside the texts`);
      // The bytes are checked UTF-8 as a whole (by the codec); a text must also end between two characters.
      if (end < bytes.length && (bytes[end] & 0xc0) === 0x80) throw new Error(`social-memory section: memory ${i}'s text ends inside a character`);
    }
    if ((total > 0 ? textEnds[total - 1] : 0) !== bytes.length) throw new Error('social-memory section: the texts are longer than the memories say');
    checkIndices(kind, kinds.length, 'social-memory section: memory kind');
    checkOffsets(offsets, agent.length, total, 'social-memory section: memory');
    const ents = this.world.entities;
    const row = new Map<number, number>();
    for (let r = 0; r < agent.length; r++) {
      const eid = agent[r];
      if (!ents.isAlive(eid)) throw new Error(`social-memory section: agent ${eid} is not alive`);
      if (row.has(eid)) throw new Error(`social-memory section: agent ${eid} listed twice`);
      if (offsets[r + 1] - offsets[r] > SOCIAL_MEMORY_SIZE) throw new Error(`social-memory section: agent ${eid} has more than ${SOCIAL_MEMORY_SIZE} memories`);
      for (let i = offsets[r]; i < offsets[r + 1]; i++) {
        if (withId[i] >= 0 && !this.resolves(withId[i], withGen[i])) throw new Error(`social-memory section: agent ${eid}: memory points at ${withId[i]}, not a living agent`);
      }
      row.set(eid, r);
    }
    for (let eid = 0; eid < this.capacity; eid++) if (this.count[eid] > 0) this.clear(eid);
    this.pending = { row, offsets, tick, kind, withId, withGen, kinds, texts, textEnds };
  }
}

/** Loaded memories not built into lists yet: the saved columns, and each pending agent's row. */
interface PendingMemories extends Omit<SavedSocialMemory, 'agent'> {
  row: Map<number, number>;
}

/** The saved memories (format version 2 on): typed arrays, the distinct kinds, and each memory's text. */
export interface SavedSocialMemory {
  agent: Int32Array;
  offsets: Uint32Array;
  tick: Uint32Array;
  kind: Uint32Array;
  withId: Int32Array;
  withGen: Uint32Array;
  kinds: string[];
  /** Every memory's text, one after another (UTF-8). */
  texts: Utf8Text;
  /** Where memory i's text ends, in bytes. */
  textEnds: Uint32Array;
}

/** A text UTF-8 can carry: a lone surrogate (e.g. a pair cut by the length limit) becomes U+FFFD, as it would in a save. */
function wellFormed(text: string): string {
  const s = text as string & { isWellFormed?: () => boolean; toWellFormed?: () => string };
  if (s.isWellFormed) return s.isWellFormed() ? text : s.toWellFormed!();
  return new TextDecoder().decode(new TextEncoder().encode(text));
}

export const SocialMemoryKey = resourceKey<SocialMemory>('socialMemory');
