// Upgrading world files written by older format versions, one version at a time (world-file.ts runs
// them after the container is checked and before anything is decoded into a world).
//
// Format 1 → 2: the large state sections moved from JSON rows to typed arrays (stored raw, no JSON
// per element): relationships, families and social-memory as compressed sparse rows, names and places
// through string tables, and the map section gained the terrain. The step rewrites the first five
// from their format-1 rows, and the bank's credit histories too (checking every value it reads; each section's own load() then validates
// the result as for any file). A format-1 map section has no terrain: the loaded world's map is then
// generated from the seed and checked against the saved fingerprint, as format 1 did.
//
// Format 2 → 3: the markets' open orders moved from an object per order to columns (bids first,
// institutional traders through a string table); the step reads every order strictly.
//
// Format 3 → 4: the Employment component gained `ownShiftDay` (the last own-account shift, for the
// self-employed metric); a format-3 file knows of no such shift, so the field is added as zeros and
// the loaded world counts its self-employed again from their next shift.
//
// Format 4 → 5: social memory's texts moved from one joined string (ends in UTF-16 units) to UTF-8
// bytes (ends in bytes; a lone surrogate, which UTF-8 cannot carry, becomes U+FFFD), and the routes
// from a JSON row per walker to typed arrays.
//
// Format 5 → 6: long texts (social memory's) may be stored deflated in blocks, inflated when read;
// a format-5 text, stored whole, reads as it is, so the step only renumbers the file.
//
// Format 6 → 7: the relationship graph's rows keep the arena's room to grow (a count per row, zeros
// past it), so that a load uses the saved arrays as the arena instead of copying them.
//
// Format 7 → 8: the Employment component gained `workTicks` (the length of the work in progress,
// paid pro rata); a format-7 worker was on a shift of `shiftTicks`, which is what 0 reads as.
//
// Format 8 → 9: each firm gained the work its staff did since the last firm day, the work that found
// nothing to work on, and that share over the last few days, which decide whether it has more hands
// than work; a format-8 file knows none of them: the firms count from the load (0, 0) and their
// share of late is unknown (-1) until their next day.

import { bytesPerElement, type FieldKind } from '../engine/component';
import { StringTable, Utf8Text, Utf8Writer } from '../engine/saved-arrays';
import type { SavedHistories } from '../society/economy/bank';
import type { SavedGoodMarket, SavedMarkets } from '../society/economy/markets';
import type { SavedNames } from '../society/names';
import type { SavedFamilies } from '../society/social/family-registry';
import { withRoomToGrow, type SavedGraph } from '../society/social/relationship-graph';
import { checkOffsets, savedArray } from '../engine/saved-arrays';
import type { SavedSocialMemory } from '../society/social/social-memory';
import type { SavedRoutes } from '../society/world/navigation';
import { PLACE_KINDS, type SavedPlaces } from '../society/world/places';
import { WorldFileError, type ReadContainer } from './container';
import { decodeValue, encodeValue } from './section-codec';

/** Upgrades a file read from format version v to v + 1, keyed by v. */
export type Migration = (file: ReadContainer) => ReadContainer;

export const MIGRATIONS: Readonly<Record<number, Migration>> = {
  1: (file) => rewriteSections(file, FROM_FORMAT_1),
  2: (file) => rewriteSections(file, FROM_FORMAT_2),
  3: (file) => ({ ...addComponentField(file, 'Employment', 'ownShiftDay', 'u32'), formatVersion: 4 }),
  4: (file) => rewriteSections(file, FROM_FORMAT_4),
  5: (file) => ({ ...file, formatVersion: 6 }),
  6: (file) => rewriteSections(file, FROM_FORMAT_6),
  7: (file) => ({ ...addComponentField(file, 'Employment', 'workTicks', 'u16'), formatVersion: 8 }),
  8: (file) => rewriteSections(file, FROM_FORMAT_8),
};

/** The relationship graph as formats 2 to 6 saved it: each row's edges right after the one before. */
type SavedGraphV2 = Omit<SavedGraph, 'count'>;

/** Social memory as formats 2 to 4 saved it: the texts joined into one string, ends in UTF-16 units. */
type SocialMemoryV2 = Omit<SavedSocialMemory, 'texts'> & { texts: string };

/**
 * The file with a zero-filled field added to a component's section (if the file has that section):
 * the section layout of world-file.ts, `u32 header length | JSON {fields, count} | pad 4 | fields`,
 * each field's bytes padded to 4. The rest is checked when the section is decoded, as in any file.
 */
