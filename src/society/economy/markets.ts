// The markets: one OrderBook per good, settlement through escrow, price statistics, and the text
// summaries prompts use. Traders are Ledger holders (an agent's entity id or an institutional account
// such as "firm:3"), so firms trade through the same API as agents.
//
// Escrow: placing a buy order moves quantity × limit cents from the buyer to the MARKET_ESCROW ledger
// account; placing a sell order moves the goods to the MARKET_ESCROW stock account. A fill pays the
// seller from escrow (less the treasury's sales tax), gives the buyer the goods and refunds the
// buyer's price improvement; a cancel or an expiry returns what is left. So no trade can create or
// destroy money or goods, and nobody's cash or stock can go negative.

import { z } from 'zod';
import { StringTable } from '../../engine/saved-arrays';
import type { World, StateSection } from '../../engine/world';
import { resourceKey } from '../../engine/world';
import { BASE_PRICE_CENTS, GOODS, isGood, type Good } from '../resources';
import { Trading } from './components';
import type { EconomyConfig } from './config';
import { LedgerKey, type Holder } from './ledger';
import { OrderBook, repeatedValue, type Fill, type Order, type Side, type SubmitResult } from './order-book';
import { StockKey } from './stock';
import { collectSalesTax } from './treasury';

export const MARKET_ESCROW = 'market:escrow';

interface DayCounts {
  trades: number;
  volume: number;
  valueCents: number;
}

interface GoodMarket {
  book: OrderBook;
  /** Last trade price (0 before the first trade). */
  last: number;
  /** The prototype's supply/demand price, updated daily: the reference when the book is one-sided. */
  posted: number;
  /** Trade prices, oldest first: the last market.historyLength of them are the history (see trimHistory). */
  history: number[];
  totalVolume: number;
  today: DayCounts;
  yesterday: DayCounts;
}

export type OrderOutcome = { ok: true; order: Order; fills: Fill[] } | { ok: false; reason: string };

export interface PriceStats {
  good: Good;
  last: number;
  mid: number | undefined;
  bestBid: number | undefined;
  bestAsk: number | undefined;
  reference: number;
  posted: number;
  demand: number;
  supply: number;
  openOrders: number;
  totalVolume: number;
  movingAverage: number;
  volatility: number;
  yesterday: DayCounts;
}

export class Markets implements StateSection {
  readonly name = 'markets';
  private goods = new Map<Good, GoodMarket>();
  private nextOrderId = 1;
  /** Per-tick offer counts of institutional traders (agents use the Trading component). */
  private institutionOffers = new Map<string, number>();
  private institutionOffersTick = -1;
  /** Price shocks (shocks.ts): the factor on a good's base price. Saved by the shocks section, not here. */
  private readonly baseFactors = new Map<Good, number>();

  constructor(private readonly cfg: EconomyConfig['market']) {
    for (const g of GOODS) this.goods.set(g, freshMarket(BASE_PRICE_CENTS[g]));
  }

  book(good: Good): OrderBook {
    return this.market(good).book;
  }

  /** Which good an open order is for (undefined if it is not open). */
  goodOf(orderId: number): Good | undefined {
    for (const [g, m] of this.goods) if (m.book.get(orderId)) return g;
    return undefined;
  }

  openOrder(orderId: number): Order | undefined {
    const g = this.goodOf(orderId);
    return g === undefined ? undefined : this.market(g).book.get(orderId);
  }

  /** Every open order of a trader (scans the books: used on death and by statements, not per tick). */
  ordersOf(trader: Holder): Order[] {
    const out: Order[] = [];
    for (const m of this.goods.values()) for (const o of [...m.book.bids(), ...m.book.asks()]) if (o.trader === trader) out.push(o);
    return out.sort((a, b) => a.id - b.id);
  }

  /** The price the heuristic brain quotes around: the book's mid when two-sided, else the posted price. */
  reference(good: Good): number {
    const m = this.market(good);
    return m.book.mid() ?? m.posted;
  }

