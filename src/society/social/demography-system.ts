// Social phase, once a simulated day: the marriage pass (the prototype's rule, its per-step chances
// read as per-day chances), the reproduction pass (births spawn real agents), and household pooling
// (money among the adults, food among everyone). Children grow up through the core vitals system's
// ageing; at adultAge they count as adults.

import type { System } from '../../engine/schedule';
import type { World } from '../../engine/world';
import { Inventory, Vitals, Wallet } from '../components';
import { ScenarioConfig } from '../core/config';
import { LedgerKey } from '../economy/ledger';
import { StockKey } from '../economy/stock';
import type { Good } from '../resources';
import { Kin, SEX_FEMALE, SEX_MALE } from './components';
import { compatibility, giveBirth, marriageBlocker, marry } from './families';
import { Families } from './family-registry';

/** The prototype's marriage pass: shuffled singles, the first `candidatesPerDay` propose to every later single. */
export function marriagePass(world: World): number {
  const cfg = world.resource(ScenarioConfig).social.marriage;
  const rng = world.stream('marriage');
  const kin = world.store(Kin);
  const alive = world.entities.alive();
  const age = world.store(Vitals).age;
  const adultAge = world.resource(ScenarioConfig).social.adultAge;
  const singles: number[] = [];
  for (let i = 0; i < alive.length; i++) if (!kin.married[alive[i]] && age[alive[i]] >= adultAge) singles.push(alive[i]);
  for (let i = singles.length - 1; i > 0; i--) {
    const j = rng.int(i + 1);
    [singles[i], singles[j]] = [singles[j], singles[i]];
  }
  let married = 0;
  const proposers = Math.min(cfg.candidatesPerDay, singles.length);
  for (let i = 0; i < proposers; i++) {
    const a = singles[i];
    if (kin.married[a]) continue;
    for (let j = i + 1; j < singles.length; j++) {
      const b = singles[j];
      if (kin.married[b] || !rng.chance(cfg.pairCheckChance)) continue;
      if (compatibility(world, a, b, rng.range(0, cfg.noise)) <= cfg.threshold || marriageBlocker(world, a, b)) continue;
      marry(world, a, b);
      married++;
      break;
    }
  }
  return married;
}

/** Couples (a woman and a man, both of fertile age, healthy enough, under their child cap) may have a child. */
export function reproductionPass(world: World): number {
  const cfg = world.resource(ScenarioConfig).social.reproduction;
  const rng = world.stream('reproduction');
  const families = world.resource(Families);
  const kin = world.store(Kin);
  const v = world.store(Vitals);
  const alive = world.entities.alive();
  const age = v.age;
  const minAge = cfg.minAge;
  const maxAge = cfg.maxAge;
  const couples: number[] = [];
  for (let i = 0; i < alive.length; i++) {
    const mother = alive[i];
    if (kin.sex[mother] !== SEX_FEMALE || !kin.married[mother] || age[mother] < minAge || age[mother] > maxAge) continue;
    const father = families.spouseOf(mother);
    if (father < 0 || kin.sex[father] !== SEX_MALE || age[father] < minAge || age[father] > maxAge) continue;
    if (v.health[mother] + v.health[father] < cfg.minHealthSum) continue;
    const cap = Math.floor(cfg.preferredChildren * rng.range(1 - cfg.jitter, 1 + cfg.jitter));
    if (families.livingChildren(mother) >= cap) continue;
    if (rng.chance(cfg.chancePerDay)) couples.push(mother, father);
  }
  const births = Math.min(couples.length / 2, cfg.maxBirthsPerDay);
  for (let i = 0; i < births; i++) giveBirth(world, couples[2 * i], couples[2 * i + 1]);
  return births;
}

/**
 * Pooling's per-household lists, reused across households and days: typed arrays of a household's
 * size, not arrays cut to length (setting an array's length, three times a household, was a third of
 * pooling's time). Grown, never shrunk.
 */
