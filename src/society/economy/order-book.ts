// A limit order book for one good: the matching core of the markets, with no World dependency so
// it can be used on its own as a library (docs/API.md). Prices are integer cents, quantities integer
// units. Price-time priority; an incoming order matches continuously against the opposite side while
// it crosses (best bid >= best ask), so the book is never left crossed. Partial fills rest.
//
// Execution price: the RESTING order's limit (the standard rule on real exchanges). The prototype used
// the midpoint of bid and ask; with escrowed limits the resting-price rule gives the aggressor all the
// price improvement and never needs a rounding rule for odd-cent midpoints.
//
// Each side is a list of price levels sorted worst to best (the best at the end), each level a
// first-in-first-out queue of its orders: resting an order appends it to its level, so a book of
// tens of thousands of orders around a few prices costs O(1) per order (a single sorted array cost a
// splice of half the book per order: a quarter of a 100,000-agent world's tick). Cancelled and
// expired orders leave the queue lazily: an order is in the book while its status is open or
// partial. The index by id is built on the first lookup by id: matching, expiry and a restored
// book of 100,000 orders never need it (its map was a third of loading a big world's markets).

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
  /** What the resting order still has open after this fill (0: it has left the book, filled). */
  restingLeft: number;
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
  private readonly bidSide = new BookSide('buy');
  private readonly askSide = new BookSide('sell');
  /** Open orders by id; null until a lookup by id needs it (see the top of the file). */
  private byId: Map<number, Order> | null = null;
  private open = 0;
  private nextSeq = 0;
  private nextId = 1;
  private bidQty = 0;
  private askQty = 0;
  /** Orders by expiry tick, and those ticks in ascending order: expire() touches only what is due. */
  private readonly expiring = new Map<number, Order[]>();
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
    // Every id in the book is below nextId: a fresh id needs no lookup.
    if (id < this.nextId && this.index().has(id)) throw new OrderBookError(`order id ${id} is already in the book`);
    this.nextId = Math.max(this.nextId, id + 1);
    const order: Order = { id, trader, side, quantity, filled: 0, limitCents, seq: this.nextSeq++, placedTick: tick, expiresTick, status: 'open' };
    const fills = this.match(order, tick);
    if (order.filled < order.quantity) this.rest(order);
    return { order, fills };
  }

  cancel(id: number): Order | undefined {
    const order = this.index().get(id);
    if (!order) return undefined;
    this.remove(order, 'cancelled');
    return order;
  }

  /**
   * cancel() for an order already in hand, one of this book's as bids(), asks() or get() gave it:
   * no lookup by id, so the index is not built (a dead agent's orders are cancelled this way).
   */
  cancelHeld(order: Order): Order {
    // Another book's order at a price this book also has would unbalance that level: refused.
    if (!(order.side === 'buy' ? this.bidSide : this.askSide).holds(order)) throw new OrderBookError(`order ${order.id} is not in this book`);
    this.remove(order, 'cancelled');
    return order;
  }

  /** Remove every order whose expiry tick has come; returns them (status "expired"), oldest expiry first. */
  expire(tick: number): Order[] {
    const out: Order[] = [];
    while (this.expiryTicks.length > 0 && this.expiryTicks[0] <= tick) {
      const due = this.expiryTicks.shift()!;
      for (const o of this.expiring.get(due)!) {
        // The bucket may hold orders that have since filled or been cancelled.
        if (!isOpen(o)) continue;
        this.remove(o, 'expired');
        out.push(o);
      }
      this.expiring.delete(due);
    }
    // Canonical order (a restored book's buckets may list orders differently).
    return out.sort((a, b) => a.expiresTick! - b.expiresTick! || a.seq - b.seq);
  }

  get(id: number): Order | undefined {
    return this.index().get(id);
  }

  bestBid(): Order | undefined {
    return this.bidSide.best();
  }

  bestAsk(): Order | undefined {
    return this.askSide.best();
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
    return this.open;
  }

  /** Open bids, best first. */
  bids(): Order[] {
    return this.bidSide.list();
  }

  /** Open asks, best first. */
  asks(): Order[] {
    return this.askSide.list();
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
    return OrderBook.adopt({ ...snap, orders: snap.orders.map((o) => ({ ...o })) });
  }

  /**
   * restore() that keeps the snapshot's order objects as the book's own (their status set from
   * `filled`) instead of copying them: for a caller that made them for this book, as a load does
   * (a second object per order was a third of loading 100,000 agents' markets).
   */
  static adopt(snap: BookSnapshot): OrderBook {
    const book = new OrderBook();
    const ids = new Float64Array(snap.orders.length);
    // A snapshot lists each side best first, in time order within a price: each order joins the
    // end of its level's queue.
    for (let i = 0; i < snap.orders.length; i++) {
      const o = snap.orders[i];
      if (o.filled < 0 || o.filled >= o.quantity) throw new OrderBookError(`order ${o.id}: filled ${o.filled} of ${o.quantity} is not open`);
      if (o.seq >= snap.nextSeq || o.id >= snap.nextId) throw new OrderBookError(`order ${o.id}: sequence or id beyond the book's counters`);
      o.status = o.filled > 0 ? 'partial' : 'open';
      book.rest(o);
      ids[i] = o.id;
    }
    const twice = repeatedValue(ids);
    if (twice !== undefined) throw new OrderBookError(`order id ${twice} appears twice`);
    const b = book.bestBid();
    const a = book.bestAsk();
    if (b && a && b.limitCents >= a.limitCents) throw new OrderBookError('book is crossed (best bid >= best ask)');
    book.nextSeq = snap.nextSeq;
    book.nextId = snap.nextId;
    return book;
  }

  private index(): Map<number, Order> {
    if (this.byId === null) {
      this.byId = new Map();
      for (const o of this.bidSide.list()) this.byId.set(o.id, o);
      for (const o of this.askSide.list()) this.byId.set(o.id, o);
    }
    return this.byId;
  }

  private match(order: Order, tick: number): Fill[] {
    // Made at the first fill, one slot long: a push onto [] reserves seventeen, for the one fill an
    // agent's order usually has (the book's largest garbage).
    let fills: Fill[] | null = null;
    const opposite = order.side === 'buy' ? this.askSide : this.bidSide;
    while (order.filled < order.quantity) {
      const best = opposite.best();
      if (!best) break;
      const crosses = order.side === 'buy' ? best.limitCents <= order.limitCents : best.limitCents >= order.limitCents;
      if (!crosses) break;
      const qty = Math.min(order.quantity - order.filled, best.quantity - best.filled);
      order.filled += qty;
      best.filled += qty;
      if (best.side === 'buy') this.bidQty -= qty;
      else this.askQty -= qty;
      const buy = order.side === 'buy' ? order : best;
      const sell = order.side === 'buy' ? best : order;
      const restingLeft = best.quantity - best.filled;
      const fill: Fill = { buyOrder: buy.id, sellOrder: sell.id, buyer: buy.trader, seller: sell.trader, quantity: qty, priceCents: best.limitCents, buyLimitCents: buy.limitCents, restingLeft, tick };
      if (fills === null) fills = [fill];
      else fills.push(fill);
      if (restingLeft === 0) {
        best.status = 'filled';
        this.left(best);
      } else {
        best.status = 'partial';
      }
    }
    order.status = order.filled === order.quantity ? 'filled' : order.filled > 0 ? 'partial' : 'open';
    return fills ?? [];
  }

  private rest(order: Order): void {
    (order.side === 'buy' ? this.bidSide : this.askSide).add(order);
    this.byId?.set(order.id, order);
    this.open++;
    const open = order.quantity - order.filled;
    if (order.side === 'buy') this.bidQty += open;
    else this.askQty += open;
    if (order.expiresTick !== null) this.scheduleExpiry(order);
  }

  /** Take an open order out of the book with its open quantity, as cancelled or expired. */
  private remove(order: Order, status: 'cancelled' | 'expired'): void {
    if (!isOpen(order)) throw new OrderBookError(`order ${order.id} is not in the book`);
    order.status = status;
    this.left(order);
    const open = order.quantity - order.filled;
    if (order.side === 'buy') this.bidQty -= open;
    else this.askQty -= open;
  }

  /** An order whose status just closed leaves its side and the index. */
  private left(order: Order): void {
    this.byId?.delete(order.id);
    this.open--;
    (order.side === 'buy' ? this.bidSide : this.askSide).left(order);
  }

  private scheduleExpiry(order: Order): void {
    const t = order.expiresTick!;
    const bucket = this.expiring.get(t);
    if (bucket) {
      bucket.push(order);
      return;
    }
    this.expiring.set(t, [order]);
    // Expiry ticks mostly arrive in increasing order: search from the end.
    let i = this.expiryTicks.length;
    while (i > 0 && this.expiryTicks[i - 1] > t) i--;
    this.expiryTicks.splice(i, 0, t);
  }
}

