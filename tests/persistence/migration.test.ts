// Format 1 files (JSON rows for the large state sections, no terrain in the map section), format 2
// files (an object per open order in the markets section), format 3 files (no Employment.ownShiftDay)
// and format 4 files (social memory's texts as one string, routes as JSON rows) still load: the
// migrations rewrite them step by step into the current format and the world comes back exactly. The
// old files are made here from a current save by writing each section the way the old format did.

import { describe, expect, it } from 'vitest';
import { Utf8Text } from '../../src/engine/saved-arrays';
import type { World } from '../../src/engine/world';
import { readContainer, writeContainer, type ContainerSection } from '../../src/persistence/container';
import { loadScenario } from '../../src/persistence/scenario-files';
import { decodeValue, encodeValue } from '../../src/persistence/section-codec';
import { encodeWorld, FORMAT_VERSION, inspectWorld, loadWorld } from '../../src/persistence/world-file';
import { createSociety } from '../../src/society/create';
import type { SavedHistories } from '../../src/society/economy/bank';
import { MarketsKey, submitOrder, type SavedMarkets } from '../../src/society/economy/markets';
import type { SavedNames } from '../../src/society/names';
import { giveBirth, marry } from '../../src/society/social/families';
import type { SavedFamilies } from '../../src/society/social/family-registry';
import type { SavedGraph } from '../../src/society/social/relationship-graph';
import { SocialMemoryKey, type SavedSocialMemory } from '../../src/society/social/social-memory';
import { RoutesKey, type SavedRoutes } from '../../src/society/world/navigation';
import { PlacesKey } from '../../src/society/world/places';
import { Employment, FirmsKey, leaveJob } from '../../src/society/production/firms';
import { workShift } from '../../src/society/production/work-actions';
import { person } from '../social/helpers';

const village = loadScenario('village');

function familyWorld(): World {
  const w = createSociety(village, { agents: 30, seed: 11 });
  w.run(30);
  const [a, b, c] = w.entities.alive();
  person(w, a, 25, 'f');
  person(w, b, 27, 'm');
  marry(w, a, b);
  giveBirth(w, a, b);
  w.resource(SocialMemoryKey).add(c, 'conversation', 'a chat about the harvest', a);
  w.run(10);
  return w;
}

const rows = (offsets: Uint32Array, r: number) => Array.from({ length: offsets[r + 1] - offsets[r] }, (_, k) => offsets[r] + k);

const fromUtf8 = new TextDecoder();

/** Each section changed by format 5 as formats 3 and 4 wrote it: social memory's texts joined into one string (ends in UTF-16 units), a JSON row per route. */
function toFormat4(name: string, v: unknown, _world?: World): unknown {
  if (name === 'routes') {
    const r = v as SavedRoutes;
    return Array.from(r.agent, (a, i) => [a, r.next[i], Array.from(r.points.subarray(r.offsets[i], r.offsets[i + 1]))]);
  }
  if (name !== 'social-memory') return v;
  const m = v as SavedSocialMemory;
  // Read through the text's own API: a current file's texts are deflated in blocks (Utf8Blocks).
  const texts = Array.from(m.textEnds, (end, i) => fromUtf8.decode(m.texts.read(i > 0 ? m.textEnds[i - 1] : 0, end)));
  let at = 0;
  return { ...m, texts: texts.join(''), textEnds: Uint32Array.from(texts, (t) => (at += t.length)) };
}

/** Each section changed by format 3 as format 2 wrote it: the markets' open orders as objects. */
function toFormat2(name: string, current: unknown, _world?: World): unknown {
  const v = toFormat4(name, current);
  if (name !== 'markets') return v;
  const m = v as SavedMarkets;
  const goods = Object.fromEntries(
    Object.entries(m.goods).map(([good, { book: b, ...rest }]) => [
      good,
      {
        ...rest,
        book: {
          nextSeq: b.nextSeq,
          nextId: b.nextId,
          orders: Array.from(b.id, (id, i) => ({
            id,
            trader: b.trader[i] >= 0 ? b.trader[i] : m.traders[-1 - b.trader[i]],
            side: i < b.bids ? 'buy' : 'sell',
            quantity: b.quantity[i],
            filled: b.filled[i],
            limitCents: b.limitCents[i],
            seq: b.seq[i],
            placedTick: b.placedTick[i],
            expiresTick: b.expiresTick[i] < 0 ? null : b.expiresTick[i],
            status: b.filled[i] > 0 ? 'partial' : 'open',
          })),
        },
      },
    ]),
  );
  return { nextOrderId: m.nextOrderId, goods };
}

