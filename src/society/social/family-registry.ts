// The family registry: families (a surname line with members and generations), households (who
// lives and pools money together; every agent belongs to exactly one), and kinship links (spouse,
// parents, children in birth order, siblings) held as EntityRefs and kept consistent from both sides:
// if a lists b as a child, b lists a as a parent. Also the day's demographic counters for the metrics.

import type { EntityRef } from '../../engine/entities';
import { resourceKey, type StateSection, type World } from '../../engine/world';
import { Kin } from './components';

export interface Family {
  id: number;
  surname: string;
  foundedTick: number;
  /** Living members, by id. */
  members: Set<number>;
  deceased: number;
  traditions: string[];
}

export interface KinLinks {
  spouse: EntityRef | null;
  parents: EntityRef[];
  /** Oldest first. */
  children: EntityRef[];
  siblings: EntityRef[];
}

export interface DayCounters {
  births: number;
  marriages: number;
  deaths: Record<string, number>;
}

export const TRADITIONS = [
  'weekly_family_dinner', 'annual_reunion', 'charity_work', 'religious_observance', 'craft_making', 'storytelling',
  'music_performance', 'sports_competition', 'academic_achievement', 'business_entrepreneurship', 'community_service', 'nature_appreciation',
] as const;

const emptyDay = (): DayCounters => ({ births: 0, marriages: 0, deaths: {} });

export class FamilyRegistry implements StateSection {
  readonly name = 'families';
  readonly families = new Map<number, Family>();
  /** Surnames in use (families are never dropped), so a new family finds a free name without a scan. */
  private readonly surnames = new Set<string>();
  readonly households = new Map<number, number[]>();
  private readonly kin = new Map<number, KinLinks>();
  private nextFamily = 1;
  private nextHousehold = 1;
  today: DayCounters = emptyDay();

  constructor(private readonly world: World) {}

  links(eid: number): KinLinks {
    let k = this.kin.get(eid);
    if (!k) this.kin.set(eid, (k = { spouse: null, parents: [], children: [], siblings: [] }));
    return k;
  }

  /** The living ids of a list of refs. */
  living(refs: readonly EntityRef[]): number[] {
    return refs.filter((r) => this.world.entities.resolves(r)).map((r) => r.id);
  }

  spouseOf(eid: number): number {
    const s = this.kin.get(eid)?.spouse;
    return s && this.world.entities.resolves(s) ? s.id : -1;
  }

  childrenOf(eid: number): number[] {
    return this.living(this.kin.get(eid)?.children ?? []);
  }

  parentsOf(eid: number): number[] {
    return this.living(this.kin.get(eid)?.parents ?? []);
  }

  siblingsOf(eid: number): number[] {
    return this.living(this.kin.get(eid)?.siblings ?? []);
  }

  isKin(a: number, b: number): boolean {
    const k = this.kin.get(a);
    if (!k) return false;
    // Loops rather than a named closure: this runs in the heuristic brain's hot path.
    if (k.spouse?.id === b) return true;
    for (const list of [k.parents, k.children, k.siblings]) for (let i = 0; i < list.length; i++) if (list[i].id === b) return true;
    return false;
  }

  // ---- households ----

  householdOf(eid: number): number {
    return this.world.store(Kin).household[eid];
  }

  householdMembers(id: number): readonly number[] {
    return this.households.get(id) ?? [];
  }

  newHousehold(members: number[]): number {
    const id = this.nextHousehold++;
    this.households.set(id, []);
    for (const m of members) this.moveToHousehold(m, id);
    return id;
  }

  moveToHousehold(eid: number, id: number): void {
    const kin = this.world.store(Kin);
    const old = kin.household[eid];
    if (old === id) return;
    if (old) {
      const list = this.households.get(old);
      if (list) {
        const i = list.indexOf(eid);
        if (i >= 0) list.splice(i, 1);
        if (list.length === 0) this.households.delete(old);
      }
    }
    const target = this.households.get(id);
    if (!target) throw new Error(`household ${id} does not exist`);
    target.push(eid);
    kin.household[eid] = id;
  }

  // ---- families ----

  newFamily(surname: string, traditions: string[]): Family {
    let name = surname;
    for (let n = 2; this.surnames.has(name); n++) name = `${surname}-${n}`;
    const f: Family = { id: this.nextFamily++, surname: name, foundedTick: this.world.tick, members: new Set(), deceased: 0, traditions };
    this.families.set(f.id, f);
    this.surnames.add(name);
    return f;
  }

  joinFamily(eid: number, id: number): void {
    const kin = this.world.store(Kin);
    const old = kin.family[eid];
    if (old === id) return;
    if (old) this.families.get(old)?.members.delete(eid);
    this.families.get(id)!.members.add(eid);
    kin.family[eid] = id;
  }

