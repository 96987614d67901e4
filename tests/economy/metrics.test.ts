import { describe, expect, it } from 'vitest';
import { Wallet } from '../../src/society/components';
import { BankKey } from '../../src/society/economy/bank';
import { defaultRate, economyMetrics, gini, inflationRate, priceIndex, wealth } from '../../src/society/economy/metrics';
import { BASE_PRICE_CENTS } from '../../src/society/resources';
import { MetricsHistory } from '../../src/society/metrics/metrics';
import { economyWorld } from './helpers';

describe('economy metric formulas (hand-computed)', () => {
  it('gini', () => {
    expect(gini([])).toBe(0);
    expect(gini([0, 0, 0])).toBe(0);
    expect(gini([5, 5, 5, 5])).toBeCloseTo(0, 12);
    // One holds everything among four: 2·(4·1)/(4·1) − 5/4 = 0.75
    expect(gini([0, 0, 0, 1])).toBeCloseTo(0.75, 12);
    // [1, 2, 3, 4]: 2·(1 + 4 + 9 + 16)/(4·10) − 5/4 = 1.5 − 1.25 = 0.25; order does not matter
    expect(gini([4, 1, 3, 2])).toBeCloseTo(0.25, 12);
    expect(() => gini([1, -1])).toThrow(/non-negative/);
  });

  it('price index and inflation over the food/materials/energy basket', () => {
    expect(priceIndex({ food: 100, materials: 200, energy: 150 })).toBe(100);
    // (110 + 200 + 195) / 450 × 100
    expect(priceIndex({ food: 110, materials: 200, energy: 195 })).toBeCloseTo(112.2222222, 6);
    expect(priceIndex({ food: 50, tools: 1000 }, { food: 1, tools: 1 }, BASE_PRICE_CENTS)).toBeCloseTo((100 * 1050) / 600, 10);
    expect(() => priceIndex({ food: 1 })).toThrow(/no price for materials/);
    expect(inflationRate(undefined, 120)).toBe(0);
    expect(inflationRate(100, 103)).toBeCloseTo(0.03, 12);
    expect(inflationRate(120, 90)).toBeCloseTo(-0.25, 12);
  });

  it('wealth and default rate', () => {
    // 100 cash + 50 deposits + 2 food × 100 + 3 tools × 500 − 400 debt
    expect(wealth(100, 50, [2, 3], [100, 500], 400)).toBe(1450);
    expect(defaultRate(0, 0)).toBe(0);
    expect(defaultRate(3, 12)).toBe(0.25);
  });
});

describe('MetricsHistory.latestOf', () => {
  it('reads what latest() would, without building the row', () => {
    const h = new MetricsHistory();
    expect(h.latestOf('priceIndex')).toBe(h.latest().priceIndex);
    h.record({ day: 0 });
    expect(h.latestOf('priceIndex')).toBe(h.latest().priceIndex);
    h.record({ day: 1, priceIndex: 101.5 });
    h.record({ day: 2, priceIndex: 99 });
    expect(h.latestOf('priceIndex')).toBe(99);
    expect(h.latestOf('day')).toBe(h.latest().day);
  });
});

describe('economy metrics from a world', () => {
  it('reports the money split, wealth gini and loans from the live state', () => {
    const world = economyWorld(4, { agent: { initialCash: 10_000, initialFood: 0, initialMaterials: 0, initialTools: 0, initialEnergyItems: 0 }, economy: { bank: { capitalCents: 0 } } });
    const [a, b, , d] = world.entities.alive();
    const bank = world.resource(BankKey);
    bank.deposit(world, a, 10_000);
    world.store(Wallet).cash[b] = 0; // cash of b, c, d: 0, 10,000, 30,000 (set directly: this test reads metrics only)
    world.store(Wallet).cash[d] = 30_000;
    const m = economyMetrics(world);
    expect(m.moneyTotal).toBe(50_000);
    expect(m.moneyCash).toBe(40_000);
    expect(m.moneyDeposits).toBe(10_000);
    expect(m.bankVault).toBe(10_000);
    expect(m.loansOutstanding).toBe(0);
    expect(m.giniWealth).toBeCloseTo(gini([10_000, 0, 10_000, 30_000]), 12);
    expect(m.priceIndex).toBeCloseTo(100, 12);
    expect(m.inflation).toBe(0);
    expect(Object.keys(m)).toEqual(expect.arrayContaining(['trades_food', 'volume_food', 'price_food', 'defaultRate', 'treasury', 'taxCollected']));
  });
});
