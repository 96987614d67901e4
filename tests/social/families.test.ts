import { describe, expect, it } from 'vitest';
import { Identity, Inventory, Vitals, Wallet } from '../../src/society/components';
import { Names } from '../../src/society/core/agents';
import { LedgerKey } from '../../src/society/economy/ledger';
import { StockKey } from '../../src/society/economy/stock';
import { Culture, isAdult, Kin } from '../../src/society/social/components';
import { marriagePass, reproductionPass } from '../../src/society/social/demography-system';
import { compatibility, giveBirth, marriageBlocker, marry } from '../../src/society/social/families';
import { decodeValue, encodeValue } from '../../src/persistence/section-codec';
import { Families } from '../../src/society/social/family-registry';
import { Relationships } from '../../src/society/social/relationship-graph';
import { person, society } from './helpers';

const conserved = (w: ReturnType<typeof society>) => {
  expect(w.resource(LedgerKey).discrepancy(w)).toBe(0);
  expect(Object.values(w.resource(StockKey).discrepancy(w))).toEqual([0, 0, 0, 0, 0, 0, 0]);
};

describe('marriage', () => {
  it("compatibility is the prototype's: 0.5 + age bonus (+0.2 within 5 years, +0.1 within 10) + 0.15 same culture + noise", () => {
    const w = society(4);
    const [a, b, c, d] = w.entities.alive();
    const g = w.store(Culture).group;
    person(w, a, 30, 'f');
    person(w, b, 33, 'm');
    person(w, c, 38, 'm');
    person(w, d, 55, 'm');
    g[a] = g[b] = 1;
    g[c] = g[d] = 2;
    expect(compatibility(w, a, b, 0)).toBeCloseTo(0.85, 6);
    expect(compatibility(w, a, c, 0)).toBeCloseTo(0.6, 6);
    expect(compatibility(w, a, d, 0.1)).toBeCloseTo(0.6, 6);
    expect(compatibility(w, a, b, 0.15)).toBeCloseTo(1, 6);
  });

  it('only unmarried adults who are not close kin may marry', () => {
    const w = society(5);
    const [a, b, c, kid, e] = w.entities.alive();
    person(w, a, 25, 'f');
    person(w, b, 26, 'm');
    person(w, c, 27, 'm');
    person(w, kid, 12, 'f');
    person(w, e, 40, 'm');
    expect(marriageBlocker(w, a, kid)).toMatch(/adults/);
    expect(marriageBlocker(w, a, a)).toMatch(/yourself/);
    expect(marriageBlocker(w, a, b)).toBeNull();
    marry(w, a, b);
    expect(marriageBlocker(w, a, c)).toMatch(/already married/);
    const [c1, c2] = [giveBirth(w, a, b), giveBirth(w, a, b)];
    w.store(Vitals).age[c1] = 20;
    w.store(Vitals).age[c2] = 21;
    expect(marriageBlocker(w, c1, c2)).toMatch(/relatives/);
    expect(marriageBlocker(w, c1, e)).toBeNull();
  });

  it('marrying links both spouses, shares a family and a household, and emits the event', () => {
    const w = society(2);
    const [a, b] = w.entities.alive();
    person(w, a, 25, 'f');
    person(w, b, 28, 'm');
    marry(w, a, b);
    const f = w.resource(Families);
    const kin = w.store(Kin);
    expect(f.spouseOf(a)).toBe(b);
    expect(f.spouseOf(b)).toBe(a);
    expect(kin.married[a] && kin.married[b]).toBe(1);
    expect(kin.family[a]).toBeGreaterThan(0);
    expect(kin.family[a]).toBe(kin.family[b]);
    expect(kin.household[a]).toBe(kin.household[b]);
    expect(f.householdMembers(kin.household[a])).toEqual([a, b]);
    expect(w.resource(Relationships).typeOf(a, b)).toBe('spouse');
    expect(w.events.recent('marriage').at(-1)).toMatchObject({ a, b });
    const fam = f.familyOf(a)!;
    expect(fam.traditions.length).toBeGreaterThanOrEqual(2);
    expect(fam.traditions.length).toBeLessThanOrEqual(5);
  });

  it('the marriage pass marries adults only, at most once each, and never with a zero chance', () => {
    const none = society(20, { marriage: { pairCheckChance: 0 } });
    expect(marriagePass(none)).toBe(0);
    const w = society(20, { marriage: { pairCheckChance: 1, candidatesPerDay: 21 } });
    const ids = Array.from(w.entities.alive());
    ids.forEach((e, i) => person(w, e, i < 4 ? 10 : 30, i % 2 ? 'm' : 'f'));
    const n = marriagePass(w);
    expect(n).toBe(8); // 16 adults, every pair check succeeds, compatibility > 0.5 always
    const kin = w.store(Kin);
    for (const e of ids.slice(0, 4)) expect(kin.married[e]).toBe(0);
    for (const e of ids.slice(4)) expect(kin.married[e]).toBe(1);
    const f = w.resource(Families);
    for (const e of ids.slice(4)) expect(f.spouseOf(f.spouseOf(e))).toBe(e);
  });

  it('limits proposers to candidatesPerDay per day', () => {
    const w = society(40, { marriage: { pairCheckChance: 1, candidatesPerDay: 3 } });
    for (const e of w.entities.alive()) person(w, e, 30, 'f');
    // Proposer 0 marries the next single (proposer 1), who then proposes no more; proposer 2 marries too.
    expect(marriagePass(w)).toBe(2);
    const none = society(40, { marriage: { pairCheckChance: 1, candidatesPerDay: 0 } });
    expect(marriagePass(none)).toBe(0);
  });
});