  /** The base price the daily update anchors and clamps around: the good's base price times any price shock. */
  basePrice(good: Good): number {
    return Math.max(1, Math.round(BASE_PRICE_CENTS[good] * (this.baseFactors.get(good) ?? 1)));
  }

  /**
   * Set a good's price-shock factor (1 ends it). The posted price moves by the change at once, unless
   * `movePosted` is false (a load, whose markets section already holds the shocked posted price).
   */
  setBaseFactor(good: Good, factor: number, movePosted = true): void {
    const m = this.market(good);
    const old = this.baseFactors.get(good) ?? 1;
    if (factor === 1) this.baseFactors.delete(good);
    else this.baseFactors.set(good, factor);
    if (movePosted) m.posted = Math.max(1, Math.round((m.posted * factor) / old));
  }

  /** The posted (supply/demand) price: the anchor the heuristic brain quotes around, bounded by the scenario's factors. */
  posted(good: Good): number {
    return this.market(good).posted;
  }

  stats(good: Good): PriceStats {
    const m = this.market(good);
    return {
      good,
      last: m.last,
      mid: m.book.mid(),
      bestBid: m.book.bestBid()?.limitCents,
      bestAsk: m.book.bestAsk()?.limitCents,
      reference: this.reference(good),
      posted: m.posted,
      demand: m.book.demand,
      supply: m.book.supply,
      openOrders: m.book.size,
      totalVolume: m.totalVolume,
      // Windows capped at the history's length: older prices may still be held (see trimHistory).
      movingAverage: movingAverage(m.history, Math.min(this.cfg.movingAverageWindow, this.cfg.historyLength)),
      volatility: volatility(m.history, Math.min(this.cfg.volatilityWindow, this.cfg.historyLength)),
      yesterday: { ...m.yesterday },
    };
  }

  history(good: Good): readonly number[] {
    const m = this.market(good);
    trimHistory(m.history, this.cfg.historyLength, this.cfg.historyLength);
    return m.history;
  }

  /** Place a limit order with escrow and match it; illegal requests are refused with a reason. */
  submit(world: World, trader: Holder, good: Good, side: Side, quantity: number, limitCents: number, ttlTicks?: number): OrderOutcome {
    const placed = this.place(world, trader, good, side, quantity, limitCents, ttlTicks);
    return typeof placed === 'string' ? { ok: false, reason: placed } : { ok: true, order: { ...placed.order }, fills: placed.fills };
  }

  /**
   * submit() for a caller that only needs to know whether: the book's own order (read it at once,
   * never change it) or why not. An agent's buy or sell is a hundred orders a tick in a town.
   */
  place(world: World, trader: Holder, good: Good, side: Side, quantity: number, limitCents: number, ttlTicks?: number): SubmitResult | string {
    return this.check(world, trader, good, side, quantity, limitCents, ttlTicks) ?? this.enter(world, trader, good, side, quantity, limitCents, ttlTicks);
  }

  /**
   * place() for an order check() has just passed: an agent's buy or sell, judged by the action's
   * validate a moment before (fifty a tick in a town, each checked twice).
   */
  enter(world: World, trader: Holder, good: Good, side: Side, quantity: number, limitCents: number, ttlTicks?: number): SubmitResult | string {
    const ledger = world.resource(LedgerKey);
    const stock = world.resource(StockKey);
    const escrowed = side === 'buy' ? ledger.transfer(world, trader, MARKET_ESCROW, quantity * limitCents) : stock.move(world, trader, MARKET_ESCROW, good, quantity);
    if (!escrowed) return side === 'buy' ? 'not enough cash' : `not enough ${good}`;
    this.countOffer(world, trader);
    const m = this.market(good);
    const tick = world.clock.tick;
    const ttl = ttlTicks ?? this.cfg.defaultOrderTtlTicks;
    const placed = m.book.submit({ id: this.nextOrderId++, trader, side, quantity, limitCents, tick, expiresTick: tick + ttl });
    for (let i = 0; i < placed.fills.length; i++) this.settle(world, good, m, placed.fills[i], side);
    if (placed.order.status !== 'filled') this.addOpen(world, trader, 1);
    return placed;
  }

