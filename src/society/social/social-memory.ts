// A small per-agent list of recent social events (conversations, marriages, births, deaths), the
// stand-in memory until the cognition layer's memory stream replaces it. Bounded per agent; an entry's
// `with` is an EntityRef, and one whose agent has died no longer resolves: every reader (recent, save,
// pointingAt) sees it as null, so no memory points at the dead. Resolving on read replaces a reverse
// index (who remembers whom) that every conversation paid for and only deaths used.

import type { EntityRef } from '../../engine/entities';
import { checkIndices, checkOffsets, savedArray, savedStrings, StringTable, Utf8Blocks, Utf8Text, Utf8Writer } from '../../engine/saved-arrays';
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
  /** A slot's text, or the index of a loaded memory whose text is still in the loaded bytes (see LoadedTexts). */
  private text: (string | number | undefined)[] = [];
  /** Kinds by index (a handful: 'conversation', 'family'...), and back. */
  private readonly kinds: string[] = [];
  private readonly kindIndex = new Map<string, number>();
  /**
   * Memories from a loaded save that nobody has asked for yet, kept as the saved columns: building
   * 330,000 entries (and their refs and texts) on load cost more than the rest of the section's load,
   * mostly in the garbage collector. An agent's ring is filled from them on first use (add, recent).
   */
  private pending: PendingMemories | null = null;
  /**
   * The loaded memories' texts, read only when asked for (recent, save): a tick adds memories but
   * never reads one, and decoding 330,000 texts, or even inflating them (see Utf8Blocks), cost a
   * load more than the rest of the section.
   */
  private loaded: LoadedTexts | null = null;

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
    this.dropText(i);
    this.tick[i] = this.world.tick;
    this.kind[i] = this.kindOf(kind);
    this.withId[i] = other;
    this.withGen[i] = other >= 0 ? this.world.entities.generation(other) : 0;
    this.text[i] = flatString(wellFormed(text.length > 300 ? text.slice(0, 300) : text));
  }

  /**
   * Most recent last; a memory of someone who has died since no longer points at them. Throws if a
   * loaded text turns out damaged when first read (see Utf8Blocks).
   */
  recent(eid: number, n = SOCIAL_MEMORY_SIZE): readonly SocialMemoryEntry[] {
    this.materialize(eid);
    const held = eid < this.capacity ? this.count[eid] : 0;
    const out: SocialMemoryEntry[] = [];
    for (let k = Math.max(0, held - n); k < held; k++) {
      const i = this.slot(eid, k);
      const live = this.withId[i] >= 0 && this.resolves(this.withId[i], this.withGen[i]);
      out.push({ tick: this.tick[i], kind: this.kinds[this.kind[i]], with: live ? { id: this.withId[i], gen: this.withGen[i] } : null, text: this.textAt(i) });
    }
    return out;
  }

  /** The dead's own memories go (others' memories of them stop resolving by themselves). */
  forget(ref: EntityRef): void {
    const p = this.pending;
    if (p && ref.id < p.rowOf.length && p.rowOf[ref.id] >= 0) this.unpend(p, ref.id);
    if (ref.id < this.capacity) this.clear(ref.id);
  }

  /** Column index of an agent's k-th memory, oldest first. */
  private slot(eid: number, k: number): number {
    return eid * SOCIAL_MEMORY_SIZE + ((this.head[eid] + k) % SOCIAL_MEMORY_SIZE);
  }

  private clear(eid: number): void {
    for (let k = 0; k < this.count[eid]; k++) {
      const i = this.slot(eid, k);
      this.dropText(i);
      this.text[i] = undefined;
    }
    this.count[eid] = 0;
    this.head[eid] = 0;
  }

  /** A slot's text, read from the loaded bytes (once) if it is still there. */
  private textAt(i: number): string {
    const t = this.text[i]!;
    if (typeof t === 'string') return t;
    const text = fromUtf8.decode(this.loadedBytes(t, t + 1));
    this.dropText(i);
    this.text[i] = text;
    return text;
  }

  /** A slot is about to stop referring to a loaded text: once none does, the loaded bytes go. */
  private dropText(i: number): void {
    const l = this.loaded;
    if (l === null || typeof this.text[i] !== 'number') return;
    if (--l.refs === 0 && this.pending === null) this.loaded = null;
  }

  /**
   * The bytes of loaded memories [from, to)'s texts, each checked to start and end between two
   * characters (the texts as a whole were checked UTF-8 by the codec, or are when a block is read).
   */
  private loadedBytes(from: number, to: number): Uint8Array {
    const { texts, ends } = this.loaded!;
    const start = from > 0 ? ends[from - 1] : 0;
    const end = to > from ? ends[to - 1] : start;
    const bytes = texts.read(start, end);
    for (let j = from; j < to; j++) {
      const at = j > 0 ? ends[j - 1] : 0;
      if (at < ends[j] && (bytes[at - start] & 0xc0) === 0x80) throw new Error(`social-memory section: memory ${j}'s text starts inside a character (damaged file)`);
    }
    if (end < texts.length && (texts.read(end, end + 1)[0] & 0xc0) === 0x80) throw new Error(`social-memory section: memory ${to - 1}'s text ends inside a character (damaged file)`);
    return bytes;
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

  /** An agent's loaded memories are no longer pending (built into its ring, or the agent died). */
  private unpend(p: PendingMemories, eid: number): void {
    p.rowOf[eid] = -1;
    if (--p.left === 0) {
      this.pending = null;
      if (this.loaded?.refs === 0) this.loaded = null;
    }
  }

  /** Fill an agent's ring from the loaded columns, on its first use; its texts stay where they are until read. */
  private materialize(eid: number): void {
    const p = this.pending;
    if (!p || eid >= p.rowOf.length) return;
    const r = p.rowOf[eid];
    if (r < 0) return;
    if (eid >= this.capacity) this.grow(eid + 1);
    this.clear(eid);
    const from = p.offsets[r];
    for (let j = from; j < p.offsets[r + 1]; j++) {
      const i = eid * SOCIAL_MEMORY_SIZE + (j - from);
      this.tick[i] = p.tick[j];
      this.kind[i] = this.kindOf(p.kinds[p.kind[j]]);
      this.withId[i] = p.withId[j];
      this.withGen[i] = p.withId[j] >= 0 ? p.withGen[j] : 0;
      this.text[i] = j;
    }
    this.count[eid] = p.offsets[r + 1] - from;
    this.loaded!.refs += this.count[eid];
    this.unpend(p, eid);
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
      for (let r = 0; r < p.agent.length; r++) {
        const eid = p.agent[r];
        if (p.rowOf[eid] !== r) continue;
        for (let i = p.offsets[r]; i < p.offsets[r + 1]; i++) if (eid === id || (p.withId[i] === id && this.resolves(id, p.withGen[i]))) n++;
      }
    }
    return n;
  }

  /**
   * Agents in id order, each one's memories (oldest first) at offsets[i]..offsets[i+1]; kinds through a
   * string table; the texts (nearly all different) one after another as UTF-8, memory i's ending at
   * byte textEnds[i]: no JSON string per text, and no 22 MiB string to join and encode at 100,000
   * agents. Loaded texts not read since are copied as bytes, a run per agent still pending.
   */
  save(): SavedSocialMemory {
    const p = this.pending;
    const l = this.loaded;
    const ends = l?.ends ?? new Uint32Array(0);
    const startOf = (j: number) => (j > 0 ? ends[j - 1] : 0);
    const rowOf = (eid: number) => (p && eid < p.rowOf.length ? p.rowOf[eid] : -1);
    const agents: number[] = [];
    let total = 0;
    /** Bytes of the texts if the built ones are ASCII (nearly all are): the writer then never grows, and a grown 40 MiB buffer cost more than writing. */
    let bytes = 0;
    for (let eid = 0; eid < Math.max(this.capacity, p?.rowOf.length ?? 0); eid++) {
      const r = rowOf(eid);
      if (r >= 0) {
        agents.push(eid);
        total += p!.offsets[r + 1] - p!.offsets[r];
        bytes += startOf(p!.offsets[r + 1]) - startOf(p!.offsets[r]);
      } else if (eid < this.capacity && this.count[eid] > 0) {
        agents.push(eid);
        total += this.count[eid];
        for (let k = 0; k < this.count[eid]; k++) {
          const t = this.text[this.slot(eid, k)]!;
          bytes += typeof t === 'string' ? t.length : ends[t] - startOf(t);
        }
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
      const r = rowOf(eid);
      if (r < 0) {
        for (let k = 0; k < this.count[eid]; k++) {
          const i = this.slot(eid, k);
          out.tick[at] = this.tick[i];
          const kd = this.kind[i];
          if (ringKind[kd] < 0) ringKind[kd] = kinds.of(this.kinds[kd]);
          out.kind[at] = ringKind[kd];
          const live = this.withId[i] >= 0 && this.resolves(this.withId[i], this.withGen[i]);
          out.withId[at] = live ? this.withId[i] : -1;
          out.withGen[at] = live ? this.withGen[i] : 0;
          const t = this.text[i]!;
          if (typeof t === 'string') texts.write(t);
          else texts.writeBytes(this.loadedBytes(t, t + 1));
          out.textEnds[at] = texts.length;
          at++;
        }
      } else {
        const q = p!;
        const base = texts.length - startOf(q.offsets[r]);
        for (let i = q.offsets[r]; i < q.offsets[r + 1]; i++) {
          out.tick[at] = q.tick[i];
          const k = q.kind[i];
          if (pendingKind[k] < 0) pendingKind[k] = kinds.of(q.kinds[k]);
          out.kind[at] = pendingKind[k];
          const live = q.withId[i] >= 0 && this.resolves(q.withId[i], q.withGen[i]);
          out.withId[at] = live ? q.withId[i] : -1;
          out.withGen[at] = live ? q.withGen[i] : 0;
          out.textEnds[at] = base + ends[i];
          at++;
        }
        texts.writeBytes(this.loadedBytes(q.offsets[r], q.offsets[r + 1]));
      }
      out.offsets[row + 1] = at;
    });
    out.texts = new Utf8Text(texts.bytes());
    return out;
  }

  /**
   * Checks what a built list would need (agents alive and listed once, at most SOCIAL_MEMORY_SIZE each,
   * refs to the living, texts' ends in order and inside the texts), then keeps the columns. Texts kept
   * deflated in blocks are checked (UTF-8, each text between characters) when first read: see Utf8Blocks.
   */
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
    if (!(d.texts instanceof Utf8Text || d.texts instanceof Utf8Blocks)) throw new Error('social-memory section: texts must be UTF-8 text');
    const texts = d.texts;
    const length = texts.length;
    const textEnds = savedArray(d, 'textEnds', Uint32Array, name, total);
    for (let i = 0; i < total; i++) {
      const end = textEnds[i];
      if (end < (i > 0 ? textEnds[i - 1] : 0) || end > length) throw new Error(`social-memory section: memory ${i}'s text ends at ${end}, outside the texts`);
    }
    if ((total > 0 ? textEnds[total - 1] : 0) !== length) throw new Error('social-memory section: the texts are longer than the memories say');
    if (texts instanceof Utf8Text) {
      // Bytes at hand (a text stored whole, checked UTF-8 by the codec): a text must also end between two characters.
      const bytes = texts.bytes;
      for (let i = 0; i < total; i++) if (textEnds[i] < length && (bytes[textEnds[i]] & 0xc0) === 0x80) throw new Error(`social-memory section: memory ${i}'s text ends inside a character`);
    }
    checkIndices(kind, kinds.length, 'social-memory section: memory kind');
    checkOffsets(offsets, agent.length, total, 'social-memory section: memory');
    const ents = this.world.entities;
    let maxEid = -1;
    for (let r = 0; r < agent.length; r++) {
      const eid = agent[r];
      if (!ents.isAlive(eid)) throw new Error(`social-memory section: agent ${eid} is not alive`);
      if (eid > maxEid) maxEid = eid;
    }
    const rowOf = new Int32Array(maxEid + 1).fill(-1);
    for (let r = 0; r < agent.length; r++) {
      const eid = agent[r];
      if (rowOf[eid] >= 0) throw new Error(`social-memory section: agent ${eid} listed twice`);
      if (offsets[r + 1] - offsets[r] > SOCIAL_MEMORY_SIZE) throw new Error(`social-memory section: agent ${eid} has more than ${SOCIAL_MEMORY_SIZE} memories`);
      for (let i = offsets[r]; i < offsets[r + 1]; i++) {
        if (withId[i] >= 0 && !this.resolves(withId[i], withGen[i])) throw new Error(`social-memory section: agent ${eid}: memory points at ${withId[i]}, not a living agent`);
      }
      rowOf[eid] = r;
    }
    for (let eid = 0; eid < this.capacity; eid++) if (this.count[eid] > 0) this.clear(eid);
    this.pending = agent.length > 0 ? { agent, rowOf, left: agent.length, offsets, tick, kind, withId, withGen, kinds } : null;
    this.loaded = agent.length > 0 ? { texts, ends: textEnds, refs: 0 } : null;
  }
}

/** Loaded memories not built into lists yet: the saved columns, and each pending agent's row (-1: none) by id. */
interface PendingMemories extends Omit<SavedSocialMemory, 'texts' | 'textEnds'> {
  rowOf: Int32Array;
  /** Agents still pending. */
  left: number;
}

/** The loaded memories' texts, and how many ring slots still refer to one of them. */
interface LoadedTexts {
  texts: Utf8Text | Utf8Blocks;
  ends: Uint32Array;
  refs: number;
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

const fromUtf8 = new TextDecoder('utf-8', { fatal: true });

export const SocialMemoryKey = resourceKey<SocialMemory>('socialMemory');