/** In the book: open or partly filled. */
function isOpen(o: Order): boolean {
  return o.status === 'open' || o.status === 'partial';
}

/**
 * A value that occurs more than once, or undefined (may sort `values` in place). Integers within a
 * span of a few times their count (open orders' ids are recent ones) are ticked off in a byte per
 * id, faster than sorting 100,000 of them; anything else is sorted.
 */
export function repeatedValue(values: Float64Array): number | undefined {
  if (values.length < 2) return undefined;
  let lo = Infinity;
  let hi = -Infinity;
  let integers = true;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (!Number.isSafeInteger(v)) integers = false;
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  if (integers && hi - lo < 8 * values.length + 1024) {
    const seen = new Uint8Array(hi - lo + 1);
    for (let i = 0; i < values.length; i++) {
      const k = values[i] - lo;
      if (seen[k] !== 0) return values[i];
      seen[k] = 1;
    }
    return undefined;
  }
  values.sort();
  for (let i = 1; i < values.length; i++) if (values[i] === values[i - 1]) return values[i];
  return undefined;
}

/** The orders at one price, in time order from `head`; those no longer live are skipped and dropped in bulk. */
interface Level {
  readonly price: number;
  orders: Order[];
  head: number;
  /** Live orders in the queue. */
  open: number;
  /** Orders in the queue (after head) that have left the book. */
  gone: number;
}

