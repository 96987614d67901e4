// The village scenario with every society plugin and the heuristic brain: the markets trade, the
// bank takes deposits and lends, the treasury collects, and money and goods stay conserved.
// (The lead's one-year run lives with the integration tests; this one is a simulated month.)

import { describe, expect, it } from 'vitest';
import { loadScenario } from '../../src/persistence/scenario-files';
import { BankKey } from '../../src/society/economy/bank';
import { LedgerKey } from '../../src/society/economy/ledger';
import { MarketsKey } from '../../src/society/economy/markets';
import { StockKey } from '../../src/society/economy/stock';
import { TreasuryKey } from '../../src/society/economy/treasury';
import { createSociety } from '../../src/society/create';
import { Metrics } from '../../src/society/metrics/metrics';
import { encodeWorld, loadWorld } from '../../src/persistence/world-file';
import { GOODS } from '../../src/society/resources';

const village = loadScenario('village');

describe('the village economy', () => {
  it('trades, saves, lends and taxes over a simulated month with the heuristic brain', () => {
    const world = createSociety(village, { agents: 120 });
    world.run(world.clock.ticksPerMonth + world.clock.ticksPerDay);
    const bank = world.resource(BankKey);
    const markets = world.resource(MarketsKey);
    const metrics = world.resource(Metrics);
    expect(world.events.count('trade')).toBeGreaterThan(50);
    expect(metrics.latest().moneyDeposits).toBeGreaterThan(0);
    expect(bank.stats.depositInterestCents).toBeGreaterThan(0);
    expect(bank.stats.loansIssued).toBeGreaterThan(0);
    expect(world.resource(TreasuryKey).totals.salesTax).toBeGreaterThan(0);
    expect(world.resource(TreasuryKey).totals.basicIncome).toBeGreaterThan(0);
    for (const g of GOODS) {
      const p = markets.reference(g);
      expect(Number.isFinite(p) && p > 0).toBe(true);
    }
    expect(world.resource(LedgerKey).discrepancy(world)).toBe(0);
    expect(Object.values(world.resource(StockKey).discrepancy(world)).every((d) => d === 0)).toBe(true);
    const trades = metrics.series('trades_food').concat(metrics.series('trades_materials'));
    expect(trades.some((t) => t > 0)).toBe(true);
  });

  it('is deterministic: same seed, same economy, same state hash', () => {
    const run = () => {
      const w = createSociety(village, { agents: 60, seed: 5 });
      w.run(w.clock.ticksPerDay * 3);
      return [w.stateHash(), w.events.count('trade')] as const;
    };
    const [h1, t1] = run();
    expect(t1).toBeGreaterThan(0);
    expect(run()).toEqual([h1, t1]);
  });

  it('save and load in the middle of trading (open orders, escrow, deposits, loans) continue with the same hash', () => {
    const w = createSociety(village, { agents: 60, seed: 9 });
    w.run(w.clock.ticksPerDay * 2 + 7);
    const markets = w.resource(MarketsKey);
    expect(GOODS.some((g) => markets.book(g).size > 0)).toBe(true);
    const copy = loadWorld(encodeWorld(w));
    expect(copy.stateHash()).toBe(w.stateHash());
    w.run(200);
    copy.run(200);
    expect(copy.stateHash()).toBe(w.stateHash());
    expect(copy.resource(LedgerKey).discrepancy(copy)).toBe(0);
  });
});
