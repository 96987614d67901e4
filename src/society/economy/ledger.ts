// Where money is. Cash is held by agents (Wallet.cash) and by named institutional accounts
// (the treasury, the bank's vault, firms). Money moves only through transfer(); the only rules that
// create or destroy money call mint() or burn() with a reason, so at any moment
//   total money == initial money + minted − burned
// exactly, in integer cents. Tests prove it after any sequence of actions.

import { resourceKey, type StateSection, type World } from '../../engine/world';
import { Wallet } from '../components';

/** An agent's entity id, or the name of an institutional account. */
export type Holder = number | string;

export class LedgerError extends Error {
  override readonly name = 'LedgerError';
}

export class Ledger implements StateSection {
  readonly name = 'ledger';
  /**
   * Institutional balances, each in a box changed in place: a trade moves money through the escrow
   * and the treasury four or five times, and each move was a get and a set of a Map keyed by name.
   */
  private readonly accounts = new Map<string, { cents: number }>();
  private readonly mintedBy = new Map<string, number>();
  private readonly burnedBy = new Map<string, number>();
  private initialMoney = 0;

  /** Record the money that exists at the start (call once the initial agents and accounts exist). */
  setInitial(world: World): void {
    this.initialMoney = this.totalMoney(world);
  }

  get initial(): number {
    return this.initialMoney;
  }

  openAccount(name: string, cents = 0): void {
    if (this.accounts.has(name)) throw new LedgerError(`account "${name}" already exists`);
    assertCents(cents);
    this.accounts.set(name, { cents });
  }

  hasAccount(name: string): boolean {
    return this.accounts.has(name);
  }

  /** Close an empty account (its balance must have been moved out first). */
  closeAccount(name: string): void {
    const bal = this.accounts.get(name)?.cents;
    if (bal === undefined) return;
    if (bal !== 0) throw new LedgerError(`account "${name}" still holds ${bal} cents`);
    this.accounts.delete(name);
  }

  balance(world: World, holder: Holder): number {
    if (typeof holder === 'number') return world.store(Wallet).cash[holder];
    const account = this.accounts.get(holder);
    if (account === undefined) throw new LedgerError(`no account "${holder}"`);
    return account.cents;
  }

  /** Move cents between holders. Returns false (and changes nothing) if the payer cannot cover it. */
  transfer(world: World, from: Holder, to: Holder, cents: number): boolean {
    assertCents(cents);
    if (cents === 0) return true;
    // Each institution's box looked up once: a trade's four moves go through the escrow and the treasury.
    const dst = typeof to === 'number' ? null : this.account(to);
    if (dst === null && !world.isAlive(to as number)) throw new LedgerError(`agent ${to} is not alive`);
    const src = typeof from === 'number' ? null : this.account(from);
    if ((src === null ? world.store(Wallet).cash[from as number] : src.cents) < cents) return false;
    if (src === null) this.add(world, from, -cents);
    else src.cents -= cents;
    if (dst === null) this.add(world, to, cents);
    else dst.cents += cents;
    return true;
  }

  /**
   * Two transfers from one payer, checked as one (a wage's income tax and its net pay): false, and
   * nothing moved, if the payer cannot cover both. A day's end pays ~1,000 wages, and as two
   * transfers each looked the payer's account up three times.
   */
  transferSplit(world: World, from: Holder, to: Holder, cents: number, alsoTo: Holder, alsoCents: number): boolean {
    assertCents(cents);
    assertCents(alsoCents);
    if (cents > 0) this.assertHolder(world, to);
    if (alsoCents > 0) this.assertHolder(world, alsoTo);
    if (this.balance(world, from) < cents + alsoCents) return false;
    this.add(world, from, -(cents + alsoCents));
    this.add(world, to, cents);
    this.add(world, alsoTo, alsoCents);
    return true;
  }

  /** Create money (e.g. basic income printed by the treasury, if a scenario says so). */
  mint(world: World, to: Holder, cents: number, reason: string): void {
    assertCents(cents);
    this.assertHolder(world, to);
    this.add(world, to, cents);
    this.mintedBy.set(reason, (this.mintedBy.get(reason) ?? 0) + cents);
  }