/** Each changed section as format 1 wrote it. */
function toFormat1(name: string, current: unknown, world: World): unknown {
  const v = toFormat2(name, current);
  switch (name) {
    case 'relationships': {
      const g = v as SavedGraph;
      return Array.from(g.agent, (a, r) => [a, g.agentGen[r], rows(g.offsets, r).map((i) => [g.to[i], g.toGen[i], g.type[i], g.strength[i]])]);
    }
    case 'social-memory': {
      const m = v as Omit<SavedSocialMemory, 'texts'> & { texts: string };
      return Array.from(m.agent, (a, r) => [a, rows(m.offsets, r).map((i) => [m.tick[i], m.kinds[m.kind[i]], m.withId[i], m.withGen[i], m.texts.slice(i > 0 ? m.textEnds[i - 1] : 0, m.textEnds[i])])]);
    }
    case 'names': {
      const n = v as SavedNames;
      return Array.from(n.id, (id, i) => [id, n.strings[n.name[i]], n.strings[n.persona[i]]]);
    }
    case 'places':
      return world.resource(PlacesKey).all().map((p) => [p.id, p.kind, p.tile, p.name]);
    case 'families': {
      const f = v as SavedFamilies;
      const pair = (id: number, gen: number) => [id, gen];
      return {
        nextFamily: f.nextFamily,
        nextHousehold: f.nextHousehold,
        families: Array.from(f.familyId, (id, r) => [
          id,
          f.strings[f.familySurname[r]],
          f.familyFounded[r],
          f.familyDeceased[r],
          rows(f.traditionOffsets, r).map((i) => f.strings[f.tradition[i]]),
          rows(f.memberOffsets, r).map((i) => pair(f.member[i], f.memberGen[i])),
        ]),
        households: Array.from(f.householdId, (id, r) => [id, rows(f.householdOffsets, r).map((i) => pair(f.householdMember[i], f.householdMemberGen[i]))]),
        kin: Array.from(f.kinId, (id, k) => [
          id,
          f.kinGen[k],
          f.spouse[k] < 0 ? null : pair(f.spouse[k], f.spouseGen[k]),
          ...[0, 1, 2].map((l) => rows(f.linkOffsets, 3 * k + l).map((i) => pair(f.link[i], f.linkGen[i]))),
        ]),
        today: f.today,
      };
    }
    case 'bank': {
      const b = v as { histories: SavedHistories };
      const h = b.histories;
      return {
        ...b,
        histories: Array.from(h.eid, (eid, r) => ({
          eid,
          applications: rows(h.applicationOffsets, r).map((i) => h.applications[i]),
          incomeDays: rows(h.incomeOffsets, r).map((i) => h.incomeDays[i]),
          income: rows(h.incomeOffsets, r).map((i) => h.income[i]),
          loanTypes: h.loanTypes[r],
        })),
      };
    }
    case 'map': {
      const { terrain: _terrain, ...rest } = v as Record<string, unknown>;
      return rest;
    }
    default:
      return v;
  }
}

/**
 * A component section without one of its fields, as a format that lacked the field wrote it
 * (layout: u32 header length | JSON {fields, count} | pad 4 | each field's bytes padded to 4).
 */
function withoutField(data: Uint8Array, field: string): Uint8Array {
  const align4 = (n: number) => (n + 3) & ~3;
  const headerLen = new DataView(data.buffer, data.byteOffset).getUint32(0, true);
  const header = JSON.parse(new TextDecoder().decode(data.subarray(4, 4 + headerLen))) as { fields: [string, string][]; count: number };
  const size = (kind: string) => align4(header.count * (kind === 'u8' ? 1 : kind === 'u16' ? 2 : 4));
  const kept: Uint8Array[] = [];
  let at = align4(4 + headerLen);
  for (const [name, kind] of header.fields) {
    if (name !== field) kept.push(data.subarray(at, at + size(kind)));
    at += size(kind);
  }
  const newHeader = new TextEncoder().encode(JSON.stringify({ ...header, fields: header.fields.filter(([name]) => name !== field) }));
  const out = new Uint8Array(align4(4 + newHeader.length) + kept.reduce((n, k) => n + k.length, 0));
  new DataView(out.buffer).setUint32(0, newHeader.length, true);
  out.set(newHeader, 4);
  at = align4(4 + newHeader.length);
  for (const k of kept) (out.set(k, at), (at += k.length));
  return out;
}

