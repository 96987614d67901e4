// The full village (200 agents, every plugin, heuristic brain) for one simulated year: the economy
// keeps people fed and money moving. This is the slow test of the economy (tens of seconds): the
// ten-year run is scripts/bench/decade.ts.

import { describe, expect, it } from 'vitest';
import { loadScenario } from '../../src/persistence/scenario-files';
import { Vitals, Wallet } from '../../src/society/components';
import { createSociety } from '../../src/society/create';
import { BankKey } from '../../src/society/economy/bank';
import { LedgerKey } from '../../src/society/economy/ledger';
import { MarketsKey } from '../../src/society/economy/markets';
import { StockKey } from '../../src/society/economy/stock';
import { TreasuryKey } from '../../src/society/economy/treasury';
import { Metrics } from '../../src/society/metrics/metrics';
import { ProductionLogKey } from '../../src/society/production/output';
import { GOODS } from '../../src/society/resources';

describe('the village over one simulated year', () => {
  it('stays fed and alive, trades, pays wages, lends and conserves money and goods', () => {
    const scenario = loadScenario('village');
    const world = createSociety(scenario);
    const start = world.entities.count;
    const causes: Record<string, number> = {};
    world.events.on('death', (e) => (causes[e.cause] = (causes[e.cause] ?? 0) + 1));
    const bank = world.resource(BankKey);
    const lentBefore = bank.stats.loansIssued;
    world.run(world.clock.ticksPerYear + 1); // + 1: the last day's metrics row is written at the next day's start

    const pop = world.entities.count;
    expect(pop).toBeGreaterThan(start * 0.8);
    expect(pop).toBeLessThan(start * 1.6);
    const deaths = world.events.count('death');
    expect(causes.starvation ?? 0).toBeLessThanOrEqual(Math.max(2, 0.02 * start));
    expect(world.events.count('birth')).toBeGreaterThan(0);
    expect(world.events.count('marriage')).toBeGreaterThan(0);
    expect(pop).toBe(start + world.events.count('birth') - deaths);

    const cash = world.store(Wallet).cash;
    for (const e of world.entities.alive()) expect(cash[e]).toBeGreaterThanOrEqual(0);
    const markets = world.resource(MarketsKey);
    for (const g of GOODS) {
      const p = markets.reference(g);
      expect(Number.isFinite(p) && p > 0, `${g} price ${p}`).toBe(true);
    }
    // Markets traded in every month of the year, and food every month.
    const m = world.resource(Metrics);
    const foodTrades = m.series('trades_food');
    const month = 30;
    for (let i = 0; i + month <= foodTrades.length; i += month) expect(foodTrades.slice(i, i + month).reduce((s, x) => s + (x || 0), 0)).toBeGreaterThan(0);
    expect(world.events.count('trade')).toBeGreaterThan(1000);
    expect(world.resource(ProductionLogKey).counters.wagesPaidCents).toBeGreaterThan(0);
    // Savings come back into circulation: the last month's wages hold up against the first month's.
    // (When savers never spent from the bank, deposits swelled and wages fell to a third in a year.)
    const wages = m.series('wagesPaidCents').filter((x) => Number.isFinite(x));
    const monthly = (from: number) => wages.slice(from, from + month).reduce((s, x) => s + x, 0);
    expect(monthly(wages.length - month) / monthly(0)).toBeGreaterThan(0.6);
    expect(bank.stats.loansIssued).toBeGreaterThan(lentBefore);
    expect(bank.stats.loanInterestCents).toBeGreaterThan(0);
    expect(bank.stats.depositInterestCents).toBeGreaterThan(0);
    const taxes = world.resource(TreasuryKey).totals;
    expect(taxes.basicIncome).toBeGreaterThan(0);
    // Happiness follows needs: no longer pinned at 1, and within [0, 1].
    const v = world.store(Vitals);
    let happy = 0;
    for (const e of world.entities.alive()) {
      expect(v.happiness[e]).toBeGreaterThanOrEqual(0);
      expect(v.happiness[e]).toBeLessThanOrEqual(1);
      happy += v.happiness[e];
    }
    expect(happy / pop).toBeLessThan(0.99);
    expect(happy / pop).toBeGreaterThan(0.3);
    expect(world.resource(LedgerKey).discrepancy(world)).toBe(0);
    expect(Object.values(world.resource(StockKey).discrepancy(world)).every((d) => d === 0)).toBe(true);
  }, 180_000);
});
