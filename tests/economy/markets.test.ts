import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Actions } from '../../src/society/actions';
import { Inventory, Wallet } from '../../src/society/components';
import { Trading } from '../../src/society/economy/components';
import { LedgerKey } from '../../src/society/economy/ledger';
import { decodeValue, encodeValue } from '../../src/persistence/section-codec';
import { cancelOrder, MARKET_ESCROW, MarketsKey, movingAverage, postedPrice, submitOrder, volatility, type SavedMarkets } from '../../src/society/economy/markets';
import { EconomyNotesKey } from '../../src/society/economy/notes';
import { StockKey } from '../../src/society/economy/stock';
import { TREASURY } from '../../src/society/economy/treasury';
import { GOODS } from '../../src/society/resources';
import { economyWorld } from './helpers';

const noTax = { economy: { treasury: { salesTaxRate: 0 } } };

function setup(overrides = {}) {
  const world = economyWorld(3, overrides);
  const [a, b, c] = world.entities.alive();
  const cash = world.store(Wallet).cash;
  const inv = world.store(Inventory);
  return { world, a, b, c, cash, inv, markets: world.resource(MarketsKey), ledger: world.resource(LedgerKey), stock: world.resource(StockKey) };
}

function expectBalanced(world: ReturnType<typeof economyWorld>) {
  expect(world.resource(LedgerKey).discrepancy(world)).toBe(0);
  expect(Object.values(world.resource(StockKey).discrepancy(world)).every((d) => d === 0)).toBe(true);
  const due = world.resource(MarketsKey).escrowDue();
  expect(world.resource(LedgerKey).balance(world, MARKET_ESCROW)).toBe(due.cashCents);
  for (const g of GOODS) expect(world.resource(StockKey).amount(world, MARKET_ESCROW, g)).toBe(due.goods[g]);
}