function addComponentField(file: ReadContainer, component: string, field: string, kind: FieldKind): ReadContainer {
  const name = `component:${component}`;
  const fail = (why: string) => new WorldFileError(`component ${component} section: cannot migrate from format version ${file.formatVersion} (${why})`);
  return {
    ...file,
    sections: file.sections.map((s) => {
      if (s.name !== name) return s;
      const data = s.data;
      if (data.length < 4) throw fail('too short');
      const headerLen = new DataView(data.buffer, data.byteOffset, data.byteLength).getUint32(0, true);
      if (4 + headerLen > data.length) throw fail(`declared header length ${headerLen} exceeds the section`);
      let header: { fields?: unknown; count?: unknown };
      try {
        header = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(data.subarray(4, 4 + headerLen)));
      } catch {
        throw fail('header is not valid JSON');
      }
      if (!Array.isArray(header.fields) || !Number.isSafeInteger(header.count) || (header.count as number) < 0) throw fail('header must hold fields and a count');
      if (header.fields.some((f) => Array.isArray(f) && f[0] === field)) throw fail(`field "${field}" is already there`);
      const count = header.count as number;
      const newHeader = new TextEncoder().encode(JSON.stringify({ ...header, fields: [...header.fields, [field, kind]] }));
      const body = data.subarray(align4(4 + headerLen));
      const bodyAt = align4(4 + newHeader.length);
      const out = new Uint8Array(bodyAt + body.length + align4(count * bytesPerElement(kind)));
      new DataView(out.buffer).setUint32(0, newHeader.length, true);
      out.set(newHeader, 4);
      out.set(body, bodyAt);
      return { name: s.name, data: out };
    }),
  };
}

const align4 = (n: number) => (n + 3) & ~3;

/** The next format version of a file: each state section with a converter rewritten, the others kept. */
function rewriteSections(file: ReadContainer, converters: Record<string, (data: unknown) => unknown>): ReadContainer {
  const from = file.formatVersion;
  return {
    ...file,
    formatVersion: from + 1,
    sections: file.sections.map((s) => {
      const name = s.name.startsWith('state:') ? s.name.slice(6) : '';
      const convert = converters[name];
      if (!convert) return s;
      let data: unknown;
      try {
        data = convert(decodeValue(s.data, name));
      } catch (err) {
        if (err instanceof WorldFileError) throw err;
        throw new WorldFileError(`${name} section: cannot migrate from format version ${from} (${(err as Error).message})`);
      }
      return { name: s.name, data: encodeValue(data, name) };
    }),
  };
}

// ---- format 1's rows, read strictly ----

function list(v: unknown, what: string): unknown[] {
  if (!Array.isArray(v)) throw new Error(`${what} must be a list`);
  return v;
}

/** An integer that fits the typed arrays it goes into (-1 marks "none" where a field allows it). */
function int(v: unknown, what: string): number {
  if (!Number.isInteger(v) || (v as number) < -1 || (v as number) > 0x7fffffff) throw new Error(`${what} must be an integer from -1 to 2^31 - 1`);
  return v as number;
}

function num(v: unknown, what: string): number {
  if (typeof v !== 'number') throw new Error(`${what} must be a number`);
  return v;
}

function obj(v: unknown, what: string): Record<string, unknown> {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) throw new Error(`${what} must be an object`);
  return v as Record<string, unknown>;
}

function str(v: unknown, what: string): string {
  if (typeof v !== 'string') throw new Error(`${what} must be a string`);
  return v;
}

function row(v: unknown, length: number, what: string): unknown[] {
  const r = list(v, what);
  if (r.length !== length) throw new Error(`${what} must have ${length} fields`);
  return r;
}

/** [id, generation] pairs → parallel arrays. */
function refs(v: unknown, what: string): { id: number[]; gen: number[] } {
  const out = { id: [] as number[], gen: [] as number[] };
  for (const r of list(v, what)) {
    const [id, gen] = row(r, 2, what);
    out.id.push(int(id, what));
    out.gen.push(int(gen, what));
  }
  return out;
}

function offsets(lengths: number[]): Uint32Array {
  const out = new Uint32Array(lengths.length + 1);
  for (let i = 0; i < lengths.length; i++) out[i + 1] = out[i] + lengths[i];
  return out;
}

function joinedTexts(texts: string[]): { texts: string; textEnds: Uint32Array } {
  const textEnds = new Uint32Array(texts.length);
  let end = 0;
  texts.forEach((t, i) => (textEnds[i] = end += t.length));
  return { texts: texts.join(''), textEnds };
}