  familyOf(eid: number): Family | undefined {
    return this.families.get(this.world.store(Kin).family[eid]);
  }

  // ---- death ----

  /** Drop every link to the dead, from both sides; their household and family lose them. */
  remove(eid: number): void {
    const ref = this.world.entities.ref(eid);
    const k = this.kin.get(eid);
    const drop = (list: EntityRef[]) => {
      const i = list.findIndex((r) => r.id === ref.id && r.gen === ref.gen);
      if (i >= 0) list.splice(i, 1);
    };
    if (k) {
      if (k.spouse) {
        const s = this.kin.get(k.spouse.id);
        if (s?.spouse && s.spouse.id === eid) {
          s.spouse = null;
          this.world.store(Kin).married[k.spouse.id] = 0;
        }
      }
      for (const p of k.parents) {
        const pk = this.kin.get(p.id);
        if (pk) drop(pk.children);
      }
      for (const c of k.children) {
        const ck = this.kin.get(c.id);
        if (ck) drop(ck.parents);
      }
      for (const s of k.siblings) {
        const sk = this.kin.get(s.id);
        if (sk) drop(sk.siblings);
      }
      this.kin.delete(eid);
    }
    const kin = this.world.store(Kin);
    const fam = this.families.get(kin.family[eid]);
    if (fam) {
      fam.members.delete(eid);
      fam.deceased++;
    }
    const hh = this.households.get(kin.household[eid]);
    const at = hh ? hh.indexOf(eid) : -1;
    if (hh && at >= 0) {
      hh.splice(at, 1);
      if (hh.length === 0) this.households.delete(kin.household[eid]);
    }
  }

  /** Every link, family membership or household slot that names `id` (any generation): for tests. */
  pointingAt(id: number): number {
    let n = this.kin.has(id) ? 1 : 0;
    for (const k of this.kin.values()) {
      if (k.spouse?.id === id) n++;
      for (const list of [k.parents, k.children, k.siblings]) n += list.filter((r) => r.id === id).length;
    }
    for (const f of this.families.values()) if (f.members.has(id)) n++;
    for (const h of this.households.values()) if (h.includes(id)) n++;
    return n;
  }

  // ---- save / load ----

  save(): unknown {
    const ents = this.world.entities;
    const ref = (id: number): [number, number] => [id, ents.generation(id)];
    const refs = (list: EntityRef[]) => list.map((r) => [r.id, r.gen]);
    return {
      nextFamily: this.nextFamily,
      nextHousehold: this.nextHousehold,
      families: [...this.families.values()]
        .sort((a, b) => a.id - b.id)
        .map((f) => [f.id, f.surname, f.foundedTick, f.deceased, f.traditions, [...f.members].sort((a, b) => a - b).map(ref)]),
      households: [...this.households].sort(([a], [b]) => a - b).map(([id, m]) => [id, m.map(ref)]),
      kin: [...this.kin]
        .sort(([a], [b]) => a - b)
        .map(([id, k]) => [id, ents.generation(id), k.spouse ? [k.spouse.id, k.spouse.gen] : null, refs(k.parents), refs(k.children), refs(k.siblings)]),
      today: { births: this.today.births, marriages: this.today.marriages, deaths: Object.fromEntries(Object.entries(this.today.deaths).sort(([a], [b]) => (a < b ? -1 : 1))) },
    };
  }