/** One side of a book: its price levels, worst to best. */
class BookSide {
  private readonly levels: Level[] = [];
  private readonly byPrice = new Map<number, Level>();

  constructor(private readonly side: Side) {}

  /** Does price a rank above price b on this side? */
  private better(a: number, b: number): boolean {
    return this.side === 'buy' ? a > b : a < b;
  }

  add(order: Order): void {
    let level = this.byPrice.get(order.limitCents);
    if (!level) {
      level = { price: order.limitCents, orders: [], head: 0, open: 0, gone: 0 };
      this.byPrice.set(level.price, level);
      // Binary search for the first level that ranks above this price.
      let lo = 0;
      let hi = this.levels.length;
      while (lo < hi) {
        const m = (lo + hi) >>> 1;
        if (this.better(this.levels[m].price, level.price)) hi = m;
        else lo = m + 1;
      }
      this.levels.splice(lo, 0, level);
    }
    const q = level.orders;
    // Orders arrive in time order (a restore, too); an earlier one is slotted in by sequence.
    let at = q.length;
    while (at > level.head && q[at - 1].seq > order.seq) at--;
    if (at === q.length) q.push(order);
    else q.splice(at, 0, order);
    level.open++;
  }

  /** The order has left the book (its status already filled, cancelled or expired). */
  left(order: Order): void {
    const level = this.byPrice.get(order.limitCents);
    if (!level) throw new OrderBookError(`order ${order.id} is not where its price says`);
    level.open--;
    level.gone++;
    if (level.open === 0) {
      this.byPrice.delete(level.price);
      const i = this.levels.lastIndexOf(level);
      this.levels.splice(i, 1);
      return;
    }
    // Drop departed orders from the front, and compact a queue that is mostly departed.
    const q = level.orders;
    while (level.head < q.length && !isOpen(q[level.head])) {
      level.head++;
      level.gone--;
    }
    if (level.gone > 16 && level.gone > level.open) {
      level.orders = q.slice(level.head).filter(isOpen);
      level.head = 0;
      level.gone = 0;
    } else if (level.head > 64 && level.head * 2 > q.length) {
      level.orders = q.slice(level.head);
      level.head = 0;
    }
  }

  /** Is this very order open in this side's queue at its price? (A scan of its level: not per tick.) */
  holds(order: Order): boolean {
    const level = this.byPrice.get(order.limitCents);
    return level !== undefined && isOpen(order) && level.orders.indexOf(order, level.head) >= 0;
  }

  /** The first live order of the best level. */
  best(): Order | undefined {
    const level = this.levels[this.levels.length - 1];
    if (!level) return undefined;
    const o = level.orders[level.head];
    // left() keeps the head live, so this holds; the check guards the invariant.
    if (!isOpen(o)) throw new OrderBookError(`order ${o.id} left the book but heads its level`);
    return o;
  }

  /** Live orders, best first. */
  list(): Order[] {
    const out: Order[] = [];
    for (let l = this.levels.length - 1; l >= 0; l--) {
      const { orders, head } = this.levels[l];
      for (let i = head; i < orders.length; i++) if (isOpen(orders[i])) out.push(orders[i]);
    }
    return out;
  }
}