  /** Cancel an open order and return its escrow; `by` (if given) must be the order's trader. */
  cancel(world: World, orderId: number, by?: Holder): { ok: true; order: Order } | { ok: false; reason: string } {
    const good = this.goodOf(orderId);
    const existing = good === undefined ? undefined : this.market(good).book.get(orderId);
    if (good === undefined || !existing) return { ok: false, reason: `no open order ${orderId}` };
    if (by !== undefined && existing.trader !== by) return { ok: false, reason: `order ${orderId} belongs to someone else` };
    const order = this.market(good).book.cancel(orderId)!;
    this.release(world, good, order);
    return { ok: true, order: { ...order } };
  }

  /** Cancel every open order of a trader (on death), refunding the escrow to it, in id order. */
  cancelAllOf(world: World, trader: Holder): number {
    const mine: { good: Good; order: Order }[] = [];
    for (const [good, m] of this.goods) for (const order of [...m.book.bids(), ...m.book.asks()]) if (order.trader === trader) mine.push({ good, order });
    mine.sort((a, b) => a.order.id - b.order.id);
    // Each order's book is known: no lookup by id, which would build the books' indexes.
    for (const { good, order } of mine) this.release(world, good, this.market(good).book.cancelHeld(order));
    return mine.length;
  }

  /** Per tick: drop expired orders (refunding escrow); at each day start, roll the day's counters and post prices. */
  update(world: World): void {
    const tick = world.clock.tick;
    for (const [good, m] of this.goods) for (const order of m.book.expire(tick)) this.release(world, good, order);
    if (world.clock.isDayStart()) this.startDay(world);
  }

  /** Open quantity and value held in escrow, for the conservation checks: cash = Σ buys' open qty × limit. */
  escrowDue(): { cashCents: number; goods: Record<Good, number> } {
    let cash = 0;
    const goods = Object.fromEntries(GOODS.map((g) => [g, 0])) as Record<Good, number>;
    for (const [g, m] of this.goods) {
      for (const o of m.book.bids()) cash += (o.quantity - o.filled) * o.limitCents;
      goods[g] = m.book.supply;
    }
    return { cashCents: cash, goods };
  }

  // ---- text for prompts ----

  /** The prototype's one-line summary: "Food (Price:1.00, Bid:0.95, Ask:1.05, Demand(Qty):3, Supply(Qty):8)". */
  concise(good: Good): string {
    const s = this.stats(good);
    return `${title(good)} (Price:${money(s.reference)}, Bid:${s.bestBid === undefined ? '0.00' : money(s.bestBid)}, Ask:${s.bestAsk === undefined ? 'N/A' : money(s.bestAsk)}, Demand(Qty):${s.demand}, Supply(Qty):${s.supply})`;
  }

  detailed(good: Good): string {
    const s = this.stats(good);
    const last = s.last > 0 ? money(s.last) : 'none yet';
    return `${this.concise(good).slice(0, -1)}, Last:${last}, Orders:${s.openOrders}, Volume yesterday:${s.yesterday.volume}, Avg(${this.cfg.movingAverageWindow}):${money(s.movingAverage || s.reference)})`;
  }

  overview(): string {
    return `Market Overview: ${GOODS.map((g) => `${title(g)} (Price: ${money(this.reference(g))})`).join('; ')}`;
  }

  // ---- state ----

  /**
   * Each book's open orders as columns (bids then asks, each best first): a typed array per field
   * instead of an object per order, which at 100,000 agents was 16 MiB of JSON and most of a load.
   * Institutional traders ("firm:3") go through a string table: trader -1 - i is traders[i].
   */
  save(): SavedMarkets {
    const traders = new StringTable();
    const goods: Record<string, SavedGoodMarket> = {};
    for (const [g, m] of this.goods) {
      trimHistory(m.history, this.cfg.historyLength, this.cfg.historyLength);
      goods[g] = { book: saveBook(m.book, traders), last: m.last, posted: m.posted, history: [...m.history], totalVolume: m.totalVolume, today: { ...m.today }, yesterday: { ...m.yesterday } };
    }
    return { nextOrderId: this.nextOrderId, traders: traders.strings, goods };
  }