  load(data: unknown): void {
    const fail = (msg: string): never => {
      throw new Error(`families section: ${msg}`);
    };
    const d = data as Record<string, unknown>;
    if (!d || typeof d !== 'object' || Array.isArray(d)) fail('expected an object');
    const ents = this.world.entities;
    const kinStore = this.world.store(Kin);
    const int = (v: unknown, what: string): number => (Number.isSafeInteger(v) && (v as number) >= 0 ? (v as number) : fail(`${what} must be a non-negative integer`));
    const liveRef = (v: unknown, what: string): EntityRef => {
      if (!Array.isArray(v) || v.length !== 2) return fail(`${what} must be [id, generation]`);
      const r = { id: int(v[0], what), gen: int(v[1], what) };
      if (!ents.resolves(r)) fail(`${what} ${r.id} (generation ${r.gen}) is not a living agent`);
      return r;
    };
    const nextFamily = int(d.nextFamily, 'nextFamily');
    const nextHousehold = int(d.nextHousehold, 'nextHousehold');
    if (!Array.isArray(d.families) || !Array.isArray(d.households) || !Array.isArray(d.kin)) fail('families, households and kin must be lists');
    const families = new Map<number, Family>();
    for (const f of d.families as unknown[]) {
      if (!Array.isArray(f) || f.length !== 6 || typeof f[1] !== 'string' || !Array.isArray(f[4]) || !Array.isArray(f[5])) fail('each family must be [id, surname, foundedTick, deceased, traditions, members]');
      const row = f as unknown[];
      const id = int(row[0], 'family id');
      if (id === 0 || id >= nextFamily || families.has(id)) fail(`family id ${id} is out of range or repeated`);
      const members = new Set<number>();
      for (const m of row[5] as unknown[]) {
        const r = liveRef(m, `family ${id} member`);
        if (kinStore.family[r.id] !== id) fail(`family ${id} lists agent ${r.id}, whose Kin.family is ${kinStore.family[r.id]}`);
        members.add(r.id);
      }
      const traditions = (row[4] as unknown[]).map((t) => (typeof t === 'string' ? t : fail(`family ${id}: traditions must be strings`)));
      families.set(id, { id, surname: row[1] as string, foundedTick: int(row[2], 'foundedTick'), deceased: int(row[3], 'deceased'), members, traditions });
    }
    const households = new Map<number, number[]>();
    const housed = new Set<number>();
    for (const h of d.households as unknown[]) {
      if (!Array.isArray(h) || h.length !== 2 || !Array.isArray(h[1])) fail('each household must be [id, members]');
      const row = h as unknown[];
      const id = int(row[0], 'household id');
      if (id === 0 || id >= nextHousehold || households.has(id)) fail(`household id ${id} is out of range or repeated`);
      const members: number[] = [];
      for (const m of row[1] as unknown[]) {
        const r = liveRef(m, `household ${id} member`);
        if (kinStore.household[r.id] !== id || housed.has(r.id)) fail(`household ${id} lists agent ${r.id}, who lives in household ${kinStore.household[r.id]}`);
        housed.add(r.id);
        members.push(r.id);
      }
      households.set(id, members);
    }
    const kin = new Map<number, KinLinks>();
    for (const k of d.kin as unknown[]) {
      if (!Array.isArray(k) || k.length !== 6 || !Array.isArray(k[3]) || !Array.isArray(k[4]) || !Array.isArray(k[5])) fail('each kin entry must be [id, generation, spouse, parents, children, siblings]');
      const row = k as unknown[];
      const self = liveRef([row[0], row[1]], 'kin entry');
      if (kin.has(self.id)) fail(`kin entry ${self.id} repeated`);
      const list = (v: unknown[], what: string) => v.map((r) => liveRef(r, `agent ${self.id}'s ${what}`));
      kin.set(self.id, {
        spouse: row[2] === null ? null : liveRef(row[2], `agent ${self.id}'s spouse`),
        parents: list(row[3] as unknown[], 'parent'),
        children: list(row[4] as unknown[], 'child'),
        siblings: list(row[5] as unknown[], 'sibling'),
      });
    }
    // Both sides must agree.
    for (const [id, k] of kin) {
      const back = (r: EntityRef, pick: (o: KinLinks) => EntityRef[] | EntityRef | null, what: string) => {
        const o = kin.get(r.id);
        const v = o ? pick(o) : null;
        const has = Array.isArray(v) ? v.some((x) => x.id === id) : v?.id === id;
        if (!has) fail(`agent ${id} lists ${r.id} as ${what}, but not the other way round`);
      };
      if (k.spouse) back(k.spouse, (o) => o.spouse, 'spouse');
      for (const p of k.parents) back(p, (o) => o.children, 'parent');
      for (const c of k.children) back(c, (o) => o.parents, 'child');
      for (const s of k.siblings) back(s, (o) => o.siblings, 'sibling');
    }
    const t = d.today as Record<string, unknown>;
    if (!t || typeof t !== 'object' || typeof t.deaths !== 'object' || t.deaths === null) fail('today must be {births, marriages, deaths}');
    const deaths: Record<string, number> = {};
    for (const [cause, n] of Object.entries(t.deaths as object)) deaths[cause] = int(n, `deaths.${cause}`);
    const today = { births: int(t.births, 'today.births'), marriages: int(t.marriages, 'today.marriages'), deaths };

    this.families.clear();
    this.surnames.clear();
    for (const [k, v] of families) {
      this.families.set(k, v);
      this.surnames.add(v.surname);
    }
    this.households.clear();
    for (const [k, v] of households) this.households.set(k, v);
    this.kin.clear();
    for (const [k, v] of kin) this.kin.set(k, v);
    this.nextFamily = nextFamily;
    this.nextHousehold = nextHousehold;
    this.today = today;
  }
}

export const Families = resourceKey<FamilyRegistry>('families');
