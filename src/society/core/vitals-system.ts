// Life phase: energy decays, hunger grows, starvation hurts, a fed agent heals, everyone ages; and
// (hourly, a separate system) happiness follows needs.
// Health at 0 means death (the agent leaves at the end of the tick).

import type { System } from '../../engine/schedule';
import type { World } from '../../engine/world';
import { Vitals, Wallet } from '../components';
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
  // The arrays and rates in locals: read through `v` and `r` per agent, they were reloaded every time.
  const { energy, hunger, health, age } = v;
  const { energyDecay, hungerGain, starvationHealth, healthRecovery, yearsPerTick } = r;
  let dead = 0;
  for (let i = 0; i < alive.length; i++) {
    const eid = alive[i];
    energy[eid] = Math.max(0, energy[eid] - energyDecay);
    const h = Math.min(1, hunger[eid] + hungerGain);
    hunger[eid] = h;
    if (h >= 1) health[eid] = Math.max(0, health[eid] - starvationHealth);
    else if (h < 0.5 && energy[eid] > 0.2) health[eid] = Math.min(1, health[eid] + healthRecovery);
    age[eid] += yearsPerTick;
    if (health[eid] <= 0) dead++;
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

/**
 * Happiness drifts toward what the agent's needs allow, a twelfth of the way each simulated hour
 * (so a shock such as grief fades over about a day): target = 0.35·(1 − hunger) + 0.35·health +
 * 0.15·min(1, 2·energy) + 0.15·min(1, cash / comfortCents). Hunger, illness, exhaustion and poverty
 * show; events (grief, enjoyment, culture) still move it in between.
 */
export function driftHappiness(alive: ArrayLike<number>, v: { energy: Float32Array; hunger: Float32Array; health: Float32Array; happiness: Float32Array }, cash: ArrayLike<number>, comfortCents: number, rate: number): void {
  const { energy, hunger, health, happiness } = v; // as in updateVitals
  for (let i = 0; i < alive.length; i++) {
    const eid = alive[i];
    const target = 0.35 * (1 - hunger[eid]) + 0.35 * health[eid] + 0.15 * Math.min(1, 2 * energy[eid]) + 0.15 * Math.min(1, cash[eid] / comfortCents);
    happiness[eid] += (target - happiness[eid]) * rate;
  }
}

/** Cash at which wealth stops adding to happiness (cents). */
const COMFORT_CENTS = 10_000;
const HAPPINESS_RATE_PER_HOUR = 1 / 12;

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

/**
 * Happiness toward needs, once per simulated hour (a system of its own, so the GPU twin of `vitals`
 * stays the exact image of updateVitals and this runs on either path).
 */
export const happinessSystem: System = {
  name: 'happiness',
  phase: 'life',
  run(world: World) {
    const ticksPerHour = Math.max(1, Math.round(60 / world.clock.minutesPerTick));
    if (world.clock.tick % ticksPerHour !== 0) return;
    driftHappiness(world.entities.alive(), world.store(Vitals), world.store(Wallet).cash, COMFORT_CENTS, HAPPINESS_RATE_PER_HOUR);
  },
};