const FROM_FORMAT_1: Record<string, (data: unknown) => unknown> = {
  /** {..., histories: [{eid, applications, incomeDays, income, loanTypes}...]}: the histories become rows. */
  bank(data) {
    if (typeof data !== 'object' || data === null || Array.isArray(data)) throw new Error('the section must be an object');
    const d = data as Record<string, unknown>;
    const rows = list(d.histories, 'histories').map((h) => {
      if (typeof h !== 'object' || h === null) throw new Error('a history must be an object');
      const r = h as Record<string, unknown>;
      const nums = (v: unknown, what: string) => list(v, what).map((x) => num(x, what));
      return { eid: int(r.eid, 'an agent id'), applications: nums(r.applications, 'applications'), incomeDays: nums(r.incomeDays, 'income days'), income: nums(r.income, 'income'), loanTypes: int(r.loanTypes, 'loan types') };
    });
    if (rows.some((r) => r.incomeDays.length !== r.income.length)) throw new Error('income days and amounts differ in length');
    const histories: SavedHistories = {
      eid: Int32Array.from(rows, (r) => r.eid),
      applicationOffsets: offsets(rows.map((r) => r.applications.length)),
      applications: Float64Array.from(rows.flatMap((r) => r.applications)),
      incomeOffsets: offsets(rows.map((r) => r.income.length)),
      incomeDays: Float64Array.from(rows.flatMap((r) => r.incomeDays)),
      income: Float64Array.from(rows.flatMap((r) => r.income)),
      loanTypes: Uint8Array.from(rows, (r) => r.loanTypes),
    };
    return { ...d, histories };
  },
  /** [[id, gen, [[to, gen, type, strength]...]]...] */
  relationships(data): SavedGraphV2 {
    const agents = list(data, 'the section').map((r) => row(r, 3, 'an agent'));
    const edges = agents.map((a) => list(a[2], 'edges').map((e) => row(e, 4, 'an edge')));
    const flat = edges.flat();
    return {
      agent: Int32Array.from(agents, (a) => int(a[0], 'an agent id')),
      agentGen: Uint32Array.from(agents, (a) => int(a[1], 'a generation')),
      offsets: offsets(edges.map((e) => e.length)),
      to: Int32Array.from(flat, (e) => int(e[0], 'an edge id')),
      toGen: Uint32Array.from(flat, (e) => int(e[1], 'a generation')),
      type: Uint8Array.from(flat, (e) => {
        const t = int(e[2], 'a type');
        if (t < 0 || t > 255) throw new Error(`relationship type ${t} is out of range`);
        return t;
      }),
      strength: Float32Array.from(flat, (e) => num(e[3], 'a strength')),
    };
  },

  /** [[eid, [[tick, kind, withId, withGen, text]...]]...] */
  'social-memory'(data): SocialMemoryV2 {
    const agents = list(data, 'the section').map((r) => row(r, 2, 'an agent'));
    const memories = agents.map((a) => list(a[1], 'memories').map((m) => row(m, 5, 'a memory')));
    const flat = memories.flat();
    const kinds = new StringTable();
    return {
      agent: Int32Array.from(agents, (a) => int(a[0], 'an agent id')),
      offsets: offsets(memories.map((m) => m.length)),
      tick: Uint32Array.from(flat, (m) => int(m[0], 'a tick')),
      kind: Uint32Array.from(flat, (m) => kinds.of(str(m[1], 'a kind'))),
      withId: Int32Array.from(flat, (m) => int(m[2], 'an id')),
      withGen: Uint32Array.from(flat, (m) => int(m[3], 'a generation')),
      kinds: kinds.strings,
      ...joinedTexts(flat.map((m) => str(m[4], 'a text'))),
    };
  },

  /** [[eid, name, persona]...] */
  names(data): SavedNames {
    const rows = list(data, 'the section').map((r) => row(r, 3, 'an entry'));
    const table = new StringTable();
    return {
      id: Int32Array.from(rows, (r) => int(r[0], 'an id')),
      name: Uint32Array.from(rows, (r) => table.of(str(r[1], 'a name'))),
      persona: Uint32Array.from(rows, (r) => table.of(str(r[2], 'a persona'))),
      strings: table.strings,
    };
  },

  /** [[id, kind, tile, name]...], ids 0, 1, 2... in order. Every name is kept (load() accepts default ones). */
  places(data): SavedPlaces {
    const rows = list(data, 'the section').map((r) => row(r, 4, 'a place'));
    rows.forEach((r, i) => {
      if (r[0] !== i) throw new Error(`place ${i} has id ${String(r[0])}; ids must be 0, 1, 2, ... in order`);
    });
    return {
      kind: Uint8Array.from(rows, (r) => {
        const k = PLACE_KINDS.indexOf(str(r[1], 'a kind') as (typeof PLACE_KINDS)[number]);
        if (k < 0) throw new Error(`unknown place kind "${String(r[1])}"`);
        return k;
      }),
      tile: Int32Array.from(rows, (r) => int(r[2], 'a tile')),
      names: rows.map((r, i) => [i, str(r[3], 'a name')]),
    };
  },

  /** {nextFamily, nextHousehold, families: [[id, surname, foundedTick, deceased, traditions, members]], households: [[id, members]], kin: [[id, gen, spouse, parents, children, siblings]], today} */
  families(data): SavedFamilies {
    if (!data || typeof data !== 'object' || Array.isArray(data)) throw new Error('expected an object');
    const d = data as Record<string, unknown>;
    const strings = new StringTable();
    const fams = list(d.families, 'families').map((f) => row(f, 6, 'a family'));
    const famMembers = fams.map((f) => refs(f[5], 'family members'));
    const traditions = fams.map((f) => list(f[4], 'traditions').map((t) => strings.of(str(t, 'a tradition'))));
    const households = list(d.households, 'households').map((h) => row(h, 2, 'a household'));
    const hhMembers = households.map((h) => refs(h[1], 'household members'));
    const kin = list(d.kin, 'kin').map((k) => row(k, 6, 'a kin entry'));
    const links = kin.flatMap((k) => [refs(k[3], 'parents'), refs(k[4], 'children'), refs(k[5], 'siblings')]);
    const spouses = kin.map((k) => (k[2] === null ? { id: [-1], gen: [0] } : refs([k[2]], 'a spouse')));
    return {
      nextFamily: int(d.nextFamily, 'nextFamily'),
      nextHousehold: int(d.nextHousehold, 'nextHousehold'),
      familyId: Int32Array.from(fams, (f) => int(f[0], 'a family id')),
      familyFounded: Uint32Array.from(fams, (f) => int(f[2], 'foundedTick')),
      familyDeceased: Uint32Array.from(fams, (f) => int(f[3], 'deceased')),
      familySurname: Uint32Array.from(fams, (f) => strings.of(str(f[1], 'a surname'))),
      traditionOffsets: offsets(traditions.map((t) => t.length)),
      tradition: Uint32Array.from(traditions.flat()),
      memberOffsets: offsets(famMembers.map((m) => m.id.length)),
      member: Int32Array.from(famMembers.flatMap((m) => m.id)),
      memberGen: Uint32Array.from(famMembers.flatMap((m) => m.gen)),
      householdId: Int32Array.from(households, (h) => int(h[0], 'a household id')),
      householdOffsets: offsets(hhMembers.map((m) => m.id.length)),
      householdMember: Int32Array.from(hhMembers.flatMap((m) => m.id)),
      householdMemberGen: Uint32Array.from(hhMembers.flatMap((m) => m.gen)),
      kinId: Int32Array.from(kin, (k) => int(k[0], 'a kin id')),
      kinGen: Uint32Array.from(kin, (k) => int(k[1], 'a generation')),
      spouse: Int32Array.from(spouses, (s) => s.id[0]),
      spouseGen: Uint32Array.from(spouses, (s) => s.gen[0]),
      linkOffsets: offsets(links.map((l) => l.id.length)),
      link: Int32Array.from(links.flatMap((l) => l.id)),
      linkGen: Uint32Array.from(links.flatMap((l) => l.gen)),
      strings: strings.strings,
      today: d.today as SavedFamilies['today'],
    };
  },
};

