// The family registry: families (a surname line with members and generations), households (who
// lives and pools money together; every agent belongs to exactly one), and kinship links (spouse,
// parents, children in birth order, siblings) held as EntityRefs and kept consistent from both sides:
// if a lists b as a child, b lists a as a parent. Also the day's demographic counters for the metrics.

import type { EntityRef } from '../../engine/entities';
import { checkIndices, checkOffsets, savedArray, savedStrings, sortedKeys, StringTable } from '../../engine/saved-arrays';
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

const NO_REFS: readonly EntityRef[] = [];

export class FamilyRegistry implements StateSection {
  readonly name = 'families';
  readonly families = new Map<number, Family>();
  /** Surnames in use (families are never dropped), so a new family finds a free name without a scan. */
  private readonly surnames = new Set<string>();
  /** Where newFamily's search for a free suffix of a surname resumes (derived, not saved). */
  private readonly nextSuffix = new Map<string, number>();
  /** Household id → its members. */
  private householdsById = new Map<number, number[]>();
  private kin = new Map<number, KinLinks>();
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

  /** The links to eid's children, the dead's too (childrenOf without the lists); no entry is made. */
  childRefs(eid: number): readonly EntityRef[] {
    return this.kin.get(eid)?.children ?? NO_REFS;
  }

