import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { OrderBook, repeatedValue, OrderBookError, type Fill, type Order } from '../../src/society/economy/order-book';

const buy = (trader: number | string, quantity: number, limitCents: number, tick = 0, expiresTick?: number) => ({ trader, side: 'buy' as const, quantity, limitCents, tick, expiresTick });
const sell = (trader: number | string, quantity: number, limitCents: number, tick = 0, expiresTick?: number) => ({ trader, side: 'sell' as const, quantity, limitCents, tick, expiresTick });

describe('order book', () => {
  it('matches by price first, then time, at the resting order price', () => {
    const book = new OrderBook();
    book.submit(sell('a', 5, 110));
    book.submit(sell('b', 5, 100)); // better price, later
    book.submit(sell('c', 5, 100)); // same price, later still
    const { order, fills } = book.submit(buy('x', 8, 120));
    expect(fills.map((f) => [f.seller, f.quantity, f.priceCents])).toEqual([
      ['b', 5, 100],
      ['c', 3, 100],
    ]);
    expect(order.status).toBe('filled');
    expect(book.bestAsk()!.trader).toBe('c');
    expect(book.bestAsk()!.status).toBe('partial');
    expect(book.supply).toBe(2 + 5);
    expect(fills[0].buyLimitCents).toBe(120);
  });

  it('an incoming sell trades at the resting bid and the rest of it rests', () => {
    const book = new OrderBook();
    book.submit(buy(1, 2, 95));
    book.submit(buy(2, 2, 97));
    const { order, fills } = book.submit(sell(3, 6, 96));
    expect(fills.map((f) => [f.buyer, f.quantity, f.priceCents])).toEqual([[2, 2, 97]]);
    expect(order.status).toBe('partial');
    expect(order.filled).toBe(2);
    expect(book.bestAsk()!.id).toBe(order.id);
    expect(book.bestBid()!.limitCents).toBe(95);
    expect(book.mid()).toBe(95); // floor((95 + 96) / 2)
    expect(book.demand).toBe(2);
    expect(book.supply).toBe(4);
  });

  it('never rests crossed: a bid at the ask trades', () => {
    const book = new OrderBook();
    book.submit(sell('s', 1, 100));
    const { fills } = book.submit(buy('b', 1, 100));
    expect(fills).toHaveLength(1);
    expect(book.size).toBe(0);
  });

  it('cancels and expires orders', () => {
    const book = new OrderBook();
    const a = book.submit(buy('a', 3, 90, 0, 10)).order;
    const b = book.submit(buy('b', 3, 91, 0, 20)).order;
    const c = book.submit(sell('c', 3, 120, 0)).order;
    expect(book.cancel(c.id)!.status).toBe('cancelled');
    expect(book.cancel(c.id)).toBeUndefined();
    expect(book.expire(9)).toEqual([]);
    const expired = book.expire(10);
    expect(expired.map((o) => o.id)).toEqual([a.id]);
    expect(expired[0].status).toBe('expired');
    expect(book.bids().map((o) => o.id)).toEqual([b.id]);
    expect(book.expire(25).map((o) => o.id)).toEqual([b.id]);
    expect(book.size).toBe(0);
    expect(book.demand).toBe(0);
  });

  it('refuses bad orders with a reason', () => {
    const book = new OrderBook();
    expect(() => book.submit(buy('a', 0, 10))).toThrow(OrderBookError);
    expect(() => book.submit(buy('a', 1.5, 10))).toThrow(/quantity/);
    expect(() => book.submit(buy('a', 1, -3))).toThrow(/limit price/);
    expect(() => book.submit(buy('a', 1, 10, 5, 5))).toThrow(/expiry/);
    const { order } = book.submit(buy('a', 1, 10));
    expect(() => book.submit({ ...buy('a', 1, 10), id: order.id })).toThrow(/already/);
  });

  it('snapshots and restores the same book', () => {
    const book = new OrderBook();
    book.submit(buy('a', 3, 90));
    book.submit(sell('b', 4, 110, 0, 40));
    book.submit(sell('c', 4, 105));
    book.submit(buy('d', 1, 105));
    const copy = OrderBook.restore(JSON.parse(JSON.stringify(book.snapshot())));
    expect(copy.snapshot()).toEqual(book.snapshot());
    // Same future behaviour.
    expect(copy.submit(buy('e', 10, 200)).fills).toEqual(book.submit(buy('e', 10, 200)).fills);
    const bid = { ...book.snapshot().orders[0], id: 1, seq: 0 };
    const crossed = { nextSeq: 2, nextId: 3, orders: [bid, { ...bid, id: 2, seq: 1, side: 'sell', limitCents: 1 } as Order] };
    expect(() => OrderBook.restore(crossed)).toThrow(/crossed/);
    // An order of another book, even at a price this one has, is not cancelled in hand.
    const other = new OrderBook();
    const stranger = other.submit(buy('x', 1, 90)).order;
    expect(() => copy.cancelHeld(stranger)).toThrow(/is not in this book/);
    expect(copy.snapshot()).toEqual(book.snapshot());
    const twice = { nextSeq: 2, nextId: 3, orders: [bid, { ...bid, seq: 1, limitCents: 80 }] };
    expect(() => OrderBook.restore(twice)).toThrow(/order id 1 appears twice/);
  });

  it('property: price-time priority exactly as a plain sorted list gives it (fills, resting orders, cancels, expiry)', () => {
    // The reference: every open order in one list, best first by price then sequence, re-sorted on each change.
    type Ref = { id: number; side: 'buy' | 'sell'; price: number; seq: number; left: number; expires: number | null };
    const op = fc.oneof(
      { weight: 6, arbitrary: fc.record({ kind: fc.constant('order' as const), side: fc.constantFrom('buy' as const, 'sell' as const), qty: fc.integer({ min: 1, max: 6 }), price: fc.integer({ min: 97, max: 103 }), ttl: fc.option(fc.integer({ min: 1, max: 6 }), { nil: undefined }) }) },
      { weight: 2, arbitrary: fc.record({ kind: fc.constant('cancel' as const), pick: fc.nat() }) },
      { weight: 1, arbitrary: fc.record({ kind: fc.constant('tick' as const) }) },
    );
    fc.assert(
      fc.property(fc.array(op, { maxLength: 400 }), (ops) => {
        const book = new OrderBook();
        let ref: Ref[] = [];
        let seq = 0;
        let tick = 0;
        const rank = (a: Ref, b: Ref) => (a.price !== b.price ? (a.side === 'buy' ? b.price - a.price : a.price - b.price) : a.seq - b.seq);
        for (const o of ops) {
          if (o.kind === 'order') {
            const expires = o.ttl === undefined ? null : tick + o.ttl;
            const r = book.submit({ trader: 1, side: o.side, quantity: o.qty, limitCents: o.price, tick, expiresTick: expires });
            const mine: Ref = { id: r.order.id, side: o.side, price: o.price, seq: seq++, left: o.qty, expires };
            const expected: [number, number, number, number][] = [];
            for (const rest of ref.filter((x) => x.side !== o.side).sort(rank)) {
              if (mine.left === 0 || (o.side === 'buy' ? rest.price > o.price : rest.price < o.price)) break;
              const q = Math.min(mine.left, rest.left);
              mine.left -= q;
              rest.left -= q;
              expected.push([rest.id, q, rest.price, rest.left]);
            }
            ref = ref.filter((x) => x.left > 0);
            if (mine.left > 0) ref.push(mine);
            expect(r.fills.map((f) => [o.side === 'buy' ? f.sellOrder : f.buyOrder, f.quantity, f.priceCents, f.restingLeft])).toEqual(expected);
          } else if (o.kind === 'cancel') {
            if (ref.length) {
              const victim = ref[o.pick % ref.length];
              // By id, or the order in hand (as a dead agent's are cancelled).
              const held = [...book.bids(), ...book.asks()].find((x) => x.id === victim.id)!;
              expect((o.pick % 2 === 0 ? book.cancel(victim.id) : book.cancelHeld(held))?.status).toBe('cancelled');
              ref = ref.filter((x) => x !== victim);
            }
          } else {
            tick++;
            const gone = book.expire(tick).map((x) => x.id);
            expect(gone.sort((a, b) => a - b)).toEqual(ref.filter((x) => x.expires !== null && x.expires <= tick).map((x) => x.id).sort((a, b) => a - b));
            ref = ref.filter((x) => x.expires === null || x.expires > tick);
          }
          expect(book.bids().map((x) => x.id)).toEqual(ref.filter((x) => x.side === 'buy').sort(rank).map((x) => x.id));
          expect(book.asks().map((x) => x.id)).toEqual(ref.filter((x) => x.side === 'sell').sort(rank).map((x) => x.id));
          expect(book.size).toBe(ref.length);
        }
      }),
      { numRuns: 150 },
    );
  });

  it('property: random order flows keep quantities consistent and the book uncrossed', () => {
    const op = fc.oneof(
      fc.record({ kind: fc.constant('order' as const), side: fc.constantFrom('buy' as const, 'sell' as const), trader: fc.integer({ min: 0, max: 5 }), qty: fc.integer({ min: 1, max: 20 }), price: fc.integer({ min: 90, max: 110 }), ttl: fc.option(fc.integer({ min: 1, max: 10 }), { nil: undefined }) }),
      fc.record({ kind: fc.constant('cancel' as const), pick: fc.nat() }),
      fc.record({ kind: fc.constant('tick' as const) }),
    );
    fc.assert(
      fc.property(fc.array(op, { maxLength: 150 }), (ops) => {
        const book = new OrderBook();
        const all = new Map<number, Order>();
        const fills: Fill[] = [];
        let tick = 0;
        for (const o of ops) {
          if (o.kind === 'order') {
            const r = book.submit({ trader: o.trader, side: o.side, quantity: o.qty, limitCents: o.price, tick, expiresTick: o.ttl === undefined ? undefined : tick + o.ttl });
            all.set(r.order.id, r.order);
            fills.push(...r.fills);
            for (const f of r.fills) {
              // The price is the resting order's limit and inside both limits.
              expect(f.priceCents).toBeLessThanOrEqual(f.buyLimitCents);
              expect(f.priceCents).toBeGreaterThanOrEqual(all.get(f.sellOrder)!.limitCents);
            }
          } else if (o.kind === 'cancel') {
            const open = [...book.bids(), ...book.asks()];
            if (open.length) book.cancel(open[o.pick % open.length].id);
          } else {
            tick++;
            book.expire(tick);
          }
          const b = book.bestBid();
          const a = book.bestAsk();
          if (b && a) expect(b.limitCents).toBeLessThan(a.limitCents);
        }
        const filledBy = new Map<number, number>();
        for (const f of fills) {
          filledBy.set(f.buyOrder, (filledBy.get(f.buyOrder) ?? 0) + f.quantity);
          filledBy.set(f.sellOrder, (filledBy.get(f.sellOrder) ?? 0) + f.quantity);
        }
        let demand = 0;
        let supply = 0;
        for (const order of all.values()) {
          expect(order.filled).toBe(filledBy.get(order.id) ?? 0);
          expect(order.filled).toBeLessThanOrEqual(order.quantity);
          const open = book.get(order.id) !== undefined;
          expect(open).toBe(order.status === 'open' || order.status === 'partial');
          if (order.status === 'filled') expect(order.filled).toBe(order.quantity);
          if (open) (order.side === 'buy' ? (demand += order.quantity - order.filled) : (supply += order.quantity - order.filled));
        }
        expect(book.demand).toBe(demand);
        expect(book.supply).toBe(supply);
        // Bids best first: non-increasing price, then increasing sequence.
        const bids = book.bids();
        for (let i = 1; i < bids.length; i++) {
          expect(bids[i - 1].limitCents > bids[i].limitCents || (bids[i - 1].limitCents === bids[i].limitCents && bids[i - 1].seq < bids[i].seq)).toBe(true);
        }
      }),
      { numRuns: 200 },
    );
  });
});