describe('birth', () => {
  it('a birth is a new entity with both parents, generation + 1, the family name, inherited traits, and nothing in hand', () => {
    const w = society(2, { reproduction: { mutation: 0 } });
    const [m, f] = w.entities.alive();
    person(w, m, 25, 'f');
    person(w, f, 27, 'm');
    marry(w, m, f);
    const kin = w.store(Kin);
    kin.generation[f] = 2;
    const id = w.store(Identity);
    const before = w.entities.count;
    const children = [giveBirth(w, m, f), giveBirth(w, m, f), giveBirth(w, m, f)];
    expect(w.entities.count).toBe(before + 3);
    const fam = w.resource(Families);
    const rel = w.resource(Relationships);
    const surname = fam.familyOf(m)!.surname;
    for (const c of children) {
      expect(w.isAlive(c)).toBe(true);
      expect(fam.parentsOf(c)).toEqual([m, f]);
      expect(kin.generation[c]).toBe(3);
      expect([id.trait[m], id.trait[f]]).toContain(id.trait[c]);
      expect([id.profession[m], id.profession[f]]).toContain(id.profession[c]);
      expect(w.resource(Names).get(c)!.name.endsWith(` ${surname}`)).toBe(true);
      expect(w.store(Vitals).age[c]).toBe(0);
      expect(isAdult(w, c)).toBe(false);
      expect(w.store(Wallet).cash[c]).toBe(0);
      expect(w.store(Inventory).food[c]).toBe(0);
      expect(kin.family[c]).toBe(kin.family[m]);
      expect(kin.household[c]).toBe(kin.household[m]);
      // Consistent from both sides: the parent's edge says "child", the child's says "parent".
      expect(rel.typeOf(m, c)).toBe('child');
      expect(rel.typeOf(c, m)).toBe('parent');
      expect(rel.typeOf(f, c)).toBe('child');
    }
    expect(fam.childrenOf(m)).toEqual(children);
    expect(fam.childrenOf(f)).toEqual(children);
    expect(fam.siblingsOf(children[0])).toEqual([children[1], children[2]]);
    expect(fam.siblingsOf(children[2])).toEqual([children[0], children[1]]);
    expect(rel.typeOf(children[0], children[1])).toBe('sibling');
    expect(w.events.recent('birth').at(-1)).toMatchObject({ agent: children[2], parents: [m, f] });
    conserved(w);
  });

  it('the reproduction pass only gives children to married woman-man couples of fertile age, up to the child cap', () => {
    const w = society(8, { reproduction: { chancePerDay: 1, preferredChildren: 2, jitter: 0 } });
    const [a, b, c, d, e, f, g, h] = w.entities.alive();
    person(w, a, 30, 'f');
    person(w, b, 31, 'm'); // fertile couple
    person(w, c, 30, 'f');
    person(w, d, 50, 'm'); // too old
    person(w, e, 30, 'f');
    person(w, f, 30, 'f'); // same sex
    person(w, g, 30, 'f');
    person(w, h, 30, 'm'); // unmarried
    marry(w, a, b);
    marry(w, c, d);
    marry(w, e, f);
    expect(reproductionPass(w)).toBe(1);
    expect(reproductionPass(w)).toBe(1);
    expect(reproductionPass(w)).toBe(0); // the cap of 2
    expect(w.resource(Families).childrenOf(a).length).toBe(2);
    expect(w.resource(Families).childrenOf(c).length).toBe(0);
    expect(w.resource(Families).childrenOf(g).length).toBe(0);
  });
});