/** Formats before 4 kept no record of own-account shifts: the world an older file stands for has none. */
function forgetOwnShifts(world: World): void {
  world.store(Employment).ownShiftDay.fill(0);
}

/** Files before format 8 know of no work longer than a shift: the world's work in progress becomes one shift (workTicks 0). */
function forgetWorkTicks(world: World): void {
  world.store(Employment).workTicks.fill(0);
}

/** Format 5 wrote every section as format 6 does, but a long text whole (a Utf8Text, not deflated in blocks). */
function toFormat5(name: string, v: unknown): unknown {
  if (name !== 'social-memory') return v;
  const m = v as SavedSocialMemory;
  return { ...m, texts: new Utf8Text(m.texts.read(0, m.texts.length).slice()) };
}

/** Formats 2 to 6 wrote the relationship graph's rows back to back (no room to grow, no counts). */
function toFormat6(name: string, v: unknown): unknown {
  if (name !== 'relationships') return v;
  const g = v as SavedGraph;
  const keep = Array.from(g.agent, (_a, r) => rows(g.offsets, r).slice(0, g.count[r])).flat();
  let at = 0;
  return {
    agent: g.agent,
    agentGen: g.agentGen,
    offsets: Uint32Array.from([0, ...Array.from(g.count, (n) => (at += n))]),
    to: Int32Array.from(keep, (i) => g.to[i]),
    toGen: Uint32Array.from(keep, (i) => g.toGen[i]),
    type: Uint8Array.from(keep, (i) => g.type[i]),
    strength: Float32Array.from(keep, (i) => g.strength[i]),
  };
}

/** Files before format 9 know of no firm's work: the world's firms count it from the load, and its share of late is unknown (-1). */
function forgetFirmWork(world: World): void {
  for (const f of world.resource(FirmsKey).all()) {
    f.workedMilli = 0;
    f.shortMilli = 0;
    f.lackMilli = -1;
  }
}

/** Formats before 9 wrote a firm's row without its work (done and short since the last firm day, and its share short of late). */
function withoutFirmWork(data: Uint8Array): Uint8Array {
  const rows = decodeValue(data, 'firms') as unknown[][];
  return encodeValue(rows.map((r) => r.slice(0, 7)), 'firms');
}

const same = (_name: string, v: unknown) => v;
const toFormat = { 1: toFormat1, 2: toFormat2, 3: toFormat4, 4: toFormat4, 5: toFormat5, 6: same, 7: same, 8: same };

function olderFile(version: 1 | 2 | 3 | 4 | 5 | 6 | 7 | 8, world: World, edit: (name: string, v: unknown) => unknown = (_n, v) => v): Uint8Array {
  if (version <= 3) forgetOwnShifts(world);
  if (version <= 7) forgetWorkTicks(world);
  forgetFirmWork(world);
  const file = readContainer(encodeWorld(world), FORMAT_VERSION);
  file.sections = file.sections.map((s): ContainerSection => {
    if (s.name === 'component:Employment') {
      const data = version <= 7 ? withoutField(s.data, 'workTicks') : s.data;
      return { name: s.name, data: version <= 3 ? withoutField(data, 'ownShiftDay') : data };
    }
    if (s.name === 'state:firms') return { name: s.name, data: withoutFirmWork(s.data) };
    if (!s.name.startsWith('state:') || version >= 7) return s;
    const name = s.name.slice(6);
    // Format 6 differs only in the graph (its texts in blocks would not re-encode as they were read).
    if (version === 6 && name !== 'relationships') return s;
    const current = toFormat6(name, decodeValue(s.data, name));
    return { name: s.name, data: encodeValue(edit(name, toFormat[version](name, current, world)), name) };
  });
  return writeContainer({ ...file, formatVersion: version });
}

