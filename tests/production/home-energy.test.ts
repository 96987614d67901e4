// Homes burn energy: each adult a unit every few days (on a day set by its id), a cold day without.

import { describe, expect, it } from 'vitest';
import { Inventory, Vitals } from '../../src/society/components';
import { createSociety } from '../../src/society/create';
import { StockKey } from '../../src/society/economy/stock';
import { burnHomeEnergy, coldAdultsToday } from '../../src/society/production/home-energy-system';
import { Metrics } from '../../src/society/metrics/metrics';
import { parseScenario } from '../../src/society/scenario';

function town(homeEnergyEveryDays: number) {
  const scenario = parseScenario({ name: 'hearths', world: { width: 20, height: 20 }, agents: 8, production: { homeEnergyEveryDays, coldHappiness: 0.1 } });
  const w = createSociety(scenario);
  const v = w.store(Vitals);
  const inv = w.store(Inventory);
  const ids = [...w.entities.alive()];
  ids.forEach((e, i) => {
    v.age[e] = i === 0 ? 10 : 30; // the first is a child
    v.happiness[e] = 0.5;
    inv.energy[e] = i % 4 < 2 ? 3 : 0; // two in four have none
  });
  return { w, v, inv, ids };
}

describe('home energy', () => {
  it('burns a unit from each adult whose day it is; one with none has a cold day; children and the others are untouched', () => {
    const { w, v, inv, ids } = town(2);
    w.clock.tick = 5 * w.clock.ticksPerDay; // day 5: ids with (5 + id) even burn today
    const before = ids.map((e) => inv.energy[e]);
    const stock = w.resource(StockKey);
    // The test set the inventories by hand: the burn itself must leave the books as they were.
    const unaccounted = stock.discrepancy(w).energy;
    const cold = burnHomeEnergy(w);
    let expectedCold = 0;
    ids.forEach((e, i) => {
      const due = (5 + e) % 2 === 0 && i !== 0;
      if (!due) {
        expect(inv.energy[e], `agent ${e}`).toBe(before[i]);
        expect(v.happiness[e]).toBeCloseTo(0.5, 6);
      } else if (before[i] > 0) {
        expect(inv.energy[e], `agent ${e}`).toBe(before[i] - 1);
        expect(v.happiness[e]).toBeCloseTo(0.5, 6);
      } else {
        expect(v.happiness[e], `agent ${e}`).toBeCloseTo(0.4, 6);
        expectedCold++;
      }
    });
    expect(expectedCold).toBeGreaterThan(0);
    expect(cold).toBe(expectedCold);
    expect(stock.consumed('energy', 'burned at home')).toBe(ids.filter((e, i) => (5 + e) % 2 === 0 && i !== 0 && before[i] > 0).length);
    expect(stock.discrepancy(w).energy).toBe(unaccounted);
  });

  it('the next day burns from the others, and 0 days turns it off', () => {
    const { w, inv, ids } = town(2);
    const burnedOn = (day: number) => {
      const before = ids.map((e) => inv.energy[e]);
      w.clock.tick = day * w.clock.ticksPerDay;
      burnHomeEnergy(w);
      return ids.filter((e, i) => inv.energy[e] < before[i]);
    };
    const today = burnedOn(6);
    const tomorrow = burnedOn(7);
    expect(today.length).toBeGreaterThan(0);
    expect(tomorrow.length).toBeGreaterThan(0);
    expect(today.some((e) => tomorrow.includes(e))).toBe(false);
    const off = town(0);
    off.w.clock.tick = 6 * off.w.clock.ticksPerDay;
    expect(burnHomeEnergy(off.w)).toBe(0);
    expect(off.ids.map((e) => off.inv.energy[e])).toEqual(off.ids.map((_, i) => (i % 4 < 2 ? 3 : 0)));
  });

  it("the day's metrics row counts the adults who had a cold day, not those who just burned their last unit", () => {
    const { w, inv, ids } = town(2);
    const adults = ids.slice(1);
    const dayStart = (day: number, energy: number) => {
      for (const e of ids) inv.energy[e] = energy;
      w.clock.tick = day * w.clock.ticksPerDay;
      w.step(); // households pool, homes burn, the metrics row is recorded
      return { row: w.resource(Metrics).latest(), due: adults.filter((e) => (day + e) % 2 === 0).length };
    };
    const none = dayStart(6, 0);
    expect(none.due).toBeGreaterThan(0);
    expect(none.row.coldAdults).toBe(none.due);
    expect(none.row.adultsWithoutEnergy).toBe(adults.length);
    const last = dayStart(7, 1); // everyone's last unit: the due burn it, nobody is cold
    expect(last.due).toBeGreaterThan(0);
    expect(last.row.coldAdults).toBe(0);
    expect(coldAdultsToday(w)).toBe(0);
    expect(last.row.adultsWithoutEnergy).toBe(last.due);
  });
});
