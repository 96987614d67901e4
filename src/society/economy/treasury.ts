// The town treasury: a ledger account that collects a sales tax on every trade (paid by the seller out
// of the proceeds), an income tax withheld from wages (payWage, called by whoever pays wages) and a
// monthly wealth tax on large holdings, and spends it monthly on a basic income for everyone and on public works wages. It only spends what it
// holds: the treasury never overdraws and never creates money.

import { z } from 'zod';
import type { Plugin } from '../../engine/schedule';
import { resourceKey, type StateSection, type World } from '../../engine/world';
import { ScenarioConfig } from '../core/config';
import type { EconomyConfig } from './config';
import { BankKey } from './bank';
import { ACCOUNT_TYPES } from './components';
import { LedgerKey, type Holder } from './ledger';
import { isAdult } from '../social/components';

export const TREASURY = 'treasury';

const TOTALS = ['salesTax', 'incomeTax', 'wealthTax', 'wages', 'basicIncome', 'publicWorks'] as const;
type Totals = Record<(typeof TOTALS)[number], number>;

/** Running totals of what the treasury collected and paid (cents), for metrics and statements. */
export class TreasuryBook implements StateSection {
  readonly name = 'treasury';
  totals: Totals = { salesTax: 0, incomeTax: 0, wealthTax: 0, wages: 0, basicIncome: 0, publicWorks: 0 };

  constructor(readonly cfg: EconomyConfig['treasury']) {}

  save(): Totals {
    return { ...this.totals };
  }

  load(data: unknown): void {
    const parsed = TreasurySave.safeParse(data);
    if (!parsed.success) throw new Error(`treasury section: ${parsed.error.issues[0].path.join('.') || '(root)'}: ${parsed.error.issues[0].message}`);
    this.totals = { ...parsed.data };
  }
}

const TreasurySave = z.object(Object.fromEntries(TOTALS.map((k) => [k, z.number().int().min(0)])) as Record<(typeof TOTALS)[number], z.ZodNumber>).strict();

export const TreasuryKey = resourceKey<TreasuryBook>('treasury');

/** Hooks the bank installs so payWage can garnish wages for defaulted loans and record salary income. */
export interface WageHooks {
  /** Take up to part of a worker's net wage toward its defaulted loans; returns the cents taken. */
  garnish(world: World, worker: number, netCents: number): number;
  recordIncome(world: World, worker: number, cents: number): void;
}
export const WageHooksKey = resourceKey<WageHooks>('wageHooks');

/** Sales tax on a trade of `grossCents`, moved from `from` (the market escrow) to the treasury. */
export function collectSalesTax(world: World, from: Holder, grossCents: number): number {
  const book = world.resource(TreasuryKey);
  const tax = Math.floor(grossCents * book.cfg.salesTaxRate);
  if (tax > 0 && world.resource(LedgerKey).transfer(world, from, TREASURY, tax)) {
    book.totals.salesTax += tax;
    return tax;
  }
  return 0;
}

/**
 * Pay a wage: `grossCents` leave the payer (an agent or an account such as "firm:3"); the income tax
 * goes to the treasury, a garnishment (if the worker has a defaulted loan) to the bank, the rest to
 * the worker. Returns the net cents the worker received, or null (nothing moved) if the payer cannot
 * cover the gross or the worker is not alive.
 */
export function payWage(world: World, payer: Holder, worker: number, grossCents: number): number | null {
  if (!Number.isSafeInteger(grossCents) || grossCents < 0) throw new Error(`wage must be a non-negative integer of cents, got ${grossCents}`);
  if (!world.isAlive(worker)) return null;
  const book = world.resource(TreasuryKey);
  const tax = Math.floor(grossCents * book.cfg.incomeTaxRate);
  if (!world.resource(LedgerKey).transferSplit(world, payer, TREASURY, tax, worker, grossCents - tax)) return null;
  book.totals.incomeTax += tax;
  book.totals.wages += grossCents;
  let net = grossCents - tax;
  if (world.hasResource(WageHooksKey)) {
    const hooks = world.resource(WageHooksKey);
    net -= hooks.garnish(world, worker, net);
    hooks.recordIncome(world, worker, grossCents);
  }
  return net;
}