describe('markets: escrow and settlement', () => {
  it('escrows the buyer cash at the limit and the seller goods, settles at the resting price and refunds the improvement', () => {
    const { world, a, b, cash, inv, markets, ledger } = setup(noTax);
    const cashA = cash[a];
    const foodB = inv.food[b];
    const bid = submitOrder(world, a, 'food', 'buy', 4, 150);
    expect(bid.ok).toBe(true);
    expect(cash[a]).toBe(cashA - 600);
    expect(ledger.balance(world, MARKET_ESCROW)).toBe(600);
    expect(world.store(Trading).openOrders[a]).toBe(1);
    const ask = submitOrder(world, b, 'food', 'sell', 3, 120);
    expect(ask.ok && ask.fills).toHaveLength(1);
    // The resting bid's price (150) applies: the seller gets 3 × 150, the bid stays open for 1.
    expect(cash[b]).toBe(50_000 + 450);
    expect(inv.food[b]).toBe(foodB - 3);
    expect(inv.food[a]).toBe(10 + 3);
    expect(cash[a]).toBe(cashA - 600);
    expect(ledger.balance(world, MARKET_ESCROW)).toBe(150);
    expect(markets.stats('food').last).toBe(150);
    expectBalanced(world);
    // A later cheaper ask fills the rest at the bid's price; a new bid above an ask gets the ask's price and a refund.
    submitOrder(world, b, 'food', 'sell', 2, 100);
    expect(world.store(Trading).openOrders[a]).toBe(0);
    expect(world.store(Trading).openOrders[b]).toBe(1);
    const before = cash[a];
    const r = submitOrder(world, a, 'food', 'buy', 1, 130);
    expect(r.ok && r.fills[0].priceCents).toBe(100);
    expect(cash[a]).toBe(before - 100);
    expectBalanced(world);
  });

  it('pays the sales tax into the treasury from the proceeds', () => {
    const { world, a, b, cash, ledger } = setup({ economy: { treasury: { salesTaxRate: 0.1 } } });
    submitOrder(world, a, 'materials', 'sell', 5, 200);
    submitOrder(world, b, 'materials', 'buy', 5, 200);
    expect(ledger.balance(world, TREASURY)).toBe(100);
    expect(cash[a]).toBe(50_000 + 900);
    expect(cash[b]).toBe(50_000 - 1000);
    expectBalanced(world);
  });

  it('cancellation and expiry return the escrow', () => {
    const { world, a, b, cash, inv, markets } = setup(noTax);
    const bid = submitOrder(world, a, 'tools', 'buy', 2, 500, 3);
    const ask = submitOrder(world, b, 'materials', 'sell', 4, 900);
    expect(cash[a]).toBe(49_000);
    expect(inv.materials[b]).toBe(1);
    expect(ask.ok && cancelOrder(world, ask.order.id).ok).toBe(true);
    expect(inv.materials[b]).toBe(5);
    expect(cancelOrder(world, ask.ok ? ask.order.id : 0)).toEqual({ ok: false, reason: expect.stringMatching(/no open order/) });
    world.run(2);
    expect(cash[a]).toBe(49_000);
    world.run(2); // ticks 0..3: the order expires at tick 3
    expect(cash[a]).toBe(50_000);
    expect(bid.ok && markets.openOrder(bid.order.id)).toBeUndefined();
    expect(world.store(Trading).openOrders[a]).toBe(0);
    expectBalanced(world);
  });

  it('refuses what a trader cannot pay or deliver, and caps offers per tick', () => {
    const { world, a, b, markets } = setup();
    expect(submitOrder(world, a, 'food', 'buy', 1000, 100)).toEqual({ ok: false, reason: expect.stringMatching(/not enough cash/) });
    expect(submitOrder(world, a, 'luxury', 'sell', 1, 100)).toEqual({ ok: false, reason: expect.stringMatching(/not enough luxury/) });
    expect(submitOrder(world, a, 'food', 'buy', 1, 0)).toEqual({ ok: false, reason: expect.stringMatching(/price/) });
    expect(submitOrder(world, 'firm:9', 'food', 'buy', 1, 10)).toEqual({ ok: false, reason: expect.stringMatching(/does not exist/) });
    for (let i = 0; i < 5; i++) expect(submitOrder(world, a, 'food', 'sell', 1, 500 + i).ok).toBe(true);
    expect(submitOrder(world, a, 'food', 'sell', 1, 600)).toEqual({ ok: false, reason: 'at most 5 trade offers per tick' });
    expect(submitOrder(world, b, 'food', 'sell', 1, 600).ok).toBe(true);
    world.step();
    expect(submitOrder(world, a, 'food', 'sell', 1, 600).ok).toBe(true);
    expect(markets.ordersOf(a)).toHaveLength(6);
  });

  it('institutions (a firm account) trade through the same books', () => {
    const { world, a, ledger, stock, cash } = setup(noTax);
    ledger.openAccount('firm:3');
    stock.openAccount('firm:3');
    ledger.transfer(world, a, 'firm:3', 10_000);
    const r = submitOrder(world, 'firm:3', 'food', 'buy', 5, 200);
    expect(r.ok).toBe(true);
    submitOrder(world, a, 'food', 'sell', 5, 150);
    expect(stock.amount(world, 'firm:3', 'food')).toBe(5);
    expect(ledger.balance(world, 'firm:3')).toBe(9_000);
    expect(cash[a]).toBe(40_000 + 1_000);
    expectBalanced(world);
  });
});

describe('markets: actions', () => {
  it('validates buy, sell and cancel_order requests with reasons and applies energy costs', () => {
    const { world, a, b, markets } = setup();
    const actions = world.resource(Actions);
    expect(actions.check(world, a, { type: 'buy', good: 'food', quantity: 1000, priceCents: 100 })).toEqual({ ok: false, reason: expect.stringMatching(/^buy: not enough cash/) });
    expect(actions.check(world, a, { type: 'sell', good: 'gold', quantity: 1, priceCents: 100 })).toMatchObject({ ok: false, reason: expect.stringMatching(/good/) });
    expect(actions.perform(world, a, { type: 'sell', good: 'food', quantity: 2, priceCents: 300 }).ok).toBe(true);
    const id = markets.ordersOf(a)[0].id;
    expect(actions.check(world, b, { type: 'cancel_order', orderId: id })).toEqual({ ok: false, reason: `cancel_order: order ${id} is not yours` });
    expect(actions.check(world, a, { type: 'cancel_order', orderId: 999 })).toEqual({ ok: false, reason: 'cancel_order: no open order 999' });
    expect(actions.perform(world, a, { type: 'cancel_order', orderId: id }).ok).toBe(true);
    expect(markets.ordersOf(a)).toEqual([]);
    expect(actions.perform(world, b, { type: 'market_research', good: 'all' }).ok).toBe(true);
    expect(world.resource(EconomyNotesKey).take(b)).toMatch(/^Market Overview: Food \(Price: 1\.00\)/);
    expect(world.resource(EconomyNotesKey).take(b)).toBeUndefined();
  });
});

