// Life phase: energy decays, hunger grows, starvation hurts, a fed agent heals, everyone ages.
// Health at 0 means death (the agent leaves at the end of the tick).

import type { System } from '../../engine/schedule';
import type { World } from '../../engine/world';
import { Vitals } from '../components';
import { ScenarioConfig } from './config';

export interface VitalsRates {
  energyDecay: number;
  hungerGain: number;
  starvationHealth: number;
  healthRecovery: number;
  yearsPerTick: number;
}

/** Per-tick vitals update over plain arrays; returns how many agents are at health 0 afterwards. */
export function updateVitals(alive: ArrayLike<number>, v: { energy: Float32Array; hunger: Float32Array; health: Float32Array; age: Float32Array }, r: VitalsRates): number {
  let dead = 0;
  for (let i = 0; i < alive.length; i++) {
    const eid = alive[i];
    v.energy[eid] = Math.max(0, v.energy[eid] - r.energyDecay);
    const hunger = Math.min(1, v.hunger[eid] + r.hungerGain);
    v.hunger[eid] = hunger;
    if (hunger >= 1) v.health[eid] = Math.max(0, v.health[eid] - r.starvationHealth);
    else if (hunger < 0.5 && v.energy[eid] > 0.2) v.health[eid] = Math.min(1, v.health[eid] + r.healthRecovery);
    v.age[eid] += r.yearsPerTick;
    if (v.health[eid] <= 0) dead++;
  }
  return dead;
}

export function vitalsRates(world: World): VitalsRates {
  const cfg = world.resource(ScenarioConfig).vitals;
  const perDay = world.clock.ticksPerDay;
  return {
    energyDecay: cfg.energyDecayPerDay / perDay,
    hungerGain: cfg.hungerPerDay / perDay,
    starvationHealth: cfg.starvationHealthPerDay / perDay,
    healthRecovery: cfg.healthRecoveryPerDay / perDay,
    yearsPerTick: world.clock.yearsPerTick,
  };
}

export const vitalsSystem: System = {
  name: 'vitals',
  phase: 'life',
  run(world: World) {
    const v = world.store(Vitals);
    const alive = world.entities.alive();
    const dead = updateVitals(alive, v, vitalsRates(world));
    if (dead === 0) return;
    for (let i = 0; i < alive.length; i++) {
      const eid = alive[i];
      if (v.health[eid] <= 0) world.despawnLater(eid, v.hunger[eid] >= 1 ? 'starvation' : 'health');
    }
  },
};