const format1File = (world: World, edit?: (name: string, v: unknown) => unknown) => olderFile(1, world, edit);

describe('format 1 files', () => {
  it('migrate to the current format and load exactly, and the loaded world runs on exactly', () => {
    expect(FORMAT_VERSION).toBe(9);
    const world = familyWorld();
    const v1 = format1File(world);
    expect(inspectWorld(v1)).toMatchObject({ formatVersion: 1, population: world.entities.count });
    const loaded = loadWorld(v1);
    expect(loaded.stateHash()).toBe(world.stateHash());
    world.run(20);
    loaded.run(20);
    expect(loaded.stateHash()).toBe(world.stateHash());
  });

  it('a damaged format-1 section gets a one-line error naming it', () => {
    const world = familyWorld();
    const badRel = format1File(world, (name, v) => (name === 'relationships' ? [['x', 0, []], ...(v as unknown[])] : v));
    expect(() => loadWorld(badRel)).toThrow(/^relationships section: cannot migrate from format version 1 \(an agent id must be an integer/);
    const badFamilies = format1File(world, (name, v) => (name === 'families' ? { ...(v as object), kin: 'none' } : v));
    expect(() => loadWorld(badFamilies)).toThrow('families section: cannot migrate from format version 1 (kin must be a list)');
    // Migrated data is then validated like any section: a memory pointing at nobody.
    const ghost = format1File(world, (name, v) => (name === 'social-memory' ? [[world.entities.alive()[0], [[1, 'chat', 9999, 0, 'hi']]]] : v));
    expect(() => loadWorld(ghost)).toThrow(/^social-memory section: agent \d+: memory points at 9999, not a living agent$/);
    // Without terrain the map is rebuilt from the seed and must match the saved fingerprint.
    const otherMap = format1File(world, (name, v) => (name === 'map' ? { ...(v as object), fingerprint: '0000000000000000' } : v));
    expect(() => loadWorld(otherMap)).toThrow(/^map section: the save was made on a .* map \(fingerprint 0000000000000000\)/);
  });
});

/** A world with open orders on both sides of several books, an institution's among them. */
function tradingWorld(): World {
  const w = createSociety(village, { agents: 30, seed: 12 });
  w.run(40);
  const [a, b] = w.entities.alive();
  expect(submitOrder(w, a, 'food', 'buy', 1, 1).ok).toBe(true);
  expect(submitOrder(w, 'firm:0', 'food', 'buy', 1, 2).ok).toBe(true);
  expect(submitOrder(w, b, 'food', 'sell', 1, 100_000).ok).toBe(true);
  w.run(2);
  return w;
}

describe('format 2 files', () => {
  it('migrate to the current format (orders as columns) and load exactly, and run on exactly', () => {
    const world = tradingWorld();
    const saved = world.resource(MarketsKey).save();
    // The test means something only if there are bids, asks and an institution's orders to convert.
    const books = Object.values(saved.goods).map((g) => g.book);
    expect(books.some((b) => b.bids > 0) && books.some((b) => b.id.length > b.bids)).toBe(true);
    expect(saved.traders.length).toBeGreaterThan(0);
    const v2 = olderFile(2, world);
    expect(inspectWorld(v2)).toMatchObject({ formatVersion: 2, population: world.entities.count });
    const loaded = loadWorld(v2);
    expect(loaded.stateHash()).toBe(world.stateHash());
    world.run(20);
    loaded.run(20);
    expect(loaded.stateHash()).toBe(world.stateHash());
  });

  it('a damaged format-2 markets section gets a one-line error naming it', () => {
    const world = tradingWorld();
    type Markets2 = { goods: Record<string, { book: { orders: Record<string, unknown>[] } }> };
    const edit = (change: (m: Markets2) => void) => (name: string, v: unknown) => {
      if (name === 'markets') change(v as Markets2);
      return v;
    };
    const firstOrder = (m: Markets2) => Object.values(m.goods).find((g) => g.book.orders.length > 0)!.book.orders[0];
    const sideless = olderFile(2, world, edit((m) => (firstOrder(m).side = 'hold')));
    expect(() => loadWorld(sideless)).toThrow(/^markets section: cannot migrate from format version 2 \(a \w+ order's side must be "buy" or "sell"\)$/);
    const noOrders = olderFile(2, world, edit((m) => (m.goods.food.book.orders = 'none' as never)));
    expect(() => loadWorld(noOrders)).toThrow('markets section: cannot migrate from format version 2 (food orders must be a list)');
    // Migrated orders are then validated like any section's.
    const fractional = olderFile(2, world, edit((m) => (firstOrder(m).quantity = 1.5)));
    expect(() => loadWorld(fractional)).toThrow(/^markets section: \w+ order 0: quantity 1\.5 must be a positive integer$/);
  });
});

describe('format 3 files', () => {
  it('migrate to format 4 (Employment.ownShiftDay, zero) and load exactly, and run on exactly', () => {
    const world = tradingWorld();
    // Everyone in this village has a job: two quit and work a shift on their own account.
    for (const e of world.entities.alive().slice(0, 2)) {
      leaveJob(world, e, 'quit');
      workShift(world, e);
    }
    const own = world.store(Employment).ownShiftDay;
    expect(world.entities.alive().filter((e) => own[e] > 0).length).toBe(2);
    const v3 = olderFile(3, world);
    expect(inspectWorld(v3)).toMatchObject({ formatVersion: 3, population: world.entities.count });
    const loaded = loadWorld(v3);
    expect(loaded.stateHash()).toBe(world.stateHash());
    expect(loaded.entities.alive().every((e) => loaded.store(Employment).ownShiftDay[e] === 0)).toBe(true);
    world.run(48);
    loaded.run(48);
    expect(loaded.stateHash()).toBe(world.stateHash());
  });

  it('a damaged format-3 Employment section gets a one-line error naming it', () => {
    const world = tradingWorld();
    const file = readContainer(olderFile(3, world), 3);
    const damage = (edit: (data: Uint8Array) => Uint8Array) =>
      writeContainer({ ...file, sections: file.sections.map((s) => (s.name === 'component:Employment' ? { name: s.name, data: edit(s.data.slice()) } : s)) });
    expect(() => loadWorld(damage((d) => d.subarray(0, 3)))).toThrow('component Employment section: cannot migrate from format version 3 (too short)');
    expect(() => loadWorld(damage((d) => (new DataView(d.buffer).setUint32(0, 1 << 30, true), d)))).toThrow(
      /^component Employment section: cannot migrate from format version 3 \(declared header length 1073741824 exceeds the section\)$/,
    );
    expect(() => loadWorld(damage((d) => (d.fill(0x7b, 4, 8), d)))).toThrow('component Employment section: cannot migrate from format version 3 (header is not valid JSON)');
    // A file that already has the field is not a format-3 file: refused, not doubled.
    const v4Section = readContainer(encodeWorld(world), FORMAT_VERSION).sections.find((s) => s.name === 'component:Employment')!;
    expect(() => loadWorld(damage(() => v4Section.data))).toThrow('component Employment section: cannot migrate from format version 3 (field "ownShiftDay" is already there)');
  });
});

describe('format 4 files', () => {
  /** A world whose memories include texts beyond ASCII (2-, 3- and 4-byte characters), some built as lists and some still loaded columns. */
  function memoryWorld(): World {
    const w = loadWorld(encodeWorld(familyWorld()));
    const [a, b, c] = w.entities.alive();
    const memory = w.resource(SocialMemoryKey);
    memory.add(a, 'conversation', 'Sprach mit Jürgen über die Ernte', b);
    memory.add(b, 'gift', 'Gave a 🍞 to the neighbour — twice', c);
    memory.add(c, 'conversation', '价格太高了');
    // Someone walking a route of several legs (as around water), with fractional waypoints.
    w.resource(RoutesKey).follow(w, a, [10.5, 12, 30.25, 12, 30.25, 40.125]);
    return w;
  }

  it('migrate to format 5 (texts as UTF-8 bytes, routes as columns) and load exactly, and run on exactly', () => {
    const world = memoryWorld();
    // The test means something only if someone is walking a route of several legs.
    expect(world.resource(RoutesKey).save().agent.length).toBeGreaterThan(0);
    const v4 = olderFile(4, world);
    expect(inspectWorld(v4)).toMatchObject({ formatVersion: 4, population: world.entities.count });
    // The test means something only if the format-4 texts are a string with UTF-16 ends that differ from byte ends.
    const section = readContainer(v4, 4).sections.find((s) => s.name === 'state:social-memory')!;
    const old = decodeValue(section.data, 'social-memory') as { texts: unknown; textEnds: Uint32Array };
    expect(typeof old.texts).toBe('string');
    expect(old.textEnds[old.textEnds.length - 1]).toBeLessThan(world.resource(SocialMemoryKey).save().texts.bytes.length);
    const loaded = loadWorld(v4);
    expect(loaded.stateHash()).toBe(world.stateHash());
    const [a, b, c] = world.entities.alive();
    for (const eid of [a, b, c]) expect(loaded.resource(SocialMemoryKey).recent(eid)).toEqual(world.resource(SocialMemoryKey).recent(eid));
    world.run(20);
    loaded.run(20);
    expect(loaded.stateHash()).toBe(world.stateHash());
  });

  it('a damaged format-4 routes section gets a one-line error naming it', () => {
    const world = memoryWorld();
    const edit = (change: (rows: unknown[][]) => void) => (name: string, v: unknown) => {
      if (name === 'routes') change(v as unknown[][]);
      return v;
    };
    const noPoints = olderFile(4, world, edit((rows) => (rows[0][2] = 'far')));
    expect(() => loadWorld(noPoints)).toThrow('routes section: cannot migrate from format version 4 (waypoints must be a list)');
    const short = olderFile(4, world, edit((rows) => rows[0].pop()));
    expect(() => loadWorld(short)).toThrow('routes section: cannot migrate from format version 4 (a route must have 3 fields)');
    // Migrated routes are then validated like any section's.
    const odd = olderFile(4, world, edit((rows) => (rows[0][2] as number[]).push(1)));
    expect(() => loadWorld(odd)).toThrow(/^routes section: agent \d+: waypoints must be x, y pairs$/);
  });

  it('a damaged format-4 social-memory section gets a one-line error naming it', () => {
    const world = memoryWorld();
    const edit = (change: (m: { texts: string; textEnds: Uint32Array }) => void) => (name: string, v: unknown) => {
      if (name === 'social-memory') change(v as { texts: string; textEnds: Uint32Array });
      return v;
    };
    const shrunk = olderFile(4, world, edit((m) => (m.textEnds[0] = m.texts.length + 1)));
    expect(() => loadWorld(shrunk)).toThrow(/^social-memory section: cannot migrate from format version 4 \(memory 0's text ends at \d+, outside the texts\)$/);
    const longer = olderFile(4, world, edit((m) => (m.texts += 'x')));
    expect(() => loadWorld(longer)).toThrow('social-memory section: cannot migrate from format version 4 (the texts are longer than the memories say)');
    const noText = olderFile(4, world, edit((m) => (m.texts = 7 as never)));
    expect(() => loadWorld(noText)).toThrow('social-memory section: cannot migrate from format version 4 (texts must be a string)');
  });
});

describe('format 5 files', () => {
  it('load exactly with their texts stored whole, and the loaded world saves them in blocks', () => {
    const world = familyWorld();
    const memory = world.resource(SocialMemoryKey);
    const [a, b] = world.entities.alive();
    memory.add(a, 'conversation', 'Sprach mit Jürgen über die Ernte', b);
    for (let i = 0; i < 60; i++) memory.add(b, 'conversation', `Talked with someone about the weather, time ${i}`, a);
    // The test means something only if the texts are long enough for blocks (4 KiB and more).
    expect(memory.save().texts.bytes.length).toBeGreaterThan(4096);
    const v5 = olderFile(5, world);
    const jsonOf = (file: Uint8Array, version: number) => {
      const data = readContainer(file, version).sections.find((s) => s.name === 'state:social-memory')!.data;
      return new TextDecoder().decode(data.subarray(4, 4 + new DataView(data.buffer, data.byteOffset).getUint32(0, true)));
    };
    expect(jsonOf(v5, 5)).toContain('"texts":{"$utf8":');
    expect(inspectWorld(v5)).toMatchObject({ formatVersion: 5, population: world.entities.count });
    const loaded = loadWorld(v5);
    expect(loaded.stateHash()).toBe(world.stateHash());
    expect(loaded.resource(SocialMemoryKey).recent(a)).toEqual(memory.recent(a));
    expect(jsonOf(encodeWorld(loaded), FORMAT_VERSION)).toContain('"texts":{"$utf8z":');
    world.run(10);
    loaded.run(10);
    expect(loaded.stateHash()).toBe(world.stateHash());
  });
});

describe('format 6 files', () => {
  it("load exactly with the relationship graph's rows back to back, and run on exactly", () => {
    const world = familyWorld();
    const v6 = olderFile(6, world);
    expect(inspectWorld(v6)).toMatchObject({ formatVersion: 6, population: world.entities.count });
    const graph = readContainer(v6, 6).sections.find((s) => s.name === 'state:relationships')!;
    const compact = decodeValue(graph.data, 'relationships') as Omit<SavedGraph, 'count'>;
    expect(compact.to.length).toBe(compact.offsets[compact.agent.length]);
    const loaded = loadWorld(v6);
    expect(loaded.stateHash()).toBe(world.stateHash());
    world.run(20);
    loaded.run(20);
    expect(loaded.stateHash()).toBe(world.stateHash());
  });

  it('a damaged format-6 graph gets a one-line error naming it', () => {
    const world = familyWorld();
    const bad = olderFile(6, world, (name, v) => (name === 'relationships' ? { ...(v as object), offsets: new Uint32Array([0, 99]) } : v));
    expect(() => loadWorld(bad)).toThrow(/^relationships section: cannot migrate from format version 6 \(edge offsets/);
  });
});

describe('format 7 files', () => {
  it('migrate to format 8 (Employment.workTicks, zero: work in progress is one shift) and load exactly, and run on exactly', () => {
    const world = tradingWorld();
    // Mid-morning: people at work, on work that lasts until the end of working hours.
    while (world.clock.hour() !== 10) world.step();
    const working = world.entities.alive().filter((e) => world.store(Employment).workTicks[e] > 0);
    expect(working.length).toBeGreaterThan(0);
    const v7 = olderFile(7, world);
    expect(inspectWorld(v7)).toMatchObject({ formatVersion: 7, population: world.entities.count });
    const loaded = loadWorld(v7);
    expect(loaded.stateHash()).toBe(world.stateHash());
    expect(working.every((e) => loaded.store(Employment).workTicks[e] === 0)).toBe(true);
    world.run(48);
    loaded.run(48);
    expect(loaded.stateHash()).toBe(world.stateHash());
  });
});

describe('format 8 files', () => {
  it('migrate to format 9 (each firm\'s work counted from the load, its share short of work of late unknown) and load exactly, and run on exactly', () => {
    const world = tradingWorld();
    // Day 2's evening: the day's work is done and counted, and day 1's is in each firm's recent work.
    while (world.clock.tick < 2 * world.clock.ticksPerDay || world.clock.hour() !== 19) world.step();
    const firms = world.resource(FirmsKey).all();
    expect(firms.some((f) => f.workedMilli > 0) && firms.some((f) => f.lackMilli >= 0)).toBe(true);
    const v8 = olderFile(8, world);
    expect(inspectWorld(v8)).toMatchObject({ formatVersion: 8, population: world.entities.count });
    const loaded = loadWorld(v8);
    expect(loaded.stateHash()).toBe(world.stateHash());
    expect(loaded.resource(FirmsKey).all().every((f) => f.workedMilli === 0 && f.shortMilli === 0 && f.lackMilli === -1)).toBe(true);
    world.run(48);
    loaded.run(48);
    expect(loaded.stateHash()).toBe(world.stateHash());
  });

  it('a damaged format-8 firms section gets a one-line error naming it', () => {
    const world = tradingWorld();
    const bad = olderFile(8, world);
    const file = readContainer(bad, 8);
    file.sections = file.sections.map((s) => (s.name === 'state:firms' ? { name: s.name, data: encodeValue([[0, 'farm', 1]], 'firms') } : s));
    expect(() => loadWorld(writeContainer(file))).toThrow(/^firms section: cannot migrate from format version 8 \(firm 0 must have 7 fields\)/);
  });
});