describe('order book from the public API', () => {
  it('is exported from src/index.ts and works without a world', async () => {
    const api = await import('../../src/index');
    const book = new api.OrderBook();
    book.submit({ trader: 'alice', side: 'sell', quantity: 10, limitCents: 250, tick: 0 });
    const { fills, order } = book.submit({ trader: 'bob', side: 'buy', quantity: 4, limitCents: 300, tick: 1 });
    expect(fills).toEqual([{ buyOrder: order.id, sellOrder: 1, buyer: 'bob', seller: 'alice', quantity: 4, priceCents: 250, buyLimitCents: 300, restingLeft: 6, tick: 1 }]);
    expect(book.asks()[0]).toMatchObject({ trader: 'alice', filled: 4, status: 'partial' });
  });
});

describe('repeatedValue (the duplicate-id check of a restore and a load)', () => {
  it('property: finds a repeat exactly when there is one, ids close together or far apart, whole or not', () => {
    const value = fc.oneof(fc.integer({ min: 1, max: 60 }), fc.integer({ min: 1, max: 2 ** 40 }), fc.double({ min: 0, max: 50, noNaN: true }));
    fc.assert(
      fc.property(fc.array(value, { maxLength: 80 }), (list) => {
        const found = repeatedValue(Float64Array.from(list));
        const counts = new Map<number, number>();
        for (const v of list) counts.set(v, (counts.get(v) ?? 0) + 1);
        if (found === undefined) expect([...counts.values()].every((n) => n === 1)).toBe(true);
        else expect(counts.get(found)).toBeGreaterThan(1);
      }),
      { numRuns: 400 },
    );
  });
});
