// The economy's actions (original-system.md §1.3 market_trade, market_research, banking_action,
// get_banking_statement), as data validated by zod and then by the game rules. Each takes one tick.
// Energy costs are the prototype's: trading 0.05, banking 0.02, research and statements 0.01.

import { z } from 'zod';
import type { World } from '../../engine/world';
import { defineAction, isIntIn, noArgs, ownKeyCount, type ActionDef } from '../actions';
import { Action, Vitals } from '../components';
import { GOODS } from '../resources';
import { BankKey } from './bank';
import { ACCOUNT_TYPES, LOAN_TYPES } from './components';
import { MarketsKey } from './markets';
import { EconomyNotesKey } from './notes';
import { isAdult } from '../social/components';

/** Children (below the social adult age) do not trade or borrow: their families feed them. */
const CHILD = 'children do not trade or borrow';

const cents = z.number().int().min(1).max(2_000_000_000);
const orderArgs = z
  .object({
    good: z.enum(GOODS),
    quantity: z.number().int().min(1).max(1_000_000),
    priceCents: cents,
    /** Ticks until the order expires (default: the scenario's market.defaultOrderTtlTicks). */
    ttlTicks: z.number().int().min(1).max(1_000_000).optional(),
  })
  .strict();
const GOOD_SET: ReadonlySet<unknown> = new Set(GOODS);

/** quickArgs of an order: good, quantity and price (and ttlTicks when given), all plainly in range. */
function quickOrderArgs(r: Readonly<Record<string, unknown>>): z.output<typeof orderArgs> | undefined {
  const { good, quantity, priceCents, ttlTicks } = r;
  if (!GOOD_SET.has(good) || !isIntIn(quantity, 1, 1_000_000) || !isIntIn(priceCents, 1, 2_000_000_000)) return undefined;
  if (ttlTicks === undefined) return ownKeyCount(r) === 4 ? { good: good as (typeof GOODS)[number], quantity, priceCents } : undefined;
  return isIntIn(ttlTicks, 1, 1_000_000) && ownKeyCount(r) === 5 ? { good: good as (typeof GOODS)[number], quantity, priceCents, ttlTicks } : undefined;
}
const accountArgs = z.object({ amountCents: cents, account: z.enum(ACCOUNT_TYPES).default('checking') }).strict();
const ACCOUNT_SET: ReadonlySet<unknown> = new Set(ACCOUNT_TYPES);
const LOAN_SET: ReadonlySet<unknown> = new Set(LOAN_TYPES);

/** quickArgs of a deposit or withdrawal: a plain amount, the account named or left to its default. */
function quickAccountArgs(r: Readonly<Record<string, unknown>>): z.output<typeof accountArgs> | undefined {
  const { amountCents, account } = r;
  if (!isIntIn(amountCents, 1, 2_000_000_000)) return undefined;
  if (account === undefined) return ownKeyCount(r) === 2 ? { amountCents, account: 'checking' } : undefined;
  return ACCOUNT_SET.has(account) && ownKeyCount(r) === 3 ? { amountCents, account: account as (typeof ACCOUNT_TYPES)[number] } : undefined;
}

/** quickArgs of a loan application: amount and type plainly in range, the term given or left to the bank's default. */
function quickLoanArgs(r: Readonly<Record<string, unknown>>): { amountCents: number; loanType: (typeof LOAN_TYPES)[number]; termMonths?: number } | undefined {
  const { amountCents, loanType, termMonths } = r;
  if (!isIntIn(amountCents, 1, 2_000_000_000) || !LOAN_SET.has(loanType)) return undefined;
  const type = loanType as (typeof LOAN_TYPES)[number];
  if (termMonths === undefined) return ownKeyCount(r) === 3 ? { amountCents, loanType: type } : undefined;
  return isIntIn(termMonths, 1, 600) && ownKeyCount(r) === 4 ? { amountCents, loanType: type, termMonths } : undefined;
}

function spend(world: World, eid: number, energy: number): void {
  world.store(Action).remaining[eid] = 1;
  const v = world.store(Vitals);
  v.energy[eid] = Math.max(0, v.energy[eid] - energy);
}

function note(world: World, eid: number, text: string): void {
  world.resource(EconomyNotesKey).set(eid, text);
}

function orderAction(side: 'buy' | 'sell') {
  return defineAction({
    name: side,
    description: `${side === 'buy' ? 'bid for' : 'offer'} goods on the market with a limit price (${side === 'buy' ? 'cash' : 'goods'} held in escrow until filled, cancelled or expired): {"type":"${side}","good":"food","quantity":2,"priceCents":110}`,
    args: orderArgs,
    quickArgs: quickOrderArgs,
    validate(world, eid, a) {
      if (!isAdult(world, eid)) return CHILD;
      return world.resource(MarketsKey).check(world, eid, a.good, side, a.quantity, a.priceCents, a.ttlTicks);
    },
    start(world, eid, a) {
      spend(world, eid, 0.05);
      // validate has just checked the order.
      const r = world.resource(MarketsKey).enter(world, eid, a.good, side, a.quantity, a.priceCents, a.ttlTicks);
      if (typeof r === 'string') world.emit('actionRejected', { agent: eid, action: side, reason: r });
    },
  });
}