const FROM_FORMAT_2: Record<string, (data: unknown) => unknown> = {
  /** {nextOrderId, goods: {good: {book: {nextSeq, nextId, orders: [{id, trader, side, ...}...]}, ...}}}: the orders become columns, bids first. */
  markets(data): SavedMarkets {
    const d = obj(data, 'the section');
    const traders = new StringTable();
    const goods: Record<string, SavedGoodMarket> = {};
    for (const [good, market] of Object.entries(obj(d.goods, 'goods'))) {
      const { book, ...rest } = obj(market, `market ${good}`);
      const b = obj(book, `${good} book`);
      const orders = list(b.orders, `${good} orders`).map((o) => obj(o, `a ${good} order`));
      for (const o of orders) if (o.side !== 'buy' && o.side !== 'sell') throw new Error(`a ${good} order's side must be "buy" or "sell"`);
      const bids = orders.filter((o) => o.side === 'buy');
      const sorted = bids.concat(orders.filter((o) => o.side === 'sell'));
      const column = (key: string) => Float64Array.from(sorted, (o) => num(o[key], `a ${good} order's ${key}`));
      goods[good] = {
        ...(rest as Omit<SavedGoodMarket, 'book'>),
        book: {
          nextSeq: num(b.nextSeq, `${good} nextSeq`),
          nextId: num(b.nextId, `${good} nextId`),
          bids: bids.length,
          id: column('id'),
          trader: Int32Array.from(sorted, (o) => {
            if (typeof o.trader === 'string') return -1 - traders.of(o.trader);
            const t = int(o.trader, `a ${good} order's trader`);
            if (t < 0) throw new Error(`a ${good} order's trader ${t} is not an agent id`);
            return t;
          }),
          quantity: column('quantity'),
          filled: column('filled'),
          limitCents: column('limitCents'),
          seq: column('seq'),
          placedTick: column('placedTick'),
          expiresTick: Float64Array.from(sorted, (o) => (o.expiresTick === null ? -1 : num(o.expiresTick, `a ${good} order's expiresTick`))),
        },
      };
    }
    return { nextOrderId: num(d.nextOrderId, 'nextOrderId'), traders: traders.strings, goods };
  },
};

