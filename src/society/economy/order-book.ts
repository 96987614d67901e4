// A limit order book for one good: the matching core of the markets, with no World dependency so
// it can be used on its own as a library (docs/API.md). Prices are integer cents, quantities integer
// units. Price-time priority; an incoming order matches continuously against the opposite side while
// it crosses (best bid >= best ask), so the book is never left crossed. Partial fills rest.
//
// Execution price: the RESTING order's limit (the standard rule on real exchanges). The prototype used
// the midpoint of bid and ask; with escrowed limits the resting-price rule gives the aggressor all the
// price improvement and never needs a rounding rule for odd-cent midpoints.
//
// Each side is an array sorted worst-to-best, so the best order is at the end (pop is O(1)), and
// insertion is a binary search plus splice.

export type Side = 'buy' | 'sell';
export type OrderStatus = 'open' | 'partial' | 'filled' | 'cancelled' | 'expired';
/** Who placed an order: an agent's entity id or an institutional account name (e.g. "firm:3"). */
export type Trader = number | string;

export interface Order {
  readonly id: number;
  readonly trader: Trader;
  readonly side: Side;
  readonly quantity: number;
  filled: number;
  readonly limitCents: number;
  /** Submission sequence in this book: time priority among equal prices. */
  readonly seq: number;
  readonly placedTick: number;
  /** The order expires at the start of this tick; null = good until cancelled. */
  readonly expiresTick: number | null;
  status: OrderStatus;
}

export interface Fill {
  buyOrder: number;
  sellOrder: number;
  buyer: Trader;
  seller: Trader;
  quantity: number;
  priceCents: number;
  /** The buy order's limit (the settlement layer refunds limit − price per unit of escrow). */
  buyLimitCents: number;
  tick: number;
}

export interface OrderInput {
  trader: Trader;
  side: Side;
  quantity: number;
  limitCents: number;
  tick: number;
  expiresTick?: number | null;
  /** Caller-assigned id (e.g. unique across several books); otherwise the book numbers its orders. */
  id?: number;
}

export interface SubmitResult {
  order: Order;
  fills: Fill[];
}

export interface BookSnapshot {
  nextSeq: number;
  nextId: number;
  /** Open orders, bids then asks, each side best first. */
  orders: Order[];
}

export class OrderBookError extends Error {
  override readonly name = 'OrderBookError';
}

export class OrderBook {
  /** Worst to best: ascending price, later orders first among equal prices. */
  private readonly bidSide: Order[] = [];
  /** Worst to best: descending price, later orders first among equal prices. */
  private readonly askSide: Order[] = [];
  private readonly live = new Map<number, Order>();
  private nextSeq = 0;
  private nextId = 1;
  private bidQty = 0;
  private askQty = 0;
  /** Order ids by expiry tick, and those ticks in ascending order: expire() touches only what is due. */
  private readonly expiring = new Map<number, number[]>();
  private readonly expiryTicks: number[] = [];

  submit(input: OrderInput): SubmitResult {
    const { trader, side, quantity, limitCents, tick } = input;
    if (side !== 'buy' && side !== 'sell') throw new OrderBookError(`side must be "buy" or "sell", got ${String(side)}`);
    if (!Number.isSafeInteger(quantity) || quantity <= 0) throw new OrderBookError(`quantity must be a positive integer, got ${quantity}`);
    if (!Number.isSafeInteger(limitCents) || limitCents <= 0) throw new OrderBookError(`limit price must be a positive integer of cents, got ${limitCents}`);
    const expiresTick = input.expiresTick ?? null;
    if (expiresTick !== null && (!Number.isSafeInteger(expiresTick) || expiresTick <= tick)) throw new OrderBookError(`expiry tick must be after tick ${tick}, got ${expiresTick}`);
    const id = input.id ?? this.nextId;
    if (!Number.isSafeInteger(id) || id <= 0) throw new OrderBookError(`order id must be a positive integer, got ${id}`);
    if (this.live.has(id)) throw new OrderBookError(`order id ${id} is already in the book`);
    this.nextId = Math.max(this.nextId, id + 1);
    const order: Order = { id, trader, side, quantity, filled: 0, limitCents, seq: this.nextSeq++, placedTick: tick, expiresTick, status: 'open' };
    const fills = this.match(order, tick);
    if (order.filled < order.quantity) this.rest(order);
    return { order, fills };
  }

  cancel(id: number): Order | undefined {
    const order = this.live.get(id);
    if (!order) return undefined;
    this.remove(order);
    order.status = 'cancelled';
    return order;
  }

  /** Remove every order whose expiry tick has come; returns them (status "expired"), oldest expiry first. */
  expire(tick: number): Order[] {
    const out: Order[] = [];
    while (this.expiryTicks.length > 0 && this.expiryTicks[0] <= tick) {
      const due = this.expiryTicks.shift()!;
      for (const id of this.expiring.get(due)!) {
        const o = this.live.get(id);
        // The bucket may name orders that have since filled or been cancelled.
        if (!o || o.expiresTick !== due) continue;
        this.remove(o);
        o.status = 'expired';
        out.push(o);
      }
      this.expiring.delete(due);
    }
    // Canonical order (a restored book's buckets may list ids differently).
    return out.sort((a, b) => a.expiresTick! - b.expiresTick! || a.seq - b.seq);
  }

  get(id: number): Order | undefined {
    return this.live.get(id);
  }

  bestBid(): Order | undefined {
    return this.bidSide[this.bidSide.length - 1];
  }

  bestAsk(): Order | undefined {
    return this.askSide[this.askSide.length - 1];
  }