  load(data: unknown): void {
    const parsed = MarketsSave.safeParse(data);
    if (!parsed.success) throw new Error(`markets section: ${describeIssue(parsed.error)}`);
    const d = parsed.data;
    const goods = new Map<Good, GoodMarket>();
    const ids: Float64Array[] = [];
    for (const g of GOODS) {
      const s = d.goods[g];
      if (!s) throw new Error(`markets section: missing market "${g}"`);
      if (s.history.length > this.cfg.historyLength) throw new Error(`markets section: ${g} history longer than ${this.cfg.historyLength}`);
      const orders = loadOrders(s.book, d.traders, g);
      let book: OrderBook;
      try {
        book = OrderBook.adopt({ nextSeq: s.book.nextSeq, nextId: s.book.nextId, orders });
      } catch (err) {
        throw new Error(`markets section: ${g} book: ${(err as Error).message}`);
      }
      for (const id of s.book.id) if (id >= d.nextOrderId) throw new Error(`markets section: order ${id} is beyond nextOrderId`);
      ids.push(s.book.id);
      goods.set(g, { book, last: s.last, posted: s.posted, history: [...s.history], totalVolume: s.totalVolume, today: { ...s.today }, yesterday: { ...s.yesterday } });
    }
    const all = new Float64Array(ids.reduce((n, a) => n + a.length, 0));
    for (let i = 0, at = 0; i < ids.length; at += ids[i].length, i++) all.set(ids[i], at);
    const twice = repeatedValue(all);
    if (twice !== undefined) throw new Error(`markets section: order id ${twice} is in two books`);
    this.goods = goods;
    this.nextOrderId = d.nextOrderId;
    this.institutionOffers.clear();
    this.institutionOffersTick = -1;
  }

  // ---- internals ----

  private market(good: Good): GoodMarket {
    const m = this.goods.get(good);
    if (!m) throw new Error(`unknown good "${String(good)}"`);
    return m;
  }

  /** Why this order would be refused now, or null. */
  check(world: World, trader: Holder, good: Good, side: Side, quantity: number, limitCents: number, ttlTicks?: number): string | null {
    if (!isGood(good)) return `unknown good "${String(good).slice(0, 40)}"`;
    if (side !== 'buy' && side !== 'sell') return 'side must be "buy" or "sell"';
    if (!Number.isSafeInteger(quantity) || quantity <= 0) return 'quantity must be a positive integer';
    if (!Number.isSafeInteger(limitCents) || limitCents <= 0) return 'price must be a positive integer of cents';
    if (ttlTicks !== undefined && (!Number.isSafeInteger(ttlTicks) || ttlTicks <= 0)) return 'ttl must be a positive integer of ticks';
    if (typeof trader === 'number' ? !world.isAlive(trader) : !world.resource(LedgerKey).hasAccount(trader) || !world.resource(StockKey).hasAccount(trader)) {
      return `trader ${String(trader)} does not exist (institutions need both a ledger and a stock account)`;
    }
    if (this.offersThisTick(world, trader) >= this.cfg.maxOffersPerTick) return `at most ${this.cfg.maxOffersPerTick} trade offers per tick`;
    if (side === 'buy') {
      const cost = quantity * limitCents;
      const cash = world.resource(LedgerKey).balance(world, trader);
      if (!Number.isSafeInteger(cost) || cost > cash) return `not enough cash: ${quantity} × ${limitCents} cents needs ${cost}, has ${cash}`;
    } else {
      const held = world.resource(StockKey).amount(world, trader, good);
      if (held < quantity) return `not enough ${good}: has ${held}, offers ${quantity}`;
    }
    return null;
  }

  private offersThisTick(world: World, trader: Holder): number {
    const tick = world.clock.tick;
    if (typeof trader === 'number') {
      const t = world.store(Trading);
      return t.offerTick[trader] === tick ? t.offers[trader] : 0;
    }
    return this.institutionOffersTick === tick ? (this.institutionOffers.get(trader) ?? 0) : 0;
  }