let adults = new Int32Array(16);
let give = new Float64Array(16);
let need = new Float64Array(16);

function room(n: number): void {
  if (adults.length >= n) return;
  adults = new Int32Array(2 * n);
  give = new Float64Array(2 * n);
  need = new Float64Array(2 * n);
}

/** Each adult's cash moves `rate` of the way toward the household's adult mean (transfers via the Ledger). */
export function poolHouseholds(world: World, rate: number): void {
  if (rate <= 0) return;
  const ledger = world.resource(LedgerKey);
  const cash = world.store(Wallet).cash;
  const age = world.store(Vitals).age;
  const adultAge = world.resource(ScenarioConfig).social.adultAge;
  for (const members of world.resource(Families).households.values()) {
    if (members.length < 2) continue;
    room(members.length);
    let n = 0;
    for (let i = 0; i < members.length; i++) if (age[members[i]] >= adultAge) adults[n++] = members[i];
    if (n < 2) continue;
    let sum = 0;
    for (let i = 0; i < n; i++) sum += cash[adults[i]];
    settleTowardMean(adults, n, cash, sum / n, rate);
    let d = 0;
    for (let r = 0; r < n; r++) {
      while (need[r] > 0 && d < n) {
        if (give[d] === 0) {
          d++;
          continue;
        }
        const amount = Math.min(give[d], need[r]);
        ledger.transfer(world, adults[d], adults[r], amount);
        give[d] -= amount;
        need[r] -= amount;
      }
    }
  }
}

/** A shared larder: each member's food (children included) moves `rate` of the way toward the household mean (Stock moves). */
export function poolFood(world: World, rate: number): void {
  poolGood(world, 'food', rate, false);
}

/** A shared hearth: each adult's energy (homes burn it; children burn none) moves `rate` of the way toward the adults' mean. */
export function poolEnergy(world: World, rate: number): void {
  poolGood(world, 'energy', rate, true);
}

function poolGood(world: World, good: Good, rate: number, adultsOnly: boolean): void {
  if (rate <= 0) return;
  const stock = world.resource(StockKey);
  const held = world.store(Inventory)[good];
  const age = world.store(Vitals).age;
  const adultAge = world.resource(ScenarioConfig).social.adultAge;
  for (const members of world.resource(Families).households.values()) {
    if (members.length < 2) continue;
    room(members.length);
    let n = 0;
    for (let i = 0; i < members.length; i++) if (!adultsOnly || age[members[i]] >= adultAge) adults[n++] = members[i];
    if (n < 2) continue;
    let sum = 0;
    for (let i = 0; i < n; i++) sum += held[adults[i]];
    settleTowardMean(adults, n, held, sum / n, rate);
    let d = 0;
    for (let r = 0; r < n; r++) {
      while (need[r] > 0 && d < n) {
        if (give[d] === 0) {
          d++;
          continue;
        }
        const units = Math.min(give[d], need[r]);
        stock.move(world, adults[d], adults[r], good, units);
        give[d] -= units;
        need[r] -= units;
      }
    }
  }
}

/** What each of the first n members has over the mean to give and under it to receive, `rate` of the way, in whole units (into give and need). */
function settleTowardMean(members: ArrayLike<number>, n: number, held: ArrayLike<number>, mean: number, rate: number): void {
  for (let i = 0; i < n; i++) {
    const h = held[members[i]];
    give[i] = Math.max(0, Math.floor((h - mean) * rate));
    need[i] = Math.max(0, Math.floor((mean - h) * rate));
  }
}

export const demographySystem: System = {
  name: 'demography',
  phase: 'social',
  run(world: World) {
    if (!world.clock.isDayStart()) return;
    marriagePass(world);
    reproductionPass(world);
    const household = world.resource(ScenarioConfig).social.household;
    poolHouseholds(world, household.poolingPerDay);
    poolFood(world, household.foodPoolingPerDay);
    poolEnergy(world, household.energyPoolingPerDay);
  },
};
