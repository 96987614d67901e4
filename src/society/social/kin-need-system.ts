// Perceive phase: who has kin in need, as of the start of the tick (a minor with at most one meal,
// anyone with no food and hunger ≥ 0.6, an adult with less than half the household need in cash).
// The heuristic brain's family support looks at a giver's kin only when this flags the giver:
// kin in need are rare (in a town of 2,500, a handful at a time), and walking every giver's
// family at every decision was 5% of a tick that produced no gift at all.

import type { System } from '../../engine/schedule';
import { resourceKey, type World } from '../../engine/world';
import type { EntityRef } from '../../engine/entities';
import { Inventory, Vitals, Wallet } from '../components';
import { ScenarioConfig } from '../core/config';
import { Families } from './family-registry';

/** flags[eid] is 1 when some kin of eid was in need at the start of this tick. */
export interface KinInNeed {
  flags: Uint8Array;
}

export const KinInNeedKey = resourceKey<KinInNeed>('kinInNeed');

export const kinNeedSystem: System = {
  name: 'kin-in-need',
  phase: 'perceive',
  run(world: World) {
    const need = world.resource(KinInNeedKey);
    const capacity = world.entities.highWater;
    if (need.flags.length < capacity) need.flags = new Uint8Array(capacity);
    const flags = need.flags;
    flags.fill(0);
    const cfg = world.resource(ScenarioConfig).social;
    const poorBelow = cfg.household.needCents / 2;
    const adultAge = cfg.adultAge;
    const food = world.store(Inventory).food;
    const cash = world.store(Wallet).cash;
    const { age, hunger } = world.store(Vitals);
    const families = world.resource(Families);
    const alive = world.entities.alive();
    for (let i = 0; i < alive.length; i++) {
      const k = alive[i];
      // Fed and not poor (most of a town): in need on none of the counts below, without reading the age.
      if (food[k] > 1 && cash[k] >= poorBelow) continue;
      const adult = age[k] >= adultAge;
      const inNeed = (!adult && food[k] <= 1) || (food[k] === 0 && hunger[k] >= 0.6) || (adult && poorBelow > 0 && cash[k] < poorBelow);
      if (!inNeed) continue;
      const links = families.links(k);
      if (links.spouse) flags[links.spouse.id] = 1;
      mark(flags, links.parents);
      mark(flags, links.children);
      mark(flags, links.siblings);
    }
  },
};

function mark(flags: Uint8Array, refs: readonly EntityRef[]): void {
  for (let i = 0; i < refs.length; i++) flags[refs[i].id] = 1;
}