  /** childrenOf(eid).length without the list (the daily reproduction pass asks it of every fertile couple). */
  livingChildren(eid: number): number {
    const refs = this.kin.get(eid)?.children;
    if (!refs) return 0;
    let n = 0;
    for (let i = 0; i < refs.length; i++) if (this.world.entities.resolves(refs[i])) n++;
    return n;
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

  /** Every household by id, in the order they were founded. */
  get households(): ReadonlyMap<number, readonly number[]> {
    return this.householdsById;
  }

  householdOf(eid: number): number {
    return this.world.store(Kin).household[eid];
  }

  householdMembers(id: number): readonly number[] {
    return this.householdsById.get(id) ?? [];
  }

  newHousehold(members: number[]): number {
    const id = this.nextHousehold++;
    this.householdsById.set(id, []);
    for (const m of members) this.moveToHousehold(m, id);
    return id;
  }

  moveToHousehold(eid: number, id: number): void {
    const kin = this.world.store(Kin);
    const old = kin.household[eid];
    if (old === id) return;
    if (old) {
      const list = this.householdsById.get(old);
      if (list) {
        const i = list.indexOf(eid);
        if (i >= 0) list.splice(i, 1);
        if (list.length === 0) this.householdsById.delete(old);
      }
    }
    const target = this.householdsById.get(id);
    if (!target) throw new Error(`household ${id} does not exist`);
    target.push(eid);
    kin.household[eid] = id;
  }

  // ---- families ----

  newFamily(surname: string, traditions: string[]): Family {
    // The first free "surname-n": surnames are never given back, so the search for a surname resumes
    // where it last stopped (from 2 each time, 100,000 agents sharing a few hundred surnames made it quadratic).
    let name = surname;
    if (this.surnames.has(name)) {
      let n = this.nextSuffix.get(surname) ?? 2;
      while (this.surnames.has(`${surname}-${n}`)) n++;
      name = `${surname}-${n}`;
      this.nextSuffix.set(surname, n + 1);
    }
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
    const hh = this.householdsById.get(kin.household[eid]);
    const at = hh ? hh.indexOf(eid) : -1;
    if (hh && at >= 0) {
      hh.splice(at, 1);
      if (hh.length === 0) this.householdsById.delete(kin.household[eid]);
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
    for (const h of this.householdsById.values()) if (h.includes(id)) n++;
    return n;
  }

  // ---- save / load ----

  /**
   * Typed arrays (stored raw in a world file): families, households and kin entries in id order, their
   * lists as compressed sparse rows, entity references as id and generation arrays, and surnames and
   * traditions as indices into `strings`.
   */
  save(): SavedFamilies {
    const ents = this.world.entities;
    const strings = new StringTable();
    // Plain loops over typed arrays: 100,000 agents' kin make per-entry closures and spreads the whole cost.
    // forEach and indexed loops: iterators make an object per step in code that runs once a save (see sortedKeys).
    const famIds = sortedKeys(this.families);
    const nf = famIds.length;
    let memberCount = 0;
    let traditionCount = 0;
    this.families.forEach((f) => {
      memberCount += f.members.size;
      traditionCount += f.traditions.length;
    });
    const familyFounded = new Uint32Array(nf);
    const familyDeceased = new Uint32Array(nf);
    const familySurname = new Uint32Array(nf);
    const traditionOffsets = new Uint32Array(nf + 1);
    const tradition = new Uint32Array(traditionCount);
    const memberOffsets = new Uint32Array(nf + 1);
    const member = new Int32Array(memberCount);
    let ti = 0;
    let mi = 0;
    for (let i = 0; i < nf; i++) {
      const f = this.families.get(famIds[i])!;
      familyFounded[i] = f.foundedTick;
      familyDeceased[i] = f.deceased;
      familySurname[i] = strings.of(f.surname);
      for (let j = 0; j < f.traditions.length; j++) tradition[ti++] = strings.of(f.traditions[j]);
      traditionOffsets[i + 1] = ti;
      const first = mi;
      f.members.forEach((m) => {
        member[mi++] = m;
      });
      member.subarray(first, mi).sort();
      memberOffsets[i + 1] = mi;
    }

    const householdId = sortedKeys(this.householdsById);
    let housed = 0;
    this.householdsById.forEach((m) => {
      housed += m.length;
    });
    const householdOffsets = new Uint32Array(householdId.length + 1);
    const householdMember = new Int32Array(housed);
    let hi = 0;
    for (let i = 0; i < householdId.length; i++) {
      const members = this.householdsById.get(householdId[i])!;
      for (let j = 0; j < members.length; j++) householdMember[hi++] = members[j];
      householdOffsets[i + 1] = hi;
    }

    // Entries with no spouse and no links are left out: links() makes them again when asked, and
    // every newcomer has one (100,000 of them in a new town).
    const linked: number[] = [];
    let linkCount = 0;
    this.kin.forEach((k, id) => {
      const n = k.parents.length + k.children.length + k.siblings.length;
      if (n === 0 && !k.spouse) return;
      linked.push(id);
      linkCount += n;
    });
    const kinId = Int32Array.from(linked).sort();
    const nk = kinId.length;
    const spouse = new Int32Array(nk);
    const spouseGen = new Uint32Array(nk);
    const linkOffsets = new Uint32Array(3 * nk + 1);
    const link = new Int32Array(linkCount);
    const linkGen = new Uint32Array(linkCount);
    let li = 0;
    let row = 0;
    for (let i = 0; i < nk; i++) {
      const k = this.kin.get(kinId[i])!;
      spouse[i] = k.spouse ? k.spouse.id : -1;
      spouseGen[i] = k.spouse ? k.spouse.gen : 0;
      for (let l = 0; l < 3; l++) {
        const list = l === 0 ? k.parents : l === 1 ? k.children : k.siblings;
        for (let j = 0; j < list.length; j++) {
          link[li] = list[j].id;
          linkGen[li++] = list[j].gen;
        }
        linkOffsets[++row] = li;
      }
    }
    return {
      nextFamily: this.nextFamily,
      nextHousehold: this.nextHousehold,
      familyId: famIds,
      familyFounded,
      familyDeceased,
      familySurname,
      traditionOffsets,
      tradition,
      memberOffsets,
      member,
      memberGen: generationsOf(ents, member),
      householdId,
      householdOffsets,
      householdMember,
      householdMemberGen: generationsOf(ents, householdMember),
      kinId,
      kinGen: generationsOf(ents, kinId),
      spouse,
      spouseGen,
      linkOffsets,
      link,
      linkGen,
      strings: strings.strings,
      today: { births: this.today.births, marriages: this.today.marriages, deaths: Object.fromEntries(Object.entries(this.today.deaths).sort(([a], [b]) => (a < b ? -1 : 1))) },
    };
  }

  load(data: unknown): void {
    const name = 'families';
    const fail = (msg: string): never => {
      throw new Error(`families section: ${msg}`);
    };
    const d = data as Record<string, unknown>;
    if (!d || typeof d !== 'object' || Array.isArray(d)) fail('expected an object');
    const ents = this.world.entities;
    const kinStore = this.world.store(Kin);
    const int = (v: unknown, what: string): number => (Number.isSafeInteger(v) && (v as number) >= 0 ? (v as number) : fail(`${what} must be a non-negative integer`));
    // Messages are built only on failure: a template string per reference costs more than the check.
    const liveGen = ents.liveGenerations();
    const isLive = (id: number, gen: number) => liveGen[id] === gen;
    const notLive = (what: string, id: number, gen: number): never => fail(`${what} ${id} (generation ${gen}) is not a living agent`);
    const nextFamily = int(d.nextFamily, 'nextFamily');
    const nextHousehold = int(d.nextHousehold, 'nextHousehold');
    const strings = savedStrings(d, 'strings', name);

    const familyId = savedArray(d, 'familyId', Int32Array, name);
    const nf = familyId.length;
    const familyFounded = savedArray(d, 'familyFounded', Uint32Array, name, nf);
    const familyDeceased = savedArray(d, 'familyDeceased', Uint32Array, name, nf);
    const familySurname = savedArray(d, 'familySurname', Uint32Array, name, nf);
    const traditionOffsets = savedArray(d, 'traditionOffsets', Uint32Array, name);
    const tradition = savedArray(d, 'tradition', Uint32Array, name);
    checkOffsets(traditionOffsets, nf, tradition.length, 'families section: tradition');
    checkIndices(familySurname, strings.length, 'families section: family surname');
    checkIndices(tradition, strings.length, 'families section: tradition');
    const memberOffsets = savedArray(d, 'memberOffsets', Uint32Array, name);
    const member = savedArray(d, 'member', Int32Array, name);
    const memberGen = savedArray(d, 'memberGen', Uint32Array, name, member.length);
    checkOffsets(memberOffsets, nf, member.length, 'families section: member');
    const families = new Map<number, Family>();
    for (let f = 0; f < nf; f++) {
      const id = familyId[f];
      if (id <= 0 || id >= nextFamily || families.has(id)) fail(`family id ${id} is out of range or repeated`);
      const members = new Set<number>();
      for (let i = memberOffsets[f]; i < memberOffsets[f + 1]; i++) {
        const m = member[i];
        if (!isLive(m, memberGen[i])) notLive(`family ${id} member`, m, memberGen[i]);
        if (kinStore.family[m] !== id) fail(`family ${id} lists agent ${m}, whose Kin.family is ${kinStore.family[m]}`);
        members.add(m);
      }
      const traditions: string[] = [];
      for (let i = traditionOffsets[f]; i < traditionOffsets[f + 1]; i++) traditions.push(strings[tradition[i]]);
      families.set(id, { id, surname: strings[familySurname[f]], foundedTick: familyFounded[f], deceased: familyDeceased[f], members, traditions });
    }

    const householdId = savedArray(d, 'householdId', Int32Array, name);
    const householdOffsets = savedArray(d, 'householdOffsets', Uint32Array, name);
    const householdMember = savedArray(d, 'householdMember', Int32Array, name);
    const householdMemberGen = savedArray(d, 'householdMemberGen', Uint32Array, name, householdMember.length);
    checkOffsets(householdOffsets, householdId.length, householdMember.length, 'families section: household');
    const households = new Map<number, number[]>();
    const housed = new Uint8Array(ents.highWater);
    // Saved in increasing order, where no id can repeat: ids are looked up only once the order breaks.
    let increasing = true;
    for (let h = 0; h < householdId.length; h++) {
      const id = householdId[h];
      if (h > 0 && id <= householdId[h - 1]) increasing = false;
      if (id <= 0 || id >= nextHousehold || (!increasing && households.has(id))) fail(`household id ${id} is out of range or repeated`);
      const from = householdOffsets[h];
      const to = householdOffsets[h + 1];
      for (let i = from; i < to; i++) {
        const m = householdMember[i];
        if (!isLive(m, householdMemberGen[i])) notLive(`household ${id} member`, m, householdMemberGen[i]);
        if (kinStore.household[m] !== id || housed[m]) fail(`household ${id} lists agent ${m}, who lives in household ${kinStore.household[m]}`);
        housed[m] = 1;
      }
      // A literal for the usual one or two members: a list grown by push from empty reserves 17 slots.
      const n = to - from;
      const members = n === 1 ? [householdMember[from]] : n === 2 ? [householdMember[from], householdMember[from + 1]] : Array.from(householdMember.subarray(from, to));
      households.set(id, members);
    }

    const kinId = savedArray(d, 'kinId', Int32Array, name);
    const nk = kinId.length;
    const kinGen = savedArray(d, 'kinGen', Uint32Array, name, nk);
    const spouse = savedArray(d, 'spouse', Int32Array, name, nk);
    const spouseGen = savedArray(d, 'spouseGen', Uint32Array, name, nk);
    const linkOffsets = savedArray(d, 'linkOffsets', Uint32Array, name);
    const link = savedArray(d, 'link', Int32Array, name);
    const linkGen = savedArray(d, 'linkGen', Uint32Array, name, link.length);
    checkOffsets(linkOffsets, 3 * nk, link.length, 'families section: kin link');
    const kin = new Map<number, KinLinks>();
    for (let k = 0; k < nk; k++) {
      const self = kinId[k];
      if (!isLive(self, kinGen[k])) notLive('kin entry', self, kinGen[k]);
      if (kin.has(self)) fail(`kin entry ${self} repeated`);
      for (let i = linkOffsets[3 * k]; i < linkOffsets[3 * k + 3]; i++) {
        if (!isLive(link[i], linkGen[i])) notLive(`agent ${self}'s ${LINK_NAMES[linkOffsets[3 * k + 1] > i ? 0 : linkOffsets[3 * k + 2] > i ? 1 : 2]}`, link[i], linkGen[i]);
      }
      if (spouse[k] >= 0 && !isLive(spouse[k], spouseGen[k])) notLive(`agent ${self}'s spouse`, spouse[k], spouseGen[k]);
      kin.set(self, {
        spouse: spouse[k] < 0 ? null : { id: spouse[k], gen: spouseGen[k] },
        parents: refList(link, linkGen, linkOffsets[3 * k], linkOffsets[3 * k + 1]),
        children: refList(link, linkGen, linkOffsets[3 * k + 1], linkOffsets[3 * k + 2]),
        siblings: refList(link, linkGen, linkOffsets[3 * k + 2], linkOffsets[3 * k + 3]),
      });
    }
    // Both sides must agree (a function per kind of link, not a table of them per agent: 100,000
    // agents made 400,000 small arrays).
    const oneSided = (id: number, mine: readonly EntityRef[], theirs: 'parents' | 'children' | 'siblings', what: string) => {
      for (let i = 0; i < mine.length; i++) {
        const o = kin.get(mine[i].id);
        if (!o || !listsId(o[theirs], id)) fail(`agent ${id} lists ${mine[i].id} as ${what}, but not the other way round`);
      }
    };
    for (const [id, k] of kin) {
      if (k.spouse && kin.get(k.spouse.id)?.spouse?.id !== id) fail(`agent ${id} lists ${k.spouse.id} as spouse, but not the other way round`);
      oneSided(id, k.parents, 'children', 'parent');
      oneSided(id, k.children, 'parents', 'child');
      oneSided(id, k.siblings, 'siblings', 'sibling');
    }
    const t = d.today as Record<string, unknown>;
    if (!t || typeof t !== 'object' || typeof t.deaths !== 'object' || t.deaths === null) fail('today must be {births, marriages, deaths}');
    const deaths: Record<string, number> = {};
    for (const [cause, n] of Object.entries(t.deaths as object)) deaths[cause] = int(n, `deaths.${cause}`);
    const today = { births: int(t.births, 'today.births'), marriages: int(t.marriages, 'today.marriages'), deaths };

    this.families.clear();
    this.surnames.clear();
    this.nextSuffix.clear();
    for (const [k, v] of families) {
      this.families.set(k, v);
      this.surnames.add(v.surname);
    }
    this.householdsById = households;
    this.kin = kin;
    this.nextFamily = nextFamily;
    this.nextHousehold = nextHousehold;
    this.today = today;
  }
}

/**
 * References to entities [from, to) of the saved columns, in a list of exactly that length: grown by
 * push from empty, each of 100,000 agents' kin lists reserved 17 slots.
 */
function refList(id: Int32Array, gen: Uint32Array, from: number, to: number): EntityRef[] {
  const n = to - from;
  if (n === 0) return [];
  if (n === 1) return [{ id: id[from], gen: gen[from] }];
  if (n === 2) return [{ id: id[from], gen: gen[from] }, { id: id[from + 1], gen: gen[from + 1] }];
  const out: EntityRef[] = new Array(n);
  for (let i = 0; i < n; i++) out[i] = { id: id[from + i], gen: gen[from + i] };
  return out;
}

/** The saved registry (format version 2 on). */
export interface SavedFamilies {
  nextFamily: number;
  nextHousehold: number;
  familyId: Int32Array;
  familyFounded: Uint32Array;
  familyDeceased: Uint32Array;
  /** Index into strings. */
  familySurname: Uint32Array;
  traditionOffsets: Uint32Array;
  tradition: Uint32Array;
  memberOffsets: Uint32Array;
  member: Int32Array;
  memberGen: Uint32Array;
  householdId: Int32Array;
  householdOffsets: Uint32Array;
  householdMember: Int32Array;
  householdMemberGen: Uint32Array;
  kinId: Int32Array;
  kinGen: Uint32Array;
  /** -1: none. */
  spouse: Int32Array;
  spouseGen: Uint32Array;
  /** Three rows per kin entry: parents, children, siblings. */
  linkOffsets: Uint32Array;
  link: Int32Array;
  linkGen: Uint32Array;
  strings: string[];
  today: DayCounters;
}

/** A kin entry's three saved link rows, in order. */
const LINK_NAMES = ['parent', 'child', 'sibling'] as const;

function generationsOf(ents: World['entities'], ids: Int32Array): Uint32Array {
  const out = new Uint32Array(ids.length);
  for (let i = 0; i < ids.length; i++) out[i] = ents.generation(ids[i]);
  return out;
}

function listsId(list: readonly EntityRef[], id: number): boolean {
  for (let i = 0; i < list.length; i++) if (list[i].id === id) return true;
  return false;
}

export const Families = resourceKey<FamilyRegistry>('families');