  private countOffer(world: World, trader: Holder): void {
    const tick = world.clock.tick;
    if (typeof trader === 'number') {
      const t = world.store(Trading);
      t.offers[trader] = t.offerTick[trader] === tick ? t.offers[trader] + 1 : 1;
      t.offerTick[trader] = tick;
      return;
    }
    if (this.institutionOffersTick !== tick) {
      this.institutionOffers.clear();
      this.institutionOffersTick = tick;
    }
    this.institutionOffers.set(trader, (this.institutionOffers.get(trader) ?? 0) + 1);
  }

  private addOpen(world: World, trader: Holder, delta: number): void {
    if (typeof trader === 'number' && world.isAlive(trader)) world.store(Trading).openOrders[trader] += delta;
  }

  /** Settle one fill of an order placed on `side` (the other side rested in the book). */
  private settle(world: World, good: Good, m: GoodMarket, fill: Fill, side: Side): void {
    const ledger = world.resource(LedgerKey);
    const gross = fill.quantity * fill.priceCents;
    const tax = collectSalesTax(world, MARKET_ESCROW, gross);
    ledger.transfer(world, MARKET_ESCROW, fill.seller, gross - tax);
    ledger.transfer(world, MARKET_ESCROW, fill.buyer, fill.quantity * (fill.buyLimitCents - fill.priceCents));
    world.resource(StockKey).move(world, MARKET_ESCROW, fill.buyer, good, fill.quantity);
    // The resting order may now be complete: it no longer counts among its trader's open orders.
    if (fill.restingLeft === 0) this.addOpen(world, side === 'buy' ? fill.seller : fill.buyer, -1);
    m.last = fill.priceCents;
    m.history.push(fill.priceCents);
    trimHistory(m.history, this.cfg.historyLength, 2 * this.cfg.historyLength);
    m.totalVolume += fill.quantity;
    m.today.trades++;
    m.today.volume += fill.quantity;
    m.today.valueCents += gross;
    world.emit('trade', { buyer: fill.buyer, seller: fill.seller, good, quantity: fill.quantity, priceCents: fill.priceCents, type: 'trade', tick: 0, seq: 0 });
  }

  /** Return what an order still holds in escrow to its trader. */
  private release(world: World, good: Good, order: Order): void {
    const open = order.quantity - order.filled;
    if (order.side === 'buy') world.resource(LedgerKey).transfer(world, MARKET_ESCROW, order.trader, open * order.limitCents);
    else world.resource(StockKey).move(world, MARKET_ESCROW, order.trader, good, open);
    this.addOpen(world, order.trader, -1);
  }

  private startDay(world: World): void {
    const rng = world.stream('market');
    const cfg = this.cfg;
    for (const [good, m] of this.goods) {
      m.yesterday = m.today;
      m.today = { trades: 0, volume: 0, valueCents: 0 };
      m.posted = postedPrice(this.basePrice(good), m.posted, m.book.demand, m.book.supply, cfg, rng.normal(0, cfg.priceVolatility));
    }
  }
}

function freshMarket(base: number): GoodMarket {
  return { book: new OrderBook(), last: 0, posted: base, history: [], totalVolume: 0, today: { trades: 0, volume: 0, valueCents: 0 }, yesterday: { trades: 0, volume: 0, valueCents: 0 } };
}

/**
 * The prototype's price update (§3.1): ratio = demand/supply (2 when supply is 0; keep the old price
 * when both are 0); anchor × (1 + elasticity·(ratio − 1)) × (1 + noise), clamped to [min, max] × base,
 * rounded to a whole cent and at least 1 cent. The prototype's anchor is the base price (so a shortage
 * lifts the price 10 % at most); with priceAnchor "previous" a lasting imbalance compounds day by day.
 */
export function postedPrice(base: number, previous: number, demand: number, supply: number, cfg: Pick<EconomyConfig['market'], 'priceElasticity' | 'minPriceFactor' | 'maxPriceFactor' | 'priceAnchor'>, noise: number): number {
  if (demand === 0 && supply === 0) return previous;
  const ratio = supply === 0 ? 2 : demand / supply;
  const anchor = cfg.priceAnchor === 'previous' ? previous : base;
  const p = anchor * (1 + (ratio - 1) * cfg.priceElasticity) * (1 + noise);
  return Math.max(1, Math.round(Math.min(base * cfg.maxPriceFactor, Math.max(base * cfg.minPriceFactor, p))));
}

