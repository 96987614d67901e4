// Life phase, once a simulated day: homes burn energy (heat, light, cooking). Each adult uses a unit
// every `homeEnergyEveryDays` days, on a day set by its id so that a town's burning is spread; one
// with none in hand has a cold day and loses `coldHappiness`. This is the demand the mills' output
// meets: a cold home's energy is the heuristic's first evening purchase, and households pool it.

import type { System } from '../../engine/schedule';
import type { World } from '../../engine/world';
import { Inventory, Vitals } from '../components';
import { ScenarioConfig } from '../core/config';
import { StockKey } from '../economy/stock';
import { dayOf } from './firms';

export const homeEnergySystem: System = {
  name: 'home-energy',
  phase: 'life',
  run(world: World) {
    if (!world.clock.isDayStart()) return;
    coldToday.set(world, burnHomeEnergy(world));
  },
};

/** Each world's adults with a cold day at the last day start, for the metrics row recorded in the same tick. */
const coldToday = new WeakMap<World, number>();

/** How many adults had a cold day at the last day start (0 before the first). */
export function coldAdultsToday(world: World): number {
  return coldToday.get(world) ?? 0;
}

/** The day's burning; returns how many adults had a cold day (no energy to burn). */
export function burnHomeEnergy(world: World): number {
  const cfg = world.resource(ScenarioConfig);
  const every = cfg.production.homeEnergyEveryDays;
  if (every <= 0) return 0;
  const day = dayOf(world);
  const stock = world.resource(StockKey);
  const energy = world.store(Inventory).energy;
  const { age, happiness } = world.store(Vitals);
  const adultAge = cfg.social.adultAge;
  const cold = cfg.production.coldHappiness;
  const alive = world.entities.alive();
  let colder = 0;
  for (let i = 0; i < alive.length; i++) {
    const eid = alive[i];
    if ((day + eid) % every !== 0 || age[eid] < adultAge) continue;
    if (energy[eid] >= 1) stock.consume(world, eid, 'energy', 1, 'burned at home');
    else {
      happiness[eid] = Math.max(0, happiness[eid] - cold);
      colder++;
    }
  }
  return colder;
}
