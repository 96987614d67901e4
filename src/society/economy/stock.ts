// Where goods are. Agents hold goods in their Inventory component; institutions (firms, the market's
// escrow, the treasury) hold them in named stock accounts here. Goods move only through move();
// rules that make or use up goods call produce() or consume() with a reason, so for every good
//   total held == initial + produced − consumed
// exactly. Holders are the same as the Ledger's: an agent's entity id or an account name.

import { resourceKey, type StateSection, type World } from '../../engine/world';
import { Inventory } from '../components';
import { GOODS, type Good } from '../resources';
import type { Holder } from './ledger';

export class StockError extends Error {
  override readonly name = 'StockError';
}

type Counts = Record<Good, number>;

/** Counts from values in GOODS order; built the same way everywhere, so every account's object has one shape. */
function countsOf(values: ArrayLike<number>): Counts {
  const c = {} as Counts;
  for (let i = 0; i < GOODS.length; i++) c[GOODS[i]] = values[i];
  return c;
}
const NO_GOODS: readonly number[] = GOODS.map(() => 0);
const zero = (): Counts => countsOf(NO_GOODS);

export class Stock implements StateSection {
  readonly name = 'stock';
  private readonly accounts = new Map<string, Counts>();
  private readonly producedBy = new Map<string, Counts>();
  private readonly consumedBy = new Map<string, Counts>();
  private initialCounts: Counts = zero();

  setInitial(world: World): void {
    for (const g of GOODS) this.initialCounts[g] = this.total(world, g);
  }

  openAccount(name: string): void {
    if (this.accounts.has(name)) throw new StockError(`stock account "${name}" already exists`);
    this.accounts.set(name, zero());
  }

  hasAccount(name: string): boolean {
    return this.accounts.has(name);
  }

  closeAccount(name: string): void {
    const c = this.accounts.get(name);
    if (!c) return;
    if (GOODS.some((g) => c[g] !== 0)) throw new StockError(`stock account "${name}" is not empty`);
    this.accounts.delete(name);
  }

  amount(world: World, holder: Holder, good: Good): number {
    if (typeof holder === 'number') return world.store(Inventory)[good][holder];
    const c = this.accounts.get(holder);
    if (!c) throw new StockError(`no stock account "${holder}"`);
    return c[good];
  }

  /** Move goods; false (nothing changed) if the giver does not have them. */
  move(world: World, from: Holder, to: Holder, good: Good, qty: number): boolean {
    assertQty(qty);
    if (qty === 0) return true;
    this.assertHolder(world, to);
    if (this.amount(world, from, good) < qty) return false;
    this.add(world, from, good, -qty);
    this.add(world, to, good, qty);
    return true;
  }

  produce(world: World, to: Holder, good: Good, qty: number, reason: string): void {
    assertQty(qty);
    this.assertHolder(world, to);
    this.add(world, to, good, qty);
    bump(this.producedBy, reason, good, qty);
  }

  /** Use goods up; false (nothing changed) if the holder does not have them. */
  consume(world: World, from: Holder, good: Good, qty: number, reason: string): boolean {
    assertQty(qty);
    if (this.amount(world, from, good) < qty) return false;
    this.add(world, from, good, -qty);
    bump(this.consumedBy, reason, good, qty);
    return true;
  }

  /** Units of a good made so far, by every rule or by one (`reason` as given to produce()). */
  produced(good: Good, reason?: string): number {
    return sumOf(this.producedBy, good, reason);
  }

  /** Units of a good used up so far, by every rule or by one (`reason` as given to consume()). */
  consumed(good: Good, reason?: string): number {
    return sumOf(this.consumedBy, good, reason);
  }

  total(world: World, good: Good): number {
    const arr = world.store(Inventory)[good];
    const alive = world.entities.alive();
    let t = 0;
    for (let i = 0; i < alive.length; i++) t += arr[alive[i]];
    for (const c of this.accounts.values()) t += c[good];
    return t;
  }

  /** Per good: held − (initial + produced − consumed). All zero when the books balance. */
  discrepancy(world: World): Counts {
    const out = zero();
    for (const g of GOODS) out[g] = this.total(world, g) - (this.initialCounts[g] + this.produced(g) - this.consumed(g));
    return out;
  }

  private add(world: World, holder: Holder, good: Good, delta: number): void {
    if (typeof holder === 'number') world.store(Inventory)[good][holder] += delta;
    else this.accounts.get(holder)![good] += delta;
  }

  private assertHolder(world: World, holder: Holder): void {
    if (typeof holder === 'number') {
      if (!world.isAlive(holder)) throw new StockError(`agent ${holder} is not alive`);
    } else if (!this.accounts.has(holder)) {
      throw new StockError(`no stock account "${holder}"`);
    }
  }

  save(): unknown {
    const dump = (m: Map<string, Counts>) => [...m].sort(([a], [b]) => (a < b ? -1 : 1)).map(([k, c]) => [k, GOODS.map((g) => c[g])]);
    return { initial: GOODS.map((g) => this.initialCounts[g]), accounts: dump(this.accounts), produced: dump(this.producedBy), consumed: dump(this.consumedBy) };
  }

  load(data: unknown): void {
    const d = data as Record<string, unknown>;
    if (!d || typeof d !== 'object') throw new Error('stock section: expected an object');
    const row = (v: unknown, what: string): Counts => {
      if (!Array.isArray(v) || v.length !== GOODS.length || !v.every((x) => Number.isSafeInteger(x))) throw new Error(`stock section: ${what} must list ${GOODS.length} integers`);
      return countsOf(v as number[]);
    };
    const table = (v: unknown, what: string): Map<string, Counts> => {
      if (!Array.isArray(v)) throw new Error(`stock section: ${what} must be a list`);
      const m = new Map<string, Counts>();
      for (const e of v) {
        if (!Array.isArray(e) || typeof e[0] !== 'string') throw new Error(`stock section: bad ${what} entry`);
        m.set(e[0], row(e[1], `${what} "${e[0]}"`));
      }
      return m;
    };
    const initial = row(d.initial, 'initial');
    const accounts = table(d.accounts, 'accounts');
    const produced = table(d.produced, 'produced');
    const consumed = table(d.consumed, 'consumed');
    this.initialCounts = initial;
    for (const [target, src] of [
      [this.accounts, accounts],
      [this.producedBy, produced],
      [this.consumedBy, consumed],
    ] as const) {
      target.clear();
      for (const [k, v] of src) target.set(k, v);
    }
  }
}

function sumOf(m: Map<string, Counts>, good: Good, reason: string | undefined): number {
  if (reason !== undefined) return m.get(reason)?.[good] ?? 0;
  let s = 0;
  for (const c of m.values()) s += c[good];
  return s;
}

function bump(m: Map<string, Counts>, reason: string, good: Good, qty: number): void {
  let c = m.get(reason);
  if (!c) m.set(reason, (c = zero()));
  c[good] += qty;
}

function assertQty(qty: number): void {
  if (!Number.isSafeInteger(qty) || qty < 0) throw new StockError(`quantity must be a non-negative integer, got ${qty}`);
}

export const StockKey = resourceKey<Stock>('stock');