/**
 * Keep the last `keep` prices once more than `limit` are held. A shift() per trade moved the whole
 * history (a thousand prices) every time; trimming in batches costs one move per `limit - keep` trades.
 */
function trimHistory(history: number[], keep: number, limit: number): void {
  if (history.length > limit) history.splice(0, history.length - keep);
}

/** Mean of the last `n` values (0 if there are none). */
export function movingAverage(values: readonly number[], n: number): number {
  const k = Math.min(n, values.length);
  if (k === 0) return 0;
  let s = 0;
  for (let i = values.length - k; i < values.length; i++) s += values[i];
  return s / k;
}

/** Population standard deviation of the last `n` values (0 with fewer than 2). */
export function volatility(values: readonly number[], n: number): number {
  const k = Math.min(n, values.length);
  if (k < 2) return 0;
  const mean = movingAverage(values, k);
  let ss = 0;
  for (let i = values.length - k; i < values.length; i++) ss += (values[i] - mean) ** 2;
  return Math.sqrt(ss / k);
}

function title(good: Good): string {
  return good[0].toUpperCase() + good.slice(1);
}

/** Cents as a decimal amount: 105 → "1.05". */
export function money(cents: number): string {
  const sign = cents < 0 ? '-' : '';
  const c = Math.round(Math.abs(cents));
  return `${sign}${Math.floor(c / 100)}.${String(c % 100).padStart(2, '0')}`;
}

/** A book in a save (format 3 on): its counters and its open orders as columns, bids first. */
export interface SavedBook {
  nextSeq: number;
  nextId: number;
  /** How many of the orders are bids; the rest are asks. */
  bids: number;
  id: Float64Array;
  /** An agent's id (>= 0), or -1 - i for the institution traders[i]. */
  trader: Int32Array;
  quantity: Float64Array;
  filled: Float64Array;
  limitCents: Float64Array;
  seq: Float64Array;
  placedTick: Float64Array;
  /** -1: good until cancelled. */
  expiresTick: Float64Array;
}

export interface SavedGoodMarket {
  book: SavedBook;
  last: number;
  posted: number;
  history: number[];
  totalVolume: number;
  today: DayCounts;
  yesterday: DayCounts;
}

export interface SavedMarkets {
  nextOrderId: number;
  /** Institutional traders' names, referred to by the books' trader columns. */
  traders: string[];
  goods: Record<string, SavedGoodMarket>;
}

function saveBook(book: OrderBook, traders: StringTable): SavedBook {
  const bids = book.bids();
  const orders = bids.concat(book.asks());
  const n = orders.length;
  const out: SavedBook = {
    ...book.counters(),
    bids: bids.length,
    id: new Float64Array(n),
    trader: new Int32Array(n),
    quantity: new Float64Array(n),
    filled: new Float64Array(n),
    limitCents: new Float64Array(n),
    seq: new Float64Array(n),
    placedTick: new Float64Array(n),
    expiresTick: new Float64Array(n),
  };
  for (let i = 0; i < n; i++) {
    const o = orders[i];
    out.id[i] = o.id;
    out.trader[i] = typeof o.trader === 'number' ? o.trader : -1 - traders.of(o.trader);
    out.quantity[i] = o.quantity;
    out.filled[i] = o.filled;
    out.limitCents[i] = o.limitCents;
    out.seq[i] = o.seq;
    out.placedTick[i] = o.placedTick;
    out.expiresTick[i] = o.expiresTick ?? -1;
  }
  return out;
}

/**
 * An integer read from a Float64Array as a small integer where it is one: stored as a double, a
 * field of the order's shape holds a boxed number (a heap object per field of each of ~100,000 orders).
 */
const small = (v: number) => (v >= 0 && v <= 0x3fffffff ? v | 0 : v);

const isCount = (v: number) => Number.isSafeInteger(v) && v >= 0;