describe('markets: statistics and text', () => {
  it('computes moving average, volatility and the posted price rule', () => {
    expect(movingAverage([1, 2, 3, 4], 2)).toBe(3.5);
    expect(movingAverage([], 10)).toBe(0);
    expect(volatility([2, 4, 4, 4, 5, 5, 7, 9], 8)).toBe(2);
    expect(volatility([5], 20)).toBe(0);
    const cfg = { priceElasticity: 0.1, minPriceFactor: 0.1, maxPriceFactor: 10, priceAnchor: 'base' as const };
    expect(postedPrice(100, 77, 0, 0, cfg, 0)).toBe(77); // no orders: unchanged
    expect(postedPrice(100, 77, 5, 0, cfg, 0)).toBe(110); // no supply: ratio 2
    expect(postedPrice(100, 77, 30, 10, cfg, 0)).toBe(120);
    expect(postedPrice(100, 77, 0, 10, cfg, 0.05)).toBe(95); // 100 × 0.9 × 1.05 = 94.5 → 95
    expect(postedPrice(100, 77, 1e9, 1, cfg, 0)).toBe(1000); // clamped at 10 × base
    // Anchored on the previous price, a lasting shortage compounds: 300 × 1.1 = 330, but not past 10 × base.
    const compounding = { ...cfg, priceAnchor: 'previous' as const };
    expect(postedPrice(100, 300, 5, 0, compounding, 0)).toBe(330);
    expect(postedPrice(100, 990, 5, 0, compounding, 0)).toBe(1000);
  });

  it('tracks last, volume, history and writes the prototype summaries', () => {
    const { world, a, b, markets } = setup(noTax);
    submitOrder(world, a, 'food', 'sell', 3, 90);
    submitOrder(world, b, 'food', 'buy', 1, 95);
    submitOrder(world, b, 'food', 'buy', 1, 100);
    submitOrder(world, b, 'food', 'buy', 2, 80);
    const s = markets.stats('food');
    expect(s).toMatchObject({ last: 90, totalVolume: 2, bestBid: 80, bestAsk: 90, mid: 85, demand: 2, supply: 1, openOrders: 2 });
    expect(markets.history('food')).toEqual([90, 90]);
    expect(markets.concise('food')).toBe('Food (Price:0.85, Bid:0.80, Ask:0.90, Demand(Qty):2, Supply(Qty):1)');
    expect(markets.concise('tools')).toBe('Tools (Price:5.00, Bid:0.00, Ask:N/A, Demand(Qty):0, Supply(Qty):0)');
    expect(markets.detailed('food')).toMatch(/Last:0\.90, Orders:2/);
  });
  it('keeps the last historyLength prices: history, save and the windowed stats (windows longer than the history too) see only those', () => {
    const { world, a, b, cash, inv, markets } = setup({ ...noTax, economy: { ...noTax.economy, market: { historyLength: 20, movingAverageWindow: 30, volatilityWindow: 25, maxOffersPerTick: 255 } } });
    cash[b] = 10_000_000;
    inv.food[a] = 1000;
    const prices: number[] = [];
    for (let t = 0; t < 75; t++) {
      const price = 50 + ((t * 37) % 61);
      expect(submitOrder(world, a, 'food', 'sell', 1, price)).toMatchObject({ ok: true });
      expect(submitOrder(world, b, 'food', 'buy', 1, price)).toMatchObject({ ok: true });
      prices.push(price);
      const held = prices.slice(-20);
      const mean = held.reduce((s, p) => s + p, 0) / held.length;
      const s = markets.stats('food');
      expect(s.movingAverage).toBe(movingAverage(held, 30));
      expect(s.movingAverage).toBeCloseTo(mean, 9);
      expect(s.volatility).toBe(volatility(held, 25));
      if (t % 7 === 0) expect(markets.save().goods.food.history).toEqual(held);
      if (t % 11 === 0) expect(markets.history('food')).toEqual(held);
    }
  });
});