export const buy = orderAction('buy');
export const sell = orderAction('sell');

export const cancelOrderAction = defineAction({
  name: 'cancel_order',
  description: 'cancel one of your open orders and get its escrow back: {"type":"cancel_order","orderId":12}',
  args: z.object({ orderId: z.number().int().min(1) }).strict(),
  validate(world, eid, { orderId }) {
    const o = world.resource(MarketsKey).openOrder(orderId);
    if (!o) return `no open order ${orderId}`;
    return o.trader === eid ? null : `order ${orderId} is not yours`;
  },
  start(world, eid, { orderId }) {
    world.store(Action).remaining[eid] = 1;
    world.resource(MarketsKey).cancel(world, orderId, eid);
  },
});

export const marketResearch = defineAction({
  name: 'market_research',
  description: 'study one market or all of them (the result appears in your next prompt): {"type":"market_research","good":"food"|"all"}',
  args: z.object({ good: z.enum([...GOODS, 'all']) }).strict(),
  validate: () => null,
  start(world, eid, { good }) {
    spend(world, eid, 0.01);
    const m = world.resource(MarketsKey);
    note(world, eid, good === 'all' ? m.overview() : m.detailed(good));
  },
});

export const deposit = defineAction({
  name: 'deposit',
  description: 'deposit cash into a bank account (opened if needed): {"type":"deposit","amountCents":5000,"account":"checking"}',
  args: accountArgs,
  quickArgs: quickAccountArgs,
  validate(world, eid, { amountCents }) {
    return world.resource(BankKey).checkDeposit(world, eid, amountCents);
  },
  start(world, eid, { amountCents, account }) {
    spend(world, eid, 0.02);
    world.resource(BankKey).deposit(world, eid, amountCents, account);
  },
});

export const withdraw = defineAction({
  name: 'withdraw',
  description: 'withdraw cash from a bank account: {"type":"withdraw","amountCents":5000,"account":"checking"}',
  args: accountArgs,
  quickArgs: quickAccountArgs,
  validate(world, eid, { amountCents, account }) {
    return world.resource(BankKey).checkWithdraw(world, eid, amountCents, account);
  },
  start(world, eid, { amountCents, account }) {
    spend(world, eid, 0.02);
    world.resource(BankKey).withdraw(world, eid, amountCents, account);
  },
});

export const borrow = defineAction({
  name: 'borrow',
  description:
    'apply for a bank loan (the prototype\'s apply_loan; the bank may refuse; paid out net of a 1% fee, repaid monthly): {"type":"borrow","amountCents":20000,"loanType":"personal"|"business"|"mortgage"|"education"|"emergency","termMonths":36}',
  args: z.object({ amountCents: cents, loanType: z.enum(LOAN_TYPES).default('personal'), termMonths: z.number().int().min(1).max(600).optional() }).strict(),
  quickArgs: quickLoanArgs,
  validate(world, eid, { amountCents, termMonths }) {
    if (!isAdult(world, eid)) return CHILD;
    const bank = world.resource(BankKey);
    return bank.checkLoan(world, eid, amountCents, termMonths ?? bank.cfg.defaultTermMonths);
  },
  start(world, eid, { amountCents, loanType, termMonths }) {
    spend(world, eid, 0.02);
    const bank = world.resource(BankKey);
    const r = bank.apply(world, eid, amountCents, loanType, termMonths ?? bank.cfg.defaultTermMonths);
    note(world, eid, r.ok ? `Loan #${r.loan.id} approved: ${amountCents} cents at ${(r.loan.annualRate * 100).toFixed(1)}%, ${r.loan.payment} cents a month.` : `Loan application ${r.reason}.`);
  },
});

export const repay = defineAction({
  name: 'repay',
  description: "repay part or all of a loan from cash (the prototype's pay_loan): {\"type\":\"repay\",\"loanId\":3,\"amountCents\":5000}",
  args: z.object({ loanId: z.number().int().min(1), amountCents: cents }).strict(),
  quickArgs: (r) => (isIntIn(r.loanId, 1, Number.MAX_SAFE_INTEGER) && isIntIn(r.amountCents, 1, 2_000_000_000) && ownKeyCount(r) === 3 ? { loanId: r.loanId, amountCents: r.amountCents } : undefined),
  validate(world, eid, { loanId, amountCents }) {
    return world.resource(BankKey).checkRepay(world, eid, loanId, amountCents);
  },
  start(world, eid, { loanId, amountCents }) {
    spend(world, eid, 0.02);
    world.resource(BankKey).repay(world, eid, loanId, amountCents);
  },
});

export const bankingStatement = defineAction({
  name: 'get_banking_statement',
  description: 'read your bank statement (it appears in your next prompt): {"type":"get_banking_statement"}',
  args: noArgs,
  validate: () => null,
  start(world, eid) {
    spend(world, eid, 0.01);
    note(world, eid, world.resource(BankKey).statement(world, eid));
  },
});

export const MARKET_ACTIONS: ActionDef[] = [buy, sell, cancelOrderAction, marketResearch];
export const BANK_ACTIONS: ActionDef[] = [deposit, withdraw, borrow, repay, bankingStatement];
