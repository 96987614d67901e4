// A small per-agent list of recent social events (conversations, marriages, births, deaths), the
// stand-in memory until the cognition layer's memory stream replaces it. Bounded per agent; an entry's
// `with` is an EntityRef, cleared when that agent dies, so no memory points at the dead.

import type { EntityRef } from '../../engine/entities';
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
  private readonly byAgent = new Map<number, SocialMemoryEntry[]>();
  /** Who may hold a memory pointing at an id (a superset: entries can have scrolled out), so a death visits only them. */
  private readonly rememberedBy = new Map<number, Set<number>>();

  constructor(private readonly world: World) {}

  add(eid: number, kind: string, text: string, other = -1): void {
    let list = this.byAgent.get(eid);
    if (!list) this.byAgent.set(eid, (list = []));
    list.push({ tick: this.world.tick, kind, with: other >= 0 ? this.world.entities.ref(other) : null, text: text.slice(0, 300) });
    if (other >= 0) this.noteRemembers(eid, other);
    if (list.length > SOCIAL_MEMORY_SIZE) list.shift();
  }

  /** Most recent last. */
  recent(eid: number, n = SOCIAL_MEMORY_SIZE): readonly SocialMemoryEntry[] {
    return (this.byAgent.get(eid) ?? []).slice(-n);
  }

  /** The dead's own memories go; others keep what happened but no longer point at the dead. */
  forget(ref: EntityRef): void {
    this.byAgent.delete(ref.id);
    const holders = this.rememberedBy.get(ref.id);
    if (!holders) return;
    this.rememberedBy.delete(ref.id);
    for (const eid of holders) {
      const list = this.byAgent.get(eid);
      if (list) for (const m of list) if (m.with && m.with.id === ref.id && m.with.gen === ref.gen) m.with = null;
    }
  }

  private noteRemembers(eid: number, other: number): void {
    let holders = this.rememberedBy.get(other);
    if (!holders) this.rememberedBy.set(other, (holders = new Set()));
    holders.add(eid);
  }

  /** Every entry pointing at `id` (any generation): for tests and the inspector. */
  pointingAt(id: number): number {
    let n = 0;
    for (const [eid, list] of this.byAgent) {
      if (eid === id) n += list.length;
      for (const m of list) if (m.with?.id === id) n++;
    }
    return n;
  }

  save(): [number, [number, string, number, number, string][]][] {
    return [...this.byAgent]
      .sort(([a], [b]) => a - b)
      .map(([eid, list]) => [eid, list.map((m) => [m.tick, m.kind, m.with ? m.with.id : -1, m.with ? m.with.gen : 0, m.text] as [number, string, number, number, string])]);
  }

  load(data: unknown): void {
    if (!Array.isArray(data)) throw new Error('social-memory section: expected a list');
    const ents = this.world.entities;
    const next = new Map<number, SocialMemoryEntry[]>();
    for (const row of data) {
      if (!Array.isArray(row) || row.length !== 2 || !Number.isInteger(row[0]) || !Array.isArray(row[1])) throw new Error('social-memory section: each entry must be [id, memories]');
      const eid = row[0] as number;
      if (!ents.isAlive(eid)) throw new Error(`social-memory section: agent ${eid} is not alive`);
      if (next.has(eid)) throw new Error(`social-memory section: agent ${eid} listed twice`);
      if (row[1].length > SOCIAL_MEMORY_SIZE) throw new Error(`social-memory section: agent ${eid} has more than ${SOCIAL_MEMORY_SIZE} memories`);
      const list: SocialMemoryEntry[] = [];
      for (const m of row[1] as unknown[]) {
        if (!Array.isArray(m) || m.length !== 5 || !Number.isInteger(m[0]) || typeof m[1] !== 'string' || !Number.isInteger(m[2]) || !Number.isInteger(m[3]) || typeof m[4] !== 'string') {
          throw new Error(`social-memory section: agent ${eid}: each memory must be [tick, kind, withId, withGen, text]`);
        }
        const withRef = m[2] >= 0 ? { id: m[2] as number, gen: m[3] as number } : null;
        if (withRef && !ents.resolves(withRef)) throw new Error(`social-memory section: agent ${eid}: memory points at ${withRef.id}, not a living agent`);
        list.push({ tick: m[0], kind: m[1], with: withRef, text: m[4] });
      }
      next.set(eid, list);
    }
    this.byAgent.clear();
    this.rememberedBy.clear();
    for (const [k, v] of next) {
      this.byAgent.set(k, v);
      for (const m of v) if (m.with) this.noteRemembers(k, m.with.id);
    }
  }
}

export const SocialMemoryKey = resourceKey<SocialMemory>('socialMemory');
