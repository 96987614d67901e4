// Life phase, once a simulated day: death from old age, by a Gompertz hazard per year
// h(age) = hazardBase × exp(hazardGrowth × age), i.e. a daily chance 1 − exp(−h / 360). Starvation and
// health 0 are already scheduled by the core vitals system (reasons "starvation" and "health"). Every
// removal, whatever the cause, goes through the social despawn hook (families.ts onDeath), which emits
// the one 'death' event with the cause and the age and settles the estate.

import { DAYS_PER_YEAR } from '../../engine/clock';
import type { System } from '../../engine/schedule';
import type { World } from '../../engine/world';
import { Vitals } from '../components';
import { ScenarioConfig } from '../core/config';

/** The daily chance of dying of old age at `age`. */
export function oldAgeDailyChance(age: number, base: number, growth: number): number {
  return 1 - Math.exp(-(base * Math.exp(growth * age)) / DAYS_PER_YEAR);
}

export const deathSystem: System = {
  name: 'old-age',
  phase: 'life',
  run(world: World) {
    if (!world.clock.isDayStart()) return;
    const cfg = world.resource(ScenarioConfig).social.death;
    const rng = world.stream('death');
    const age = world.store(Vitals).age;
    const alive = world.entities.alive();
    for (let i = 0; i < alive.length; i++) {
      const e = alive[i];
      if (rng.chance(oldAgeDailyChance(age[e], cfg.hazardBase, cfg.hazardGrowth))) world.despawnLater(e, 'old_age');
    }
  },
};