/** A saved book's columns as orders, every value checked (the order book then checks their consistency). */
function loadOrders(b: SavedBook, traders: string[], good: string): Order[] {
  const n = b.id.length;
  for (const key of ['trader', 'quantity', 'filled', 'limitCents', 'seq', 'placedTick', 'expiresTick'] as const) {
    if (b[key].length !== n) throw new Error(`markets section: ${good} book: ${key} holds ${b[key].length} values for ${n} orders`);
  }
  if (b.bids > n) throw new Error(`markets section: ${good} book: ${b.bids} bids among ${n} orders`);
  const orders = new Array<Order>(n);
  const bad = (i: number, what: string) => new Error(`markets section: ${good} order ${i}: ${what}`);
  for (let i = 0; i < n; i++) {
    const id = b.id[i];
    const t = b.trader[i];
    const quantity = b.quantity[i];
    const filled = b.filled[i];
    const limitCents = b.limitCents[i];
    const expires = b.expiresTick[i];
    if (!(isCount(id) && id >= 1)) throw bad(i, `id ${id} must be a positive integer`);
    if (t < 0 && -1 - t >= traders.length) throw bad(i, `trader ${t} is not in the table of ${traders.length}`);
    if (!(isCount(quantity) && quantity >= 1)) throw bad(i, `quantity ${quantity} must be a positive integer`);
    if (!isCount(filled)) throw bad(i, `filled ${filled} must be a non-negative integer`);
    if (!(isCount(limitCents) && limitCents >= 1)) throw bad(i, `limit ${limitCents} must be a positive integer of cents`);
    if (!isCount(b.seq[i]) || !isCount(b.placedTick[i])) throw bad(i, 'seq and placedTick must be non-negative integers');
    if (expires !== -1 && !isCount(expires)) throw bad(i, `expiry ${expires} must be a non-negative integer or -1`);
    orders[i] = {
      id: small(id),
      trader: t >= 0 ? t : traders[-1 - t],
      side: i < b.bids ? 'buy' : 'sell',
      quantity: small(quantity),
      filled: small(filled),
      limitCents: small(limitCents),
      seq: small(b.seq[i]),
      placedTick: small(b.placedTick[i]),
      expiresTick: expires === -1 ? null : small(expires),
      status: filled > 0 ? 'partial' : 'open',
    };
  }
  return orders;
}

const count = z.number().int().min(0);
const f64 = z.instanceof(Float64Array);
const Day = z.object({ trades: count, volume: count, valueCents: count }).strict();
const BookSave = z
  .object({ nextSeq: count, nextId: z.number().int().min(1), bids: count, id: f64, trader: z.instanceof(Int32Array), quantity: f64, filled: f64, limitCents: f64, seq: f64, placedTick: f64, expiresTick: f64 })
  .strict();
const GoodSave = z
  .object({
    book: BookSave,
    last: count,
    posted: z.number().int().min(1),
    history: z.array(z.number().int().min(1)),
    totalVolume: count,
    today: Day,
    yesterday: Day,
  })
  .strict();
const MarketsSave = z.object({ nextOrderId: z.number().int().min(1), traders: z.array(z.string().min(1).max(200)), goods: z.record(z.string(), GoodSave) }).strict();

export function describeIssue(error: z.ZodError): string {
  const issue = error.issues[0];
  return `${issue.path.length ? issue.path.join('.') : '(root)'}: ${issue.message}`;
}

export const MarketsKey = resourceKey<Markets>('markets');

/** Place a limit order for a trader (agent id or institutional account such as "firm:3"). */
export function submitOrder(world: World, trader: Holder, good: Good, side: Side, quantity: number, limitCents: number, ttlTicks?: number): OrderOutcome {
  return world.resource(MarketsKey).submit(world, trader, good, side, quantity, limitCents, ttlTicks);
}

/** Cancel an open order (any trader's: for an agent's own request use the cancel_order action). */
export function cancelOrder(world: World, orderId: number): { ok: true; order: Order } | { ok: false; reason: string } {
  return world.resource(MarketsKey).cancel(world, orderId);
}