describe('ageing', () => {
  it('agents age one year per simulated year, and a child becomes an adult at 18', () => {
    const w = society(2);
    const [a, b] = w.entities.alive();
    const v = w.store(Vitals);
    v.age[a] = 17.99;
    v.age[b] = 30;
    expect(isAdult(w, a)).toBe(false);
    w.run(w.clock.ticksPerDay * 6);
    expect(v.age[b]).toBeCloseTo(30 + 6 / 360, 3); // f32 ages
    expect(isAdult(w, a)).toBe(true);
  });
});

describe('households share a home', () => {
  it('spouses move into one home and a newborn lives with its mother', async () => {
    const { homeOf } = await import('../../src/society/world/places');
    const w = society(30);
    const ids = Array.from(w.entities.alive());
    const [a] = ids;
    const b = ids.find((e) => homeOf(w, e) !== homeOf(w, a) && homeOf(w, e) >= 0)!;
    expect(homeOf(w, a)).toBeGreaterThanOrEqual(0);
    person(w, a, 25, 'f');
    person(w, b, 27, 'm');
    marry(w, a, b);
    expect(homeOf(w, b)).toBe(homeOf(w, a));
    const child = giveBirth(w, a, b);
    expect(homeOf(w, child)).toBe(homeOf(w, a));
  });
});

describe('family names', () => {
  it('a taken surname gets the first free suffix, also after a save and a load', () => {
    const w = society(2);
    const fam = w.resource(Families);
    const names = () => Array.from({ length: 4 }, () => fam.newFamily('Okafor', []).surname);
    expect(names()).toEqual(['Okafor', 'Okafor-2', 'Okafor-3', 'Okafor-4']);
    fam.load(fam.save());
    expect(names()).toEqual(['Okafor-5', 'Okafor-6', 'Okafor-7', 'Okafor-8']);
    fam.newFamily('Okafor-10', []);
    expect(names().slice(0, 3)).toEqual(['Okafor-9', 'Okafor-11', 'Okafor-12']);
  });
});

