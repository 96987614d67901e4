// Thousands of random actions across the market, the bank, wages and taxes, deaths included: money
// and goods are conserved exactly (total == initial + minted − burned; the economy itself mints and
// burns nothing), nobody goes negative, and every escrow and debt record matches its source.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { World } from '../../src/engine/world';
import { Actions } from '../../src/society/actions';
import { Inventory, Wallet } from '../../src/society/components';
import { BankKey, VAULT } from '../../src/society/economy/bank';
import { Credit, Trading } from '../../src/society/economy/components';
import { LedgerKey } from '../../src/society/economy/ledger';
import { MARKET_ESCROW, MarketsKey, submitOrder } from '../../src/society/economy/markets';
import { StockKey } from '../../src/society/economy/stock';
import { payWage, TREASURY } from '../../src/society/economy/treasury';
import { GOODS } from '../../src/society/resources';
import { economyWorld } from './helpers';

const FIRM = 'firm:1';

function checkBooks(world: World) {
  const ledger = world.resource(LedgerKey);
  const stock = world.resource(StockKey);
  const markets = world.resource(MarketsKey);
  const bank = world.resource(BankKey);
  expect(ledger.discrepancy(world)).toBe(0);
  expect(ledger.minted).toBe(ledger.mintedByReason().test ?? 0); // only the test creates money
  expect(ledger.burned).toBe(0);
  for (const d of Object.values(stock.discrepancy(world))) expect(d).toBe(0);
  const due = markets.escrowDue();
  expect(ledger.balance(world, MARKET_ESCROW)).toBe(due.cashCents);
  for (const g of GOODS) expect(stock.amount(world, MARKET_ESCROW, g)).toBe(due.goods[g]);
  for (const account of [VAULT, TREASURY, FIRM, MARKET_ESCROW]) expect(ledger.balance(world, account)).toBeGreaterThanOrEqual(0);
  const cash = world.store(Wallet).cash;
  const inv = world.store(Inventory);
  const credit = world.store(Credit);
  const owed = new Map<number, number>();
  for (const l of bank.allLoans()) owed.set(l.borrower, (owed.get(l.borrower) ?? 0) + l.remaining);
  for (const e of world.entities.alive()) {
    expect(cash[e]).toBeGreaterThanOrEqual(0);
    for (const g of GOODS) expect(inv[g][e]).toBeGreaterThanOrEqual(0);
    expect(credit.debt[e]).toBe(owed.get(e) ?? 0);
    expect(world.store(Trading).openOrders[e]).toBe(markets.ordersOf(e).length);
    expect(bank.deposits(world, e)).toBeGreaterThanOrEqual(0);
  }
}

function randomRun(seed: number, ops: number) {
  const world = economyWorld(10, { agent: { initialCash: 30_000 }, economy: { bank: { defaultAfterMissed: 2 }, treasury: { publicWorksMonthlyCents: 20_000 } } }, seed);
  const ledger = world.resource(LedgerKey);
  const stock = world.resource(StockKey);
  ledger.openAccount(FIRM);
  stock.openAccount(FIRM);
  ledger.mint(world, FIRM, 2_000_000, 'test');
  // Heirs: a dead agent's estate goes to the lowest living id (what the social plugin's inheritance does).
  world.onDespawn((w, eid) => {
    const heir = w.entities.alive().find((e) => e !== eid);
    if (heir === undefined) return;
    ledger.transfer(w, eid, heir, w.store(Wallet).cash[eid]);
    for (const g of GOODS) stock.move(w, eid, heir, g, w.store(Inventory)[g][eid]);
  });
  const rng = world.stream('test-ops');
  const actions = world.resource(Actions);
  const amount = () => rng.pick([1, 50, 999, 5_000, 20_000, 60_000, 400_000]);
  let accepted = 0;
  let rejected = 0;
  for (let i = 0; i < ops; i++) {
    const alive = world.entities.alive();
    const eid = alive[rng.int(alive.length)];
    // Mostly three goods, so orders meet; now and then any good.
    const good = rng.chance(0.8) ? rng.pick(['food', 'materials', 'tools'] as const) : rng.pick(GOODS);
    const r = rng.float();
    if (r < 0.55) {
      const loans = world.resource(BankKey).loansOf(eid);
      const orders = world.resource(MarketsKey).ordersOf(eid);
      const request = rng.pick([
        { type: 'buy', good, quantity: rng.intBetween(1, 15), priceCents: rng.intBetween(80, 700) },
        { type: 'sell', good, quantity: rng.intBetween(1, 15), priceCents: rng.intBetween(50, 600), ttlTicks: rng.intBetween(1, 100) },
        { type: 'cancel_order', orderId: orders.length ? orders[0].id : rng.intBetween(1, 50) },
        { type: 'deposit', amountCents: amount(), account: rng.pick(['checking', 'savings', 'business', 'investment']) },
        { type: 'withdraw', amountCents: amount(), account: rng.pick(['checking', 'savings']) },
        { type: 'borrow', amountCents: amount(), loanType: rng.pick(['personal', 'business', 'emergency']), termMonths: rng.intBetween(1, 6) },
        { type: 'repay', loanId: loans.length ? loans[0].id : rng.intBetween(1, 9), amountCents: amount() },
        { type: 'get_banking_statement' },
        { type: 'market_research', good: 'all' },
      ]);
      if (actions.perform(world, eid, request).ok) accepted++;
      else rejected++;
    } else if (r < 0.7) {
      payWage(world, rng.chance(0.8) ? FIRM : alive[rng.int(alive.length)], eid, amount());
    } else if (r < 0.78) {
      submitOrder(world, FIRM, good, rng.chance(0.5) ? 'buy' : 'sell', rng.intBetween(1, 10), rng.intBetween(50, 900));
    } else if (r < 0.95) {
      world.step();
    } else if (r < 0.99) {
      world.run(world.clock.ticksPerDay); // days pass: expiries, loan payments, interest, basic income
    } else if (alive.length > 4) {
      world.despawn(eid, 'test');
    }
    if (i % 25 === 0) checkBooks(world);
  }
  checkBooks(world);
  return { world, accepted, rejected };
}

describe('conservation across markets, bank, wages and taxes', () => {
  it('holds exactly over thousands of random actions, and the economy was really exercised', () => {
    const { world, accepted, rejected } = randomRun(7, 4000);
    const bank = world.resource(BankKey);
    expect(accepted).toBeGreaterThan(500);
    expect(rejected).toBeGreaterThan(100);
    expect(world.events.count('trade')).toBeGreaterThan(25);
    expect(bank.stats.loansIssued).toBeGreaterThan(0);
    expect(bank.stats.loanInterestCents + bank.stats.depositInterestCents).toBeGreaterThan(0);
    expect(world.resource(LedgerKey).balance(world, TREASURY) + world.store(Wallet).cash[world.entities.alive()[0]]).toBeGreaterThan(0);
    expect(world.clock.tick).toBeGreaterThan(world.clock.ticksPerMonth);
  });

  it('property: holds for random seeds', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2 ** 31 }), (seed) => {
        randomRun(seed, 600);
      }),
      { numRuns: 6 },
    );
  });
});
