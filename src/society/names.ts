// Names and personas: strings live in a side table keyed by entity id, never in components.

import type { Rng } from '../engine/rng';
import { checkIndices, savedArray, savedStrings, StringTable } from '../engine/saved-arrays';
import { flatString } from '../engine/strings';
import type { StateSection } from '../engine/world';

export const TRAITS = ['curious', 'creative', 'analytical', 'social', 'introverted', 'ambitious', 'peaceful', 'adventurous', 'cautious', 'optimistic'] as const;

export const PROFESSIONS = ['artist', 'scientist', 'trader', 'builder', 'explorer', 'teacher', 'inventor', 'farmer', 'craftsperson', 'storyteller', 'leader'] as const;
export type Profession = (typeof PROFESSIONS)[number];

/** The prototype's profession → agent type map. */
export const AGENT_TYPE: Readonly<Record<Profession, string>> = {
  artist: 'unemployed',
  scientist: 'scholar',
  trader: 'trader',
  builder: 'craftsman',
  explorer: 'unemployed',
  teacher: 'scholar',
  inventor: 'craftsman',
  farmer: 'farmer',
  craftsperson: 'craftsman',
  storyteller: 'scholar',
  leader: 'leader',
};

const GIVEN = [
  'Ada', 'Bram', 'Cora', 'Dov', 'Edda', 'Finn', 'Greta', 'Hugo', 'Ines', 'Jon', 'Kaia', 'Lev', 'Mira', 'Nils', 'Odile', 'Pavel',
  'Quinn', 'Rosa', 'Sami', 'Tove', 'Ugo', 'Vera', 'Wren', 'Xavi', 'Yara', 'Zeno', 'Aiko', 'Bela', 'Cyrus', 'Dara', 'Emil', 'Fay',
  'Gil', 'Hana', 'Ivo', 'Juno', 'Kofi', 'Lina', 'Malo', 'Nora', 'Otto', 'Pia', 'Rafe', 'Sina', 'Teo', 'Uma', 'Vito', 'Wanda',
];

const FAMILY = [
  'Alder', 'Brook', 'Carver', 'Dale', 'Ember', 'Fletcher', 'Glen', 'Hale', 'Ives', 'Jarvis', 'Keane', 'Lark', 'Mason', 'North',
  'Oakes', 'Penn', 'Quill', 'Reed', 'Stone', 'Thatcher', 'Vale', 'Weaver', 'Yew', 'Ash', 'Birch', 'Cole', 'Drake', 'Fox',
  'Grey', 'Hart', 'Lowe', 'Marsh', 'Moss', 'Rowe',
];

const HOBBIES = ['learning and creating new things', 'long walks at dawn', 'a good bargain', 'old stories', 'building things that last', 'quiet evenings', 'helping neighbours', 'maps and far places'];

export interface AgentNames {
  name: string;
  persona: string;
}

export function makeName(rng: Rng, familyName?: string): string {
  return `${rng.pick(GIVEN)} ${familyName ?? rng.pick(FAMILY)}`;
}

export function familyNameOf(name: string): string {
  const parts = name.split(' ');
  return parts[parts.length - 1];
}

export function makePersona(rng: Rng, trait: number, profession: number): string {
  return `I am a ${TRAITS[trait]} ${PROFESSIONS[profession]} who enjoys ${rng.pick(HOBBIES)}.`;
}

/**
 * The side table of names and personas, keyed by entity id: two arrays indexed by id (undefined: no
 * entry), not a map of an object per agent: 100,000 such objects, made in bulk by a load, were copied
 * twice by the young-generation collector and walked by every full collection after.
 */
export class NameTable implements StateSection {
  readonly name = 'names';
  private readonly nameOf: (string | undefined)[] = [];
  private readonly personaOf: (string | undefined)[] = [];

  /** isAlive: lets load() refuse names of entities that do not exist (a damaged or edited save). */
  constructor(private readonly isAlive: (eid: number) => boolean = () => true) {}

  set(eid: number, names: AgentNames): void {
    this.reach(eid + 1);
    this.nameOf[eid] = flatString(names.name);
    this.personaOf[eid] = flatString(names.persona);
  }

  /** The name alone, without get()'s object: each conversation, gift or memory text asks for two. */
  nameAt(eid: number): string | undefined {
    return this.nameOf[eid];
  }

  get(eid: number): AgentNames | undefined {
    const name = this.nameOf[eid];
    return name === undefined ? undefined : { name, persona: this.personaOf[eid]! };
  }

  delete(eid: number): void {
    if (eid >= this.nameOf.length) return;
    this.nameOf[eid] = undefined;
    this.personaOf[eid] = undefined;
  }

  /** Entity ids whose name contains the text (case-insensitive), in id order. */
  search(text: string): number[] {
    const q = text.toLowerCase();
    const out: number[] = [];
    this.nameOf.forEach((name, eid) => {
      if (name !== undefined && name.toLowerCase().includes(q)) out.push(eid);
    });
    return out;
  }

  /** Ids in order, each with its name's and persona's index in `strings` (the distinct texts: names and personas repeat). */
  save(): SavedNames {
    const ids: number[] = [];
    this.nameOf.forEach((name, eid) => {
      if (name !== undefined) ids.push(eid);
    });
    const table = new StringTable();
    const name = new Uint32Array(ids.length);
    const persona = new Uint32Array(ids.length);
    ids.forEach((eid, i) => {
      name[i] = table.of(this.nameOf[eid]!);
      persona[i] = table.of(this.personaOf[eid]!);
    });
    return { id: Int32Array.from(ids), name, persona, strings: table.strings };
  }

  load(data: unknown): void {
    if (!data || typeof data !== 'object' || Array.isArray(data)) throw new Error('names section: expected {id, name, persona, strings}');
    const d = data as Record<string, unknown>;
    const id = savedArray(d, 'id', Int32Array, 'names');
    const name = savedArray(d, 'name', Uint32Array, 'names', id.length);
    const persona = savedArray(d, 'persona', Uint32Array, 'names', id.length);
    const strings = savedStrings(d, 'strings', 'names');
    checkIndices(name, strings.length, 'names section: name');
    checkIndices(persona, strings.length, 'names section: persona');
    // Checked first, then filled in place.
    let top = 0;
    for (let i = 0; i < id.length; i++) {
      if (id[i] < 0 || !this.isAlive(id[i])) throw new Error(`names section: entry for entity ${id[i]}, which is not alive`);
      top = Math.max(top, id[i] + 1);
    }
    const seen = new Uint8Array(top);
    for (let i = 0; i < id.length; i++) {
      if (seen[id[i]]) throw new Error(`names section: entity ${id[i]} listed twice`);
      seen[id[i]] = 1;
    }
    this.nameOf.fill(undefined);
    this.personaOf.fill(undefined);
    this.reach(top);
    for (let i = 0; i < id.length; i++) {
      this.nameOf[id[i]] = strings[name[i]];
      this.personaOf[id[i]] = strings[persona[i]];
    }
  }

  /** Room for ids below `n`, grown by pushes: setting a long array's length would make it holey (slower, or a dictionary). */
  private reach(n: number): void {
    while (this.nameOf.length < n) {
      this.nameOf.push(undefined);
      this.personaOf.push(undefined);
    }
  }
}

/** The saved name table (format version 2 on). */
export interface SavedNames {
  id: Int32Array;
  name: Uint32Array;
  persona: Uint32Array;
  strings: string[];
}