describe('the families and social-memory sections', () => {
  it('round-trip through JSON, and reject one-sided links or dead members without changing anything', async () => {
    const { SocialMemoryKey } = await import('../../src/society/social/social-memory');
    const w = society(4);
    const [a, b, c] = w.entities.alive();
    person(w, a, 25, 'f');
    person(w, b, 27, 'm');
    marry(w, a, b);
    giveBirth(w, a, b);
    w.resource(SocialMemoryKey).add(a, 'conversation', 'hello', c);
    const fam = w.resource(Families);
    // Through the world file's section codec, as a save and a load see it.
    const copy = <T>(v: T, name: string) => decodeValue(encodeValue(v, name), name) as T;
    const saved = copy(fam.save(), 'families');
    fam.load(saved);
    expect(fam.save()).toEqual(saved);
    const oneSided = copy(saved, 'families');
    oneSided.spouse[oneSided.kinId.indexOf(a)] = -1; // a forgets its spouse, b still names a
    expect(() => fam.load(oneSided)).toThrow(/spouse, but not the other way round/);
    expect(fam.save()).toEqual(saved);
    // A household listed twice (the second time empty, so no member check catches it).
    const twice = copy(saved, 'families');
    const first = twice.householdId[0];
    twice.householdId = Int32Array.from([...twice.householdId, first]);
    twice.householdOffsets = Uint32Array.from([...twice.householdOffsets, twice.householdMember.length]);
    expect(() => fam.load(twice)).toThrow(`families section: household id ${first} is out of range or repeated`);
    expect(fam.save()).toEqual(saved);
    const mem = w.resource(SocialMemoryKey);
    const memSaved = copy(mem.save(), 'social-memory');
    const overrun = copy(memSaved, 'social-memory');
    overrun.textEnds[overrun.textEnds.length - 1] += 1;
    expect(() => mem.load(overrun)).toThrow(/social-memory section: memory \d+'s text ends at \d+, outside the texts/);
    w.despawn(c, 'test');
    expect(() => mem.load(memSaved)).toThrow(/not a living agent/);
    const afterDeath = JSON.stringify(fam.save());
    expect(() => fam.load(saved)).toThrow(/household \d+ member \d+ .* is not a living agent/);
    expect(JSON.stringify(fam.save())).toBe(afterDeath);
  });
});

describe('household pooling', () => {
  it('moves money and energy among the adults and food among everyone toward the household mean, conserving all three', async () => {
    const { poolEnergy, poolFood, poolHouseholds } = await import('../../src/society/social/demography-system');
    const w = society(2);
    const [a, b] = w.entities.alive();
    person(w, a, 30, 'f');
    person(w, b, 31, 'm');
    marry(w, a, b);
    const kid = giveBirth(w, a, b);
    const cash = w.store(Wallet).cash;
    const food = w.store(Inventory).food;
    const ledger = w.resource(LedgerKey);
    ledger.transfer(w, b, a, cash[b] - 1000); // a rich, b poor
    const total = cash[a] + cash[b];
    poolHouseholds(w, 0.5);
    expect(cash[a] + cash[b]).toBe(total);
    expect(Math.abs(cash[a] - cash[b])).toBeLessThan(Math.abs(total - 2000) / 2 + 2);
    expect(cash[kid]).toBe(0); // children do not hold the purse
    const stock = w.resource(StockKey);
    stock.move(w, b, a, 'food', food[b] - 2); // a's larder full, b's nearly empty, the newborn's empty
    const foodTotal = food[a] + food[b] + food[kid];
    poolFood(w, 1);
    expect(food[a] + food[b] + food[kid]).toBe(foodTotal);
    expect(food[kid]).toBeGreaterThan(0);
    expect(Math.max(food[a], food[b], food[kid]) - Math.min(food[a], food[b], food[kid])).toBeLessThanOrEqual(2);
    // A shared hearth: energy among the adults only (children burn none).
    const energy = w.store(Inventory).energy;
    stock.move(w, b, a, 'energy', energy[b]);
    stock.produce(w, a, 'energy', 6, 'test');
    const energyTotal = energy[a] + energy[b] + energy[kid];
    const kidEnergy = energy[kid];
    poolEnergy(w, 1);
    expect(energy[a] + energy[b] + energy[kid]).toBe(energyTotal);
    expect(energy[b]).toBeGreaterThan(0);
    expect(Math.abs(energy[a] - energy[b])).toBeLessThanOrEqual(1);
    expect(energy[kid]).toBe(kidEnergy);
    conserved(w);
  });
});