  /** Destroy money. Returns false (and changes nothing) if the holder cannot cover it. */
  burn(world: World, from: Holder, cents: number, reason: string): boolean {
    assertCents(cents);
    if (this.balance(world, from) < cents) return false;
    this.add(world, from, -cents);
    this.burnedBy.set(reason, (this.burnedBy.get(reason) ?? 0) + cents);
    return true;
  }

  get minted(): number {
    let s = 0;
    for (const v of this.mintedBy.values()) s += v;
    return s;
  }

  get burned(): number {
    let s = 0;
    for (const v of this.burnedBy.values()) s += v;
    return s;
  }

  mintedByReason(): Record<string, number> {
    return Object.fromEntries([...this.mintedBy].sort(([a], [b]) => (a < b ? -1 : 1)));
  }

  burnedByReason(): Record<string, number> {
    return Object.fromEntries([...this.burnedBy].sort(([a], [b]) => (a < b ? -1 : 1)));
  }

  /** Cash of the living plus every institutional account. */
  totalMoney(world: World): number {
    const cash = world.store(Wallet).cash;
    const alive = world.entities.alive();
    let total = 0;
    for (let i = 0; i < alive.length; i++) total += cash[alive[i]];
    for (const a of this.accounts.values()) total += a.cents;
    return total;
  }

  accountTotal(): number {
    let s = 0;
    for (const a of this.accounts.values()) s += a.cents;
    return s;
  }

  /** The conservation identity; returns the discrepancy in cents (0 when books balance). */
  discrepancy(world: World): number {
    return this.totalMoney(world) - (this.initialMoney + this.minted - this.burned);
  }

  private add(world: World, holder: Holder, delta: number): void {
    if (typeof holder === 'number') {
      const cash = world.store(Wallet).cash;
      const next = cash[holder] + delta;
      if (next > 2147483647) throw new LedgerError(`agent ${holder}'s cash would overflow`);
      cash[holder] = next;
    } else {
      this.accounts.get(holder)!.cents += delta;
    }
  }

  private account(name: string): { cents: number } {
    const account = this.accounts.get(name);
    if (account === undefined) throw new LedgerError(`no account "${name}"`);
    return account;
  }

  private assertHolder(world: World, holder: Holder): void {
    if (typeof holder === 'number') {
      if (!world.isAlive(holder)) throw new LedgerError(`agent ${holder} is not alive`);
    } else if (!this.accounts.has(holder)) {
      throw new LedgerError(`no account "${holder}"`);
    }
  }

  save(): { initial: number; accounts: [string, number][]; minted: [string, number][]; burned: [string, number][] } {
    const sorted = (m: Map<string, number>) => [...m].sort(([a], [b]) => (a < b ? -1 : 1));
    const accounts = new Map([...this.accounts].map(([name, a]) => [name, a.cents]));
    return { initial: this.initialMoney, accounts: sorted(accounts), minted: sorted(this.mintedBy), burned: sorted(this.burnedBy) };
  }

  load(data: unknown): void {
    const d = data as { initial?: unknown; accounts?: unknown; minted?: unknown; burned?: unknown };
    if (!d || typeof d !== 'object') throw new Error('ledger section: expected an object');
    if (!Number.isSafeInteger(d.initial)) throw new Error('ledger section: initial must be an integer');
    const pairs = (v: unknown, what: string): [string, number][] => {
      if (!Array.isArray(v)) throw new Error(`ledger section: ${what} must be a list`);
      for (const p of v) {
        if (!Array.isArray(p) || typeof p[0] !== 'string' || !Number.isSafeInteger(p[1])) throw new Error(`ledger section: bad ${what} entry`);
      }
      return v as [string, number][];
    };
    const accounts = pairs(d.accounts, 'accounts');
    const minted = pairs(d.minted, 'minted');
    const burned = pairs(d.burned, 'burned');
    this.initialMoney = d.initial as number;
    this.accounts.clear();
    this.mintedBy.clear();
    this.burnedBy.clear();
    for (const [k, v] of accounts) this.accounts.set(k, { cents: v });
    for (const [k, v] of minted) this.mintedBy.set(k, v);
    for (const [k, v] of burned) this.burnedBy.set(k, v);
  }
}

function assertCents(cents: number): void {
  if (!Number.isSafeInteger(cents) || cents < 0) throw new LedgerError(`amount must be a non-negative integer number of cents, got ${cents}`);
}

export const LedgerKey = resourceKey<Ledger>('ledger');