  /** Midpoint of best bid and ask, rounded down to a cent; undefined unless both sides exist. */
  mid(): number | undefined {
    const b = this.bestBid();
    const a = this.bestAsk();
    return b && a ? Math.floor((b.limitCents + a.limitCents) / 2) : undefined;
  }

  /** Open quantity on the bid side (demand) and ask side (supply). */
  get demand(): number {
    return this.bidQty;
  }

  get supply(): number {
    return this.askQty;
  }

  get size(): number {
    return this.live.size;
  }

  /** Open bids, best first. */
  bids(): Order[] {
    return this.bidSide.slice().reverse();
  }

  /** Open asks, best first. */
  asks(): Order[] {
    return this.askSide.slice().reverse();
  }

  /** The book's sequence and id counters (a save that writes the orders itself needs only these). */
  counters(): { nextSeq: number; nextId: number } {
    return { nextSeq: this.nextSeq, nextId: this.nextId };
  }

  snapshot(): BookSnapshot {
    return { nextSeq: this.nextSeq, nextId: this.nextId, orders: [...this.bids(), ...this.asks()].map((o) => ({ ...o })) };
  }

  /** Rebuild a book from a snapshot (validated by the caller's schema; checked for consistency here). */
  static restore(snap: BookSnapshot): OrderBook {
    const book = new OrderBook();
    // A snapshot lists each side best first, and the sides are stored worst to best: resting the
    // orders in reverse puts each at the end of its side (resting them in order was quadratic).
    for (let i = snap.orders.length - 1; i >= 0; i--) {
      const o = snap.orders[i];
      if (o.filled < 0 || o.filled >= o.quantity) throw new OrderBookError(`order ${o.id}: filled ${o.filled} of ${o.quantity} is not open`);
      if (o.seq >= snap.nextSeq || o.id >= snap.nextId) throw new OrderBookError(`order ${o.id}: sequence or id beyond the book's counters`);
      if (book.live.has(o.id)) throw new OrderBookError(`order id ${o.id} appears twice`);
      book.rest({ ...o, status: o.filled > 0 ? 'partial' : 'open' });
    }
    const b = book.bestBid();
    const a = book.bestAsk();
    if (b && a && b.limitCents >= a.limitCents) throw new OrderBookError('book is crossed (best bid >= best ask)');
    book.nextSeq = snap.nextSeq;
    book.nextId = snap.nextId;
    return book;
  }

  private match(order: Order, tick: number): Fill[] {
    const fills: Fill[] = [];
    const opposite = order.side === 'buy' ? this.askSide : this.bidSide;
    while (order.filled < order.quantity && opposite.length > 0) {
      const best = opposite[opposite.length - 1];
      const crosses = order.side === 'buy' ? best.limitCents <= order.limitCents : best.limitCents >= order.limitCents;
      if (!crosses) break;
      const qty = Math.min(order.quantity - order.filled, best.quantity - best.filled);
      order.filled += qty;
      best.filled += qty;
      if (best.side === 'buy') this.bidQty -= qty;
      else this.askQty -= qty;
      const buy = order.side === 'buy' ? order : best;
      const sell = order.side === 'buy' ? best : order;
      fills.push({ buyOrder: buy.id, sellOrder: sell.id, buyer: buy.trader, seller: sell.trader, quantity: qty, priceCents: best.limitCents, buyLimitCents: buy.limitCents, tick });
      if (best.filled === best.quantity) {
        opposite.pop();
        this.live.delete(best.id);
        best.status = 'filled';
      } else {
        best.status = 'partial';
      }
    }
    order.status = order.filled === order.quantity ? 'filled' : order.filled > 0 ? 'partial' : 'open';
    return fills;
  }

  private rest(order: Order): void {
    const side = order.side === 'buy' ? this.bidSide : this.askSide;
    side.splice(this.insertionIndex(side, order), 0, order);
    this.live.set(order.id, order);
    const open = order.quantity - order.filled;
    if (order.side === 'buy') this.bidQty += open;
    else this.askQty += open;
    if (order.expiresTick !== null) this.scheduleExpiry(order);
  }

  private remove(order: Order): void {
    const side = order.side === 'buy' ? this.bidSide : this.askSide;
    // An order never outranks itself, so it sits just before its own insertion index.
    const i = this.insertionIndex(side, order) - 1;
    if (side[i] !== order) throw new OrderBookError(`order ${order.id} is not where its priority says`);
    side.splice(i, 1);
    this.live.delete(order.id);
    const open = order.quantity - order.filled;
    if (order.side === 'buy') this.bidQty -= open;
    else this.askQty -= open;
  }

  private scheduleExpiry(order: Order): void {
    const t = order.expiresTick!;
    const bucket = this.expiring.get(t);
    if (bucket) {
      bucket.push(order.id);
      return;
    }
    this.expiring.set(t, [order.id]);
    // Expiry ticks mostly arrive in increasing order: search from the end.
    let i = this.expiryTicks.length;
    while (i > 0 && this.expiryTicks[i - 1] > t) i--;
    this.expiryTicks.splice(i, 0, t);
  }

  /** First index whose order has priority over `order` (arrays run worst to best). */
  private insertionIndex(side: Order[], order: Order): number {
    let lo = 0;
    let hi = side.length;
    while (lo < hi) {
      const m = (lo + hi) >>> 1;
      if (outranks(side[m], order)) hi = m;
      else lo = m + 1;
    }
    return lo;
  }
}

/** Does a have priority over b (same side)? Better price, then earlier sequence. */
function outranks(a: Order, b: Order): boolean {
  if (a.limitCents !== b.limitCents) return a.side === 'buy' ? a.limitCents > b.limitCents : a.limitCents < b.limitCents;
  return a.seq < b.seq;
}
