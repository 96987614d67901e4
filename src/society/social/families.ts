// Marriage, birth and death: the rules that change families, households, kinship links and the
// relationship graph together, so every side stays consistent.

import type { World } from '../../engine/world';
import { Identity, Inventory, Position, Vitals } from '../components';
import { Names, spawnAgent } from '../core/agents';
import { ScenarioConfig } from '../core/config';
import { familyNameOf, PROFESSIONS, TRAITS } from '../names';
import { GOODS } from '../resources';
import { assignHome, homeOf } from '../world/places';
import { affinityArrays, Culture, isAdult, Kin, SEX_FEMALE, SEX_MALE, Social } from './components';
import { Families, TRADITIONS } from './family-registry';
import { settleEstate } from './inheritance';
import { Relationships } from './relationship-graph';
import { SocialMemoryKey } from './social-memory';

export function nameOf(world: World, eid: number): string {
  return world.resource(Names).nameAt(eid) ?? `agent ${eid}`;
}

/** The home of `eid` on the map, or -1 (also when the world has no map). */
function homeOfAny(world: World, eid: number): number {
  return world.hasPlugin('world') ? homeOf(world, eid) : -1;
}

/** `mover` moves into the home of `host`, if the host has one. */
function shareHome(world: World, host: number, mover: number): void {
  const home = homeOfAny(world, host);
  if (home >= 0) assignHome(world, mover, home);
}

/** Why these two may not marry now, or null. */
export function marriageBlocker(world: World, a: number, b: number): string | null {
  if (a === b) return 'cannot marry yourself';
  if (!world.isAlive(a) || !world.isAlive(b)) return 'both must be alive';
  if (!isAdult(world, a) || !isAdult(world, b)) return 'both must be adults';
  const kin = world.store(Kin);
  if (kin.married[a] || kin.married[b]) return 'already married';
  if (world.resource(Families).isKin(a, b)) return 'close relatives cannot marry';
  return null;
}

/** The prototype's compatibility: 0.5 + age bonus + same-culture bonus + U(0, noise), capped at 1. */
export function compatibility(world: World, a: number, b: number, noise: number): number {
  const m = world.resource(ScenarioConfig).social.marriage;
  const age = world.store(Vitals).age;
  const gap = Math.abs(age[a] - age[b]);
  let c = m.base + (gap <= 5 ? m.closeAgeBonus : gap <= 10 ? m.nearAgeBonus : 0);
  const group = world.store(Culture).group;
  if (group[a] === group[b]) c += m.sameCultureBonus;
  return Math.min(1, c + noise);
}

/** Marry a and b (caller checked marriageBlocker): spouse links, a shared family and a new household. */
export function marry(world: World, a: number, b: number): void {
  const families = world.resource(Families);
  const kin = world.store(Kin);
  families.links(a).spouse = world.entities.ref(b);
  families.links(b).spouse = world.entities.ref(a);
  kin.married[a] = 1;
  kin.married[b] = 1;
  world.resource(Relationships).setPair(a, b, 'spouse', 'spouse', 0.8);
  // The couple joins the family one of them already has (a's first), or founds one with a's surname.
  let famId = kin.family[a] || kin.family[b];
  if (!famId) {
    const rng = world.stream('family');
    const pool: string[] = [...TRADITIONS];
    const traditions: string[] = [];
    for (let n = rng.intBetween(2, 5); n > 0; n--) traditions.push(pool.splice(rng.int(pool.length), 1)[0]);
    famId = families.newFamily(familyNameOf(nameOf(world, a)), traditions).id;
  }
  families.joinFamily(a, famId);
  families.joinFamily(b, famId);
  // A new household: the couple and the minors each of them lived with.
  const minors = [a, b].flatMap((p) => families.householdMembers(kin.household[p]).filter((m) => m !== a && m !== b && !isAdult(world, m) && families.parentsOf(m).includes(p)));
  families.newHousehold([a, b, ...minors]);
  // The household shares a home: a's if a has one, else b's.
  const host = homeOfAny(world, a) >= 0 ? a : b;
  for (const m of [a, b, ...minors]) if (m !== host) shareHome(world, host, m);
  families.today.marriages++;
  const memory = world.resource(SocialMemoryKey);
  memory.add(a, 'marriage', `Married ${nameOf(world, b)}.`, b);
  memory.add(b, 'marriage', `Married ${nameOf(world, a)}.`, a);
  world.emit('marriage', { a, b });
}

/**
 * A child is born to mother and father: a new entity with both parents, generation + 1, the family
 * name, traits inherited with variation, and nothing in hand (goods and money only arrive by gifts,
 * so both stay conserved).
 */
