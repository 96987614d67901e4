// Objects and buildings agents make (the prototype's create_object): placed in the world, seen by
// whoever comes near. A side table keyed by object id, with a coarse bucket index for radius
// queries. The creator is an EntityRef {id, gen}, so a recycled id never claims someone's work.

import type { EntityRef } from '../../engine/entities';
import { resourceKey, type StateSection, type World } from '../../engine/world';

export const OBJECT_KINDS = ['object', 'building'] as const;
export type ObjectKind = (typeof OBJECT_KINDS)[number];

export interface WorldObject {
  readonly id: number;
  readonly kind: ObjectKind;
  readonly description: string;
  readonly x: number;
  readonly y: number;
  readonly creator: EntityRef;
  readonly createdTick: number;
}

export const MAX_DESCRIPTION = 200;
const CELL = 8; // world units per index bucket

export class WorldObjects implements StateSection {
  readonly name = 'objects';
  private readonly byId = new Map<number, WorldObject>();
  private readonly cells = new Map<number, number[]>();
  private nextId = 1;

  get count(): number {
    return this.byId.size;
  }

  get(id: number): WorldObject | undefined {
    return this.byId.get(id);
  }

  all(): WorldObject[] {
    return [...this.byId.values()];
  }

  add(o: Omit<WorldObject, 'id'>): WorldObject {
    const obj: WorldObject = { ...o, id: this.nextId++ };
    this.insert(obj);
    return obj;
  }

  /** Objects within radius r of (x, y), nearest first (ties: lowest id). */
  near(x: number, y: number, r: number): WorldObject[] {
    const out: { o: WorldObject; d: number }[] = [];
    this.within(x, y, r, (o, d) => {
      out.push({ o, d });
      return false;
    });
    return out.sort((a, b) => a.d - b.d || a.o.id - b.o.id).map((e) => e.o);
  }

  /** Is there a building within half a unit of (x, y)? (No sorted list: a building's site search asks up to nine tiles.) */
  buildingAt(x: number, y: number, half: number): boolean {
    return this.within(x, y, half * Math.SQRT2, (o) => o.kind === 'building' && Math.abs(o.x - x) < half && Math.abs(o.y - y) < half);
  }

  /** Visit the objects within radius r of (x, y) (in no set order, with their squared distance) until `stop` says so; whether it did. */
  private within(x: number, y: number, r: number, stop: (o: WorldObject, d: number) => boolean): boolean {
    const c0 = Math.floor((x - r) / CELL);
    const c1 = Math.floor((x + r) / CELL);
    const r0 = Math.floor((y - r) / CELL);
    const r1 = Math.floor((y + r) / CELL);
    for (let cy = r0; cy <= r1; cy++) {
      for (let cx = c0; cx <= c1; cx++) {
        const ids = this.cells.get(cellKey(cx, cy));
        if (!ids) continue;
        for (const id of ids) {
          const o = this.byId.get(id)!;
          const d = (o.x - x) ** 2 + (o.y - y) ** 2;
          if (d <= r * r && stop(o, d)) return true;
        }
      }
    }
    return false;
  }

  /** Objects made by this (living or dead) person. */
  byCreator(ref: EntityRef): WorldObject[] {
    return [...this.byId.values()].filter((o) => o.creator.id === ref.id && o.creator.gen === ref.gen);
  }

  private insert(o: WorldObject): void {
    this.byId.set(o.id, o);
    const key = cellKey(Math.floor(o.x / CELL), Math.floor(o.y / CELL));
    let ids = this.cells.get(key);
    if (!ids) this.cells.set(key, (ids = []));
    ids.push(o.id);
  }

  save(): { nextId: number; objects: [number, string, string, number, number, number, number, number][] } {
    return {
      nextId: this.nextId,
      objects: [...this.byId.values()].map((o) => [o.id, o.kind, o.description, o.x, o.y, o.creator.id, o.creator.gen, o.createdTick]),
    };
  }

  load(data: unknown): void {
    const d = data as { nextId?: unknown; objects?: unknown };
    if (!d || typeof d !== 'object' || !Number.isInteger(d.nextId) || !Array.isArray(d.objects)) throw new Error('objects section: expected {nextId, objects}');
    const parsed: WorldObject[] = [];
    const seen = new Set<number>();
    for (const row of d.objects) {
      if (!Array.isArray(row) || row.length !== 8) throw new Error('objects section: each object must be [id, kind, description, x, y, creator id, creator gen, tick]');
      const [id, kind, description, x, y, cid, cgen, tick] = row;
      if (!Number.isInteger(id) || id < 1 || id >= (d.nextId as number) || seen.has(id)) throw new Error(`objects section: bad or repeated id ${String(id)}`);
      if (!(OBJECT_KINDS as readonly unknown[]).includes(kind)) throw new Error(`objects section: object ${id}: unknown kind "${String(kind)}"`);
      if (typeof description !== 'string' || description.length > MAX_DESCRIPTION) throw new Error(`objects section: object ${id}: description must be a string of at most ${MAX_DESCRIPTION} characters`);
      if (![x, y].every((v) => typeof v === 'number' && Number.isFinite(v))) throw new Error(`objects section: object ${id}: position must be finite numbers`);
      if (![cid, cgen, tick].every((v) => Number.isInteger(v) && v >= 0)) throw new Error(`objects section: object ${id}: creator and tick must be non-negative integers`);
      seen.add(id);
      parsed.push({ id, kind, description, x, y, creator: { id: cid, gen: cgen }, createdTick: tick });
    }
    this.byId.clear();
    this.cells.clear();
    for (const o of parsed) this.insert(o);
    this.nextId = d.nextId as number;
  }
}

function cellKey(cx: number, cy: number): number {
  return (cy + 0x8000) * 0x10000 + (cx + 0x8000);
}

export const ObjectsKey = resourceKey<WorldObjects>('objects');

/** Who made it, for prompts: the creator's name if still alive (same generation), else "someone". */
export function describeObject(world: World, o: WorldObject, creatorName: (eid: number) => string | undefined): string {
  const alive = world.entities.resolves(o.creator);
  const who = alive ? (creatorName(o.creator.id) ?? `agent ${o.creator.id}`) : 'someone no longer here';
  return `${o.kind === 'building' ? 'a building' : 'an object'}: ${o.description} (made by ${who})`;
}