describe('markets: state section', () => {
  it('saves and loads the books, and refuses damaged data without changing anything', () => {
    const { world, a, b, markets } = setup();
    submitOrder(world, a, 'food', 'sell', 3, 90);
    submitOrder(world, b, 'food', 'buy', 1, 95);
    submitOrder(world, b, 'energy', 'buy', 2, 50);
    // Through the world file's section codec, as a save does (the books are typed-array columns).
    const roundTrip = () => decodeValue(encodeValue(markets.save(), 'markets'), 'markets') as SavedMarkets;
    const saved = roundTrip();
    const hash = world.stateHash();
    markets.load(saved);
    expect(world.stateHash()).toBe(hash);
    const bad = roundTrip();
    bad.goods.food.book.quantity[0] = -1;
    expect(() => markets.load(bad)).toThrow(/^markets section: food order 0: quantity -1 must be a positive integer$/);
    const short = roundTrip();
    short.goods.food.book.seq = new Float64Array(0);
    expect(() => markets.load(short)).toThrow(/^markets section: food book: seq holds 0 values for 1 orders$/);
    const stranger = roundTrip();
    stranger.goods.food.book.trader[0] = -5;
    expect(() => markets.load(stranger)).toThrow(/^markets section: food order 0: trader -5 is not in the table of 0$/);
    const twice = roundTrip();
    twice.goods.energy.book.id[0] = twice.goods.food.book.id[0];
    expect(() => markets.load(twice)).toThrow(/^markets section: order id 1 is in two books$/);
    // An energy ask below the resting bid: the book would be crossed.
    const crossed = roundTrip();
    const e = crossed.goods.energy.book;
    const append = (a: Float64Array, v: number) => Float64Array.from([...a, v]);
    Object.assign(e, { id: append(e.id, 50), trader: Int32Array.from([...e.trader, e.trader[0]]), quantity: append(e.quantity, 2), filled: append(e.filled, 0), limitCents: append(e.limitCents, 10), seq: append(e.seq, 1), placedTick: append(e.placedTick, e.placedTick[0]), expiresTick: append(e.expiresTick, e.expiresTick[0]) });
    e.nextSeq = 5;
    e.nextId = 60;
    crossed.nextOrderId = 60;
    expect(() => markets.load(crossed)).toThrow(/crossed/);
    expect(world.stateHash()).toBe(hash);
  });
});

describe('markets: property', () => {
  it('random order sequences conserve money and goods, never go negative, and escrow matches the open orders', () => {
    const op = fc.oneof(
      fc.record({ kind: fc.constant('order' as const), who: fc.nat(3), good: fc.constantFrom('food', 'materials', 'tools'), side: fc.constantFrom('buy', 'sell'), qty: fc.integer({ min: 1, max: 12 }), price: fc.integer({ min: 50, max: 700 }), ttl: fc.option(fc.integer({ min: 1, max: 6 }), { nil: undefined }) }),
      fc.record({ kind: fc.constant('cancel' as const), pick: fc.nat() }),
      fc.record({ kind: fc.constant('step' as const) }),
    );
    fc.assert(
      fc.property(fc.array(op, { maxLength: 120 }), (ops) => {
        const { world, cash, inv, markets, ledger, stock } = setup({ agent: { initialCash: 3_000 } });
        ledger.openAccount('firm:1');
        ledger.mint(world, 'firm:1', 5_000, 'test');
        stock.openAccount('firm:1');
        stock.produce(world, 'firm:1', 'tools', 10, 'test');
        const traders = [...world.entities.alive(), 'firm:1'];
        for (const o of ops) {
          if (o.kind === 'order') {
            const r = markets.submit(world, traders[o.who], o.good as 'food', o.side as 'buy', o.qty, o.price, o.ttl);
            if (!r.ok) expect(r.reason).toMatch(/not enough|offers per tick/);
          } else if (o.kind === 'cancel') {
            const open = traders.flatMap((t) => markets.ordersOf(t));
            if (open.length) expect(markets.cancel(world, open[o.pick % open.length].id).ok).toBe(true);
          } else world.step();
          for (const e of world.entities.alive()) {
            expect(cash[e]).toBeGreaterThanOrEqual(0);
            for (const g of GOODS) expect(inv[g][e]).toBeGreaterThanOrEqual(0);
            expect(world.store(Trading).openOrders[e]).toBe(markets.ordersOf(e).length);
          }
          expect(ledger.balance(world, 'firm:1')).toBeGreaterThanOrEqual(0);
          expect(ledger.balance(world, TREASURY)).toBeGreaterThanOrEqual(0);
        }
        expectBalanced(world);
      }),
      { numRuns: 60 },
    );
  });
});