export function giveBirth(world: World, mother: number, father: number): number {
  const cfg = world.resource(ScenarioConfig).social;
  const rng = world.stream('birth');
  const families = world.resource(Families);
  const kin = world.store(Kin);
  const id = world.store(Identity);
  const p = world.store(Position);
  const fam = families.familyOf(mother) ?? families.familyOf(father);
  const inherit = (field: 'trait' | 'profession', n: number) => (rng.chance(cfg.reproduction.mutation) ? rng.int(n) : id[field][rng.chance(0.5) ? mother : father]);
  const trait = inherit('trait', TRAITS.length);
  const profession = inherit('profession', PROFESSIONS.length);
  const child = spawnAgent(world, {
    x: p.x[mother],
    y: p.y[mother],
    age: 0,
    cash: 0,
    trait,
    profession,
    brain: id.brain[mother],
    familyName: fam?.surname.replace(/-\d+$/, '') ?? familyNameOf(nameOf(world, mother)),
  });
  // spawnAgent endows a newcomer with the scenario's starting goods; a newborn brings none into the world.
  const inv = world.store(Inventory);
  for (const g of GOODS) inv[g][child] = 0;

  kin.sex[child] = rng.chance(0.5) ? SEX_MALE : SEX_FEMALE;
  kin.generation[child] = Math.max(kin.generation[mother], kin.generation[father]) + 1;
  if (fam) families.joinFamily(child, fam.id);
  families.moveToHousehold(child, kin.household[mother]);
  shareHome(world, mother, child);
  // Culture: a parent's group, the parents' mean affinities.
  const c = world.store(Culture);
  c.group[child] = c.group[rng.chance(0.5) ? mother : father];
  for (const arr of affinityArrays(c)) arr[child] = (arr[mother] + arr[father]) / 2;
  world.store(Social).reputation[child] = cfg.reputation.initial;

  const graph = world.resource(Relationships);
  const me = world.entities.ref(child);
  const childLinks = families.links(child);
  for (const parent of [mother, father]) {
    const siblings = families.childrenOf(parent);
    for (const s of siblings) {
      if (childLinks.siblings.some((r) => r.id === s)) continue;
      childLinks.siblings.push(world.entities.ref(s));
      families.links(s).siblings.push(me);
      graph.setPair(child, s, 'sibling', 'sibling', 0.6);
    }
  }
  for (const parent of [mother, father]) {
    childLinks.parents.push(world.entities.ref(parent));
    families.links(parent).children.push(me);
    // "b is my child" from the parent's side, "b is my parent" from the child's.
    graph.setPair(parent, child, 'child', 'parent', 0.9);
  }
  families.today.births++;
  const memory = world.resource(SocialMemoryKey);
  for (const parent of [mother, father]) memory.add(parent, 'birth', `Our child ${nameOf(world, child)} was born.`, child);
  world.emit('birth', { agent: child, parents: [mother, father] });
  return child;
}

/**
 * The social side of a death, run as a despawn hook after the economy's (which cancel orders, settle
 * loans and refund deposits into the wallet): the death event, grief, the estate, then every link to
 * the dead is closed.
 */
export function onDeath(world: World, eid: number, cause: string): void {
  const cfg = world.resource(ScenarioConfig).social;
  const families = world.resource(Families);
  const graph = world.resource(Relationships);
  const memory = world.resource(SocialMemoryKey);
  const age = world.store(Vitals).age[eid];
  world.emit('death', { agent: eid, cause, age });
  families.today.deaths[cause] = (families.today.deaths[cause] ?? 0) + 1;

  // Grief: kin and close bonds lose happiness in proportion to the bond.
  const happiness = world.store(Vitals).happiness;
  const name = nameOf(world, eid);
  for (const e of graph.edges(eid)) {
    const feeling = graph.strength(e.to, eid);
    const kinBond = e.type === 'spouse' || e.type === 'parent' || e.type === 'child' || e.type === 'sibling';
    if (!kinBond && feeling < cfg.death.griefAt) continue;
    happiness[e.to] = Math.max(0, happiness[e.to] - cfg.death.griefLoss * Math.max(feeling, kinBond ? 0.5 : 0));
    memory.add(e.to, 'death', `${name} died (${cause.replace('_', ' ')}).`);
  }

  const estate = settleEstate(world, eid);
  for (const h of estate.heirs) memory.add(h, 'inheritance', `Inherited from ${name}.`);

  families.remove(eid);
  graph.removeAll(eid);
  memory.forget(world.entities.ref(eid));
}