/**
 * Monthly wealth tax: `wealthTaxMonthlyRate` of what an adult holds in cash and deposits above
 * `wealthTaxThresholdCents`, taken from cash first, then withdrawn from its accounts. Savings would
 * otherwise pile up in the bank's vault, out of circulation, while others starve; the treasury hands
 * them back as basic income the same month. Returns the cents collected.
 */
export function collectWealthTax(world: World, adults: ArrayLike<number>): number {
  const cfg = world.resource(TreasuryKey).cfg;
  if (cfg.wealthTaxMonthlyRate <= 0) return 0;
  const ledger = world.resource(LedgerKey);
  const bank = world.hasResource(BankKey) ? world.resource(BankKey) : null;
  let total = 0;
  for (let i = 0; i < adults.length; i++) {
    const e = adults[i];
    const cash = ledger.balance(world, e);
    const held = cash + (bank ? bank.deposits(world, e) : 0);
    let tax = Math.floor((held - cfg.wealthTaxThresholdCents) * cfg.wealthTaxMonthlyRate);
    if (tax <= 0) continue;
    if (bank && tax > cash) {
      let short = tax - cash;
      for (const type of ACCOUNT_TYPES) {
        const take = Math.min(short, bank.balance(world, e, type));
        if (take > 0 && bank.withdraw(world, e, take, type).ok) short -= take;
      }
      tax -= short; // what the vault could not pay out stays owed to the agent, untaxed
    }
    if (tax > 0 && ledger.transfer(world, e, TREASURY, tax)) total += tax;
  }
  world.resource(TreasuryKey).totals.wealthTax += total;
  return total;
}

/**
 * Monthly: the wealth tax, then spending: a basic income to every living adult, the larger of the fixed amount and an equal
 * share of basicIncomeShare of the treasury (pro rata if the treasury cannot cover the fixed amount),
 * then public works wages.
 */
export function treasuryMonth(world: World): void {
  const ledger = world.resource(LedgerKey);
  const book = world.resource(TreasuryKey);
  const cfg = book.cfg;
  // Adults only: children's cash would sit idle (they do not trade); their households feed them.
  const alive = world.entities.alive().filter((e) => isAdult(world, e));
  collectWealthTax(world, alive);
  if (cfg.basicIncomeMonthlyCents > 0 && alive.length > 0) {
    const balance = ledger.balance(world, TREASURY);
    const each = Math.min(Math.max(cfg.basicIncomeMonthlyCents, Math.floor((balance * cfg.basicIncomeShare) / alive.length)), Math.floor(balance / alive.length));
    if (each > 0) {
      for (let i = 0; i < alive.length; i++) ledger.transfer(world, TREASURY, alive[i], each);
      book.totals.basicIncome += each * alive.length;
    }
  }
  const budget = Math.min(cfg.publicWorksMonthlyCents, ledger.balance(world, TREASURY));
  const jobs = Math.floor(budget / cfg.publicWorksWageCents);
  if (jobs > 0 && alive.length > 0) {
    const rng = world.stream('treasury');
    // Draw every worker first: payWage may not change the list, but drawing first keeps the order obvious.
    const workers = Array.from({ length: jobs }, () => alive[rng.int(alive.length)]);
    for (const w of workers) if (payWage(world, TREASURY, w, cfg.publicWorksWageCents) !== null) book.totals.publicWorks += cfg.publicWorksWageCents;
  }
}

export function treasuryPlugin(): Plugin {
  return {
    name: 'treasury',
    dependsOn: ['core'],
    build(world: World) {
      const cfg = world.resource(ScenarioConfig).economy.treasury;
      world.resource(LedgerKey).openAccount(TREASURY);
      const book = new TreasuryBook(cfg);
      world.setResource(TreasuryKey, book);
      world.addState(book);
      world.addSystem({
        name: 'treasury',
        phase: 'economy',
        run(w) {
          if (w.clock.isMonthStart()) treasuryMonth(w);
        },
      });
    },
  };
}
