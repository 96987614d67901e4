// Happiness follows needs (core vitals): hunger, illness, exhaustion and poverty pull it down, a fed,
// healthy, rested agent with money recovers, and a shock (grief) fades over about a day of hours.

import { describe, expect, it } from 'vitest';
import { driftHappiness } from '../../src/society/core/vitals-system';

function agents(n: number) {
  return { energy: new Float32Array(n), hunger: new Float32Array(n), health: new Float32Array(n), happiness: new Float32Array(n) };
}

describe('happiness drifts toward what needs allow', () => {
  it('sinks for the hungry, sick and poor, rises for the fed, healthy and comfortable', () => {
    const v = agents(2);
    v.happiness.set([1, 0.2]);
    // 0: starving, sick, exhausted, penniless; 1: fed, healthy, rested, cash at the comfort level.
    v.hunger.set([1, 0]);
    v.health.set([0.2, 1]);
    v.energy.set([0, 1]);
    const cash = [0, 10_000];
    for (let h = 0; h < 72; h++) driftHappiness([0, 1], v, cash, 10_000, 1 / 12);
    // Targets: 0.35·0 + 0.35·0.2 + 0 + 0 = 0.07, and 1.
    expect(v.happiness[0]).toBeCloseTo(0.07, 2);
    expect(v.happiness[1]).toBeCloseTo(1, 2);
  });

  it('a shock fades over hours, not at once, and only listed agents change', () => {
    const v = agents(2);
    v.hunger.fill(0);
    v.health.fill(1);
    v.energy.fill(1);
    v.happiness.set([0.4, 0.4]); // a fresh grief, on a target of 0.85 (no cash)
    const cash = [0, 0];
    driftHappiness([0], v, cash, 10_000, 1 / 12);
    expect(v.happiness[0]).toBeCloseTo(0.4 + (0.85 - 0.4) / 12, 5);
    expect(v.happiness[1]).toBeCloseTo(0.4, 6);
    for (let h = 1; h < 12; h++) driftHappiness([0], v, cash, 10_000, 1 / 12);
    expect(v.happiness[0]).toBeGreaterThan(0.6);
    expect(v.happiness[0]).toBeLessThan(0.85);
  });
});