const FROM_FORMAT_6: Record<string, (data: unknown) => unknown> = {
  /** Rows back to back → rows with the arena's room to grow (checked again by the section's load). */
  relationships(data): SavedGraph {
    if (!data || typeof data !== 'object' || Array.isArray(data)) throw new Error('expected {agent, agentGen, offsets, to, toGen, type, strength}');
    const d = data as Record<string, unknown>;
    const name = 'relationships';
    const agent = savedArray(d, 'agent', Int32Array, name);
    const offsets = savedArray(d, 'offsets', Uint32Array, name);
    const to = savedArray(d, 'to', Int32Array, name);
    checkOffsets(offsets, agent.length, to.length, 'edge');
    return withRoomToGrow({
      agent,
      agentGen: savedArray(d, 'agentGen', Uint32Array, name, agent.length),
      offsets,
      to,
      toGen: savedArray(d, 'toGen', Uint32Array, name, to.length),
      type: savedArray(d, 'type', Uint8Array, name, to.length),
      strength: savedArray(d, 'strength', Float32Array, name, to.length),
    });
  },
};

const FROM_FORMAT_4: Record<string, (data: unknown) => unknown> = {
  /** [[agent id, next index, [x0, y0, ...]]...] → columns. */
  routes(data): SavedRoutes {
    const rows = list(data, 'the section').map((r) => row(r, 3, 'a route'));
    const points = rows.map((r) => list(r[2], 'waypoints').map((v) => num(v, 'a waypoint')));
    return {
      agent: Int32Array.from(rows, (r) => int(r[0], 'an agent id')),
      next: Uint32Array.from(rows, (r) => {
        const n = int(r[1], 'a next index');
        if (n < 0) throw new Error('a next index must not be negative');
        return n;
      }),
      offsets: offsets(points.map((p) => p.length)),
      points: Float64Array.from(points.flat()),
    };
  },
  /** {..., texts: string, textEnds (UTF-16 units)} → texts as UTF-8 bytes, textEnds in bytes. */
  'social-memory'(data): SavedSocialMemory {
    const d = obj(data, 'the section');
    const texts = str(d.texts, 'texts');
    const ends = d.textEnds;
    if (!(ends instanceof Uint32Array)) throw new Error('textEnds must be a Uint32Array');
    const writer = new Utf8Writer(texts.length);
    const byteEnds = new Uint32Array(ends.length);
    let start = 0;
    for (let i = 0; i < ends.length; i++) {
      if (ends[i] < start || ends[i] > texts.length) throw new Error(`memory ${i}'s text ends at ${ends[i]}, outside the texts`);
      writer.write(texts.slice(start, ends[i]));
      byteEnds[i] = writer.length;
      start = ends[i];
    }
    if (start !== texts.length) throw new Error('the texts are longer than the memories say');
    return { ...(d as unknown as SavedSocialMemory), texts: new Utf8Text(writer.bytes()), textEnds: byteEnds };
  },
};

const FROM_FORMAT_8: Record<string, (data: unknown) => unknown> = {
  /** Each firm's row gains its work and shortfall since the last firm day (0: counted from the load) and its share of late (-1, unknown); checked again by the section's load. */
  firms: (data) => list(data, 'the section').map((r, i) => [...row(r, 7, `firm ${i}`), 0, 0, -1]),
};
