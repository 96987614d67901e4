// The bank (original-system.md §3.2, §3.3): accounts, monthly interest, loans and the credit score.
//
// Money rule: the bank never creates money. Deposits move cash from the agent to the VAULT ledger
// account and the agent's balance (BankAccount component) records the bank's debt to it. Loans are
// paid out of the vault (keeping reserveRatio × deposits in it), repayments and fees flow back into
// it. Interest on deposits is credited to balances (the bank's debt grows, no cash moves). So every
// operation here is a Ledger transfer, and total money == initial + minted − burned holds with
// nothing minted or burned by the economy.
//
// Pending loans: the prototype left applications with 0.3 <= p <= 0.7 pending forever; here a pending
// application is decided at once by one draw from the "bank" stream (approved with probability p).

import { checkOffsets, savedArray } from '../../engine/saved-arrays';
import { z } from 'zod';
import { resourceKey, type StateSection, type World } from '../../engine/world';
import { Wallet } from '../components';
import { ACCOUNT_TYPES, BankAccount, Credit, LOAN_TYPES, type AccountType, type LoanType } from './components';
import type { EconomyConfig } from './config';
import { LedgerKey } from './ledger';
import { describeIssue, money } from './markets';

export const VAULT = 'bank:vault';

export interface Loan {
  id: number;
  borrower: number;
  type: LoanType;
  principal: number;
  annualRate: number;
  termMonths: number;
  /** Scheduled monthly payment, cents. */
  payment: number;
  /** Principal still owed, cents. */
  remaining: number;
  status: 'active' | 'defaulted';
  missedInARow: number;
  paymentsMade: number;
  nextDueTick: number;
  openedTick: number;
}

/** Per-agent history the credit model needs (application ticks of the last 180 days; recent incomes are the Bank's IncomeRings). */
interface History {
  applications: number[];
  /** Bit mask of loan types ever borrowed (credit mix). */
  loanTypes: number;
}

export interface BankStats {
  loansIssued: number;
  loansRejected: number;
  loansPaidOff: number;
  loansDefaulted: number;
  lentCents: number;
  feesCents: number;
  loanInterestCents: number;
  depositInterestCents: number;
  writtenOffCents: number;
  recoveredCents: number;
  /** Deposits of the dead the vault could not pay out (bank short of cash). */
  unpaidDepositsCents: number;
}

export type BankResult<T = object> = ({ ok: true } & T) | { ok: false; reason: string };
export type LoanApplication = { ok: true; loan: Loan; decision: LoanDecision } | { ok: false; reason: string; decision?: LoanDecision };

export interface LoanDecision {
  probability: number;
  risk: 'low' | 'medium' | 'high' | 'very_high';
  /** How the decision was reached: by threshold, or by the draw for a pending application. */
  decidedBy: 'threshold' | 'draw';
  approved: boolean;
  annualRate: number;
  payment: number;
}

const HISTORY_DAYS_NEW_CREDIT = 180;
const INCOME_DAYS = 30;

export class Bank implements StateSection {
  readonly name = 'bank';
  private loans = new Map<number, Loan>();
  /** By agent id (undefined: none yet): a day's ~1,000 wages each look theirs up, and a Map's lookups were most of recording them. */
  private histories: (History | undefined)[] = [];
  /** Each history's deposits and salaries per simulated day over the last 30 days. */
  private incomes = new IncomeRings();
  private nextLoanId = 1;
  stats: BankStats = emptyStats();

  constructor(readonly cfg: EconomyConfig['bank']) {}

  // ---- accounts ----

  balance(world: World, eid: number, type: AccountType): number {
    return world.store(BankAccount)[type][eid];
  }

  /** Sum of an agent's balances. */
  deposits(world: World, eid: number): number {
    const a = world.store(BankAccount);
    return a.checking[eid] + a.savings[eid] + a.business[eid] + a.investment[eid];
  }

  /**
   * What the bank owes all depositors: one pass over the balance arrays (a dead id's are zero, the
   * world clears components on despawn). Every loan application asks; at 100,000 agents a call per
   * agent through deposits() was 4% of the tick.
   */
  totalDeposits(world: World): number {
    const a = world.store(BankAccount);
    const { checking, savings, business, investment } = a;
    let s = 0;
    for (let i = 0, n = world.entities.highWater; i < n; i++) s += checking[i] + savings[i] + business[i] + investment[i];
    return s;
  }

  hasAccount(world: World, eid: number, type?: AccountType): boolean {
    const open = world.store(BankAccount).open[eid];
    return type === undefined ? open !== 0 : (open & bit(type)) !== 0;
  }

  openAccount(world: World, eid: number, type: AccountType): void {
    const a = world.store(BankAccount);
    if (a.open[eid] === 0) a.since[eid] = world.clock.tick;
    a.open[eid] |= bit(type);
  }

  checkDeposit(world: World, eid: number, cents: number): string | null {
    if (!Number.isSafeInteger(cents) || cents <= 0) return 'amount must be a positive integer of cents';
    const cash = world.store(Wallet).cash[eid];
    if (cash < cents) return `not enough cash: has ${cash} cents, deposits ${cents}`;
    return null;
  }

  deposit(world: World, eid: number, cents: number, type: AccountType = 'checking'): BankResult {
    const illegal = this.checkDeposit(world, eid, cents);
    if (illegal) return { ok: false, reason: illegal };
    if (!world.resource(LedgerKey).transfer(world, eid, VAULT, cents)) return { ok: false, reason: 'not enough cash' };
    this.openAccount(world, eid, type);
    world.store(BankAccount)[type][eid] += cents;
    this.recordIncome(world, eid, cents);
    return { ok: true };
  }

  checkWithdraw(world: World, eid: number, cents: number, type: AccountType): string | null {
    if (!Number.isSafeInteger(cents) || cents <= 0) return 'amount must be a positive integer of cents';
    if (!this.hasAccount(world, eid, type)) return `no ${type} account`;
    const bal = this.balance(world, eid, type);
    if (bal < cents) return `${type} balance is ${bal} cents, cannot withdraw ${cents}`;
    const vault = world.resource(LedgerKey).balance(world, VAULT);
    if (vault < cents) return `the bank holds only ${vault} cents in cash`;
    return null;
  }

  withdraw(world: World, eid: number, cents: number, type: AccountType = 'checking'): BankResult {
    const illegal = this.checkWithdraw(world, eid, cents, type);
    if (illegal) return { ok: false, reason: illegal };
    world.resource(LedgerKey).transfer(world, VAULT, eid, cents);
    world.store(BankAccount)[type][eid] -= cents;
    return { ok: true };
  }

  /** A deposit or salary, for the income factor (summed per simulated day, kept 30 days). */
  recordIncome(world: World, eid: number, cents: number): void {
    this.history(eid);
    this.incomes.record(eid, Math.floor(world.clock.tick / world.clock.ticksPerDay), cents);
  }

  /** Deposits and salaries over the last 30 simulated days; null if the agent never had any. */
  monthlyIncome(world: World, eid: number): number | null {
    const incomes = this.incomes;
    if (this.histories[eid] === undefined || incomes.size(eid) === 0) return null;
    incomes.prune(eid, Math.floor(world.clock.tick / world.clock.ticksPerDay));
    let sum = 0;
    for (let i = 0, n = incomes.size(eid); i < n; i++) sum += incomes.entries[2 * incomes.slot(eid, i) + 1];
    return sum;
  }

  // ---- loans ----

  loan(id: number): Loan | undefined {
    const l = this.loans.get(id);
    return l && { ...l };
  }

  loansOf(eid: number): Loan[] {
    const out: Loan[] = [];
    for (const l of this.loans.values()) if (l.borrower === eid) out.push({ ...l });
    return out;
  }

  /** Loans still owed (active and defaulted), in id order. */
  allLoans(): Loan[] {
    return [...this.loans.values()].map((l) => ({ ...l }));
  }

  checkLoan(world: World, eid: number, cents: number, termMonths: number): string | null {
    if (!Number.isSafeInteger(cents) || cents <= 0) return 'amount must be a positive integer of cents';
    if (cents > this.cfg.maxLoanCents) return `the bank lends at most ${this.cfg.maxLoanCents} cents`;
    if (!Number.isSafeInteger(termMonths) || termMonths < 1 || termMonths > 600) return 'term must be 1 to 600 months';
    const c = world.store(Credit);
    if (c.loans[eid] >= this.cfg.maxActiveLoans) return `already has ${c.loans[eid]} active loans (limit ${this.cfg.maxActiveLoans})`;
    // No debt, no loans (each held loan owes something): most applicants, spared a walk of every loan.
    if (c.debt[eid] !== 0) for (const l of this.loans.values()) if (l.borrower === eid && l.status === 'defaulted') return `loan ${l.id} is in default`;
    return null;
  }

  /** Apply for a loan: price it, decide it, and pay it out net of the origination fee if approved. */
  apply(world: World, eid: number, cents: number, type: LoanType = 'personal', termMonths = this.cfg.defaultTermMonths): LoanApplication {
    const illegal = this.checkLoan(world, eid, cents, termMonths);
    if (illegal) return { ok: false, reason: illegal };
    if (!this.hasAccount(world, eid)) this.openAccount(world, eid, 'checking');
    const tick = world.clock.tick;
    const h = this.history(eid);
    h.applications = h.applications.filter((t) => tick - t < HISTORY_DAYS_NEW_CREDIT * world.clock.ticksPerDay);
    h.applications.push(tick);
    this.updateCredit(world, eid);
    const decision = this.decide(world, eid, cents, type, termMonths);
    const ledger = world.resource(LedgerKey);
    const fee = Math.round(cents * this.cfg.originationFee);
    let reason = '';
    if (!decision.approved) reason = `rejected (approval probability ${decision.probability.toFixed(2)}, ${decision.decidedBy === 'draw' ? 'pending application decided by draw' : 'below 0.3'})`;
    // The reserve (a pass over every balance) only for an approved loan.
    else if (ledger.balance(world, VAULT) - (cents - fee) < Math.ceil(this.totalDeposits(world) * this.cfg.reserveRatio)) reason = 'rejected: the bank has no cash to lend above its reserve';
    if (reason) {
      this.stats.loansRejected++;
      world.emit('loan', { agent: eid, loanId: 0, principalCents: cents, status: 'rejected' });
      return { ok: false, reason, decision };
    }
    ledger.transfer(world, VAULT, eid, cents - fee);
    const loan: Loan = {
      id: this.nextLoanId++,
      borrower: eid,
      type,
      principal: cents,
      annualRate: decision.annualRate,
      termMonths,
      payment: decision.payment,
      remaining: cents,
      status: 'active',
      missedInARow: 0,
      paymentsMade: 0,
      nextDueTick: tick + world.clock.ticksPerMonth,
      openedTick: tick,
    };
    this.loans.set(loan.id, loan);
    h.loanTypes |= 1 << LOAN_TYPES.indexOf(type);
    const c = world.store(Credit);
    c.debt[eid] += cents;
    c.loans[eid]++;
    this.stats.loansIssued++;
    this.stats.lentCents += cents;
    this.stats.feesCents += fee;
    world.emit('loan', { agent: eid, loanId: loan.id, principalCents: cents, status: 'active' });
    return { ok: true, loan: { ...loan }, decision };
  }

  checkRepay(world: World, eid: number, loanId: number, cents: number): string | null {
    const l = this.loans.get(loanId);
    if (!l) return `no outstanding loan ${loanId}`;
    if (l.borrower !== eid) return `loan ${loanId} belongs to someone else`;
    if (!Number.isSafeInteger(cents) || cents <= 0) return 'amount must be a positive integer of cents';
    const pay = Math.min(cents, l.remaining);
    const cash = world.store(Wallet).cash[eid];
    if (cash < pay) return `not enough cash: has ${cash} cents, repays ${pay}`;
    return null;
  }

  /** Pay principal early from cash (no interest is charged on early repayment). */
  repay(world: World, eid: number, loanId: number, cents: number): BankResult<{ paid: number; remaining: number }> {
    const illegal = this.checkRepay(world, eid, loanId, cents);
    if (illegal) return { ok: false, reason: illegal };
    const l = this.loans.get(loanId)!;
    const pay = Math.min(cents, l.remaining);
    world.resource(LedgerKey).transfer(world, eid, VAULT, pay);
    this.reducePrincipal(world, l, pay);
    if (l.status === 'defaulted') this.stats.recoveredCents += pay;
    return { ok: true, paid: pay, remaining: l.remaining };
  }

  /** Daily: collect every scheduled payment that has fallen due. */
  collectDue(world: World): void {
    const tick = world.clock.tick;
    for (const l of [...this.loans.values()]) if (l.status === 'active' && l.nextDueTick <= tick) this.collect(world, l);
  }

  /** Take up to garnishRate of a worker's net wage toward its defaulted loans. */
  garnish(world: World, eid: number, netCents: number): number {
    if (world.store(Credit).debt[eid] === 0) return 0;
    let budget = Math.floor(netCents * this.cfg.garnishRate);
    let taken = 0;
    // Walked live, not copied (a copy of every loan per indebted worker's wage was garbage): the
    // only change underway is reducePrincipal deleting the loan at hand, which a Map's iterator allows.
    for (const l of this.loans.values()) {
      if (budget <= 0) break;
      if (l.borrower !== eid || l.status !== 'defaulted') continue;
      const pay = Math.min(budget, l.remaining, world.store(Wallet).cash[eid]);
      if (pay <= 0) continue;
      world.resource(LedgerKey).transfer(world, eid, VAULT, pay);
      this.reducePrincipal(world, l, pay);
      this.stats.recoveredCents += pay;
      budget -= pay;
      taken += pay;
    }
    return taken;
  }

  lastApplicationTick(eid: number): number | undefined {
    const apps = this.histories[eid]?.applications;
    return apps && apps.length ? apps[apps.length - 1] : undefined;
  }

  // ---- monthly ----

  /** Credit interest to balances at or above their account type's minimum, and refresh credit scores. */
  month(world: World): void {
    const a = world.store(BankAccount);
    const c = world.store(Credit);
    const alive = world.entities.alive();
    for (let i = 0; i < alive.length; i++) {
      const eid = alive[i];
      if (a.open[eid] === 0 && c.debt[eid] === 0) continue;
      for (const type of ACCOUNT_TYPES) {
        const { annualRate, minimumCents } = this.cfg.accounts[type];
        const bal = a[type][eid];
        if (bal <= 0 || bal < minimumCents) continue;
        const interest = Math.floor((bal * annualRate) / 12);
        a[type][eid] = bal + interest;
        this.stats.depositInterestCents += interest;
      }
      this.updateCredit(world, eid);
    }
  }

  // ---- credit ----

  creditFactors(world: World, eid: number): CreditFactors {
    const c = world.store(Credit);
    const h = this.histories[eid];
    const since = world.store(BankAccount).since[eid];
    const tick = world.clock.tick;
    const window = HISTORY_DAYS_NEW_CREDIT * world.clock.ticksPerDay;
    return {
      onTime: c.onTime[eid],
      missed: c.missed[eid],
      debtCents: c.debt[eid],
      balanceCents: this.deposits(world, eid),
      historyYears: this.hasAccount(world, eid) ? (tick - since) / world.clock.ticksPerYear : 0,
      loanTypes: h ? popcount(h.loanTypes) : 0,
      recentApplications: h ? countRecent(h.applications, tick - window) : 0,
    };
  }

  updateCredit(world: World, eid: number): number {
    const c = world.store(Credit);
    c.score[eid] = blendCreditScore(c.score[eid], creditScoreTarget(this.creditFactors(world, eid), this.cfg.utilizationFloorCents));
    return c.score[eid];
  }

  // ---- death ----

  /** Settle an agent's loans from its estate (deposits, then cash; the rest is written off) and pay its balances into its wallet. */
  settleEstate(world: World, eid: number): void {
    const a = world.store(BankAccount);
    const ledger = world.resource(LedgerKey);
    for (const l of [...this.loans.values()]) {
      if (l.borrower !== eid) continue;
      for (const type of ACCOUNT_TYPES) {
        const take = Math.min(a[type][eid], l.remaining);
        a[type][eid] -= take;
        this.reducePrincipal(world, l, take, true);
      }
      const fromCash = Math.min(world.store(Wallet).cash[eid], l.remaining);
      ledger.transfer(world, eid, VAULT, fromCash);
      this.reducePrincipal(world, l, fromCash, true);
      if (l.remaining > 0) {
        this.stats.writtenOffCents += l.remaining;
        this.loans.delete(l.id);
        world.emit('loan', { agent: eid, loanId: l.id, principalCents: l.principal, status: 'written_off' });
      }
    }
    const owed = this.deposits(world, eid);
    const paid = Math.min(owed, ledger.balance(world, VAULT));
    ledger.transfer(world, VAULT, eid, paid);
    this.stats.unpaidDepositsCents += owed - paid;
    for (const type of ACCOUNT_TYPES) a[type][eid] = 0;
    a.open[eid] = 0;
    this.histories[eid] = undefined;
    this.incomes.clear(eid);
  }

  // ---- text ----

  /** The prototype's one-line bank summary for prompts. */
  concise(world: World, eid: number): string {
    if (!this.hasAccount(world, eid) && world.store(Credit).debt[eid] === 0) return 'Bank: No account information available.';
    return `Bank: Checking Balance: ${money(this.balance(world, eid, 'checking'))}. Active Loans: ${world.store(Credit).loans[eid]}, Total Debt: ${money(world.store(Credit).debt[eid])}.`;
  }

  /** get_banking_statement: balances, debt, net worth, credit score, up to 2 accounts and 2 active loans. */
  statement(world: World, eid: number): string {
    const a = world.store(BankAccount);
    const c = world.store(Credit);
    const total = this.deposits(world, eid);
    const cash = world.store(Wallet).cash[eid];
    const accounts = ACCOUNT_TYPES.filter((t) => this.hasAccount(world, eid, t))
      .slice(0, 2)
      .map((t) => `${t} ${money(a[t][eid])} (${(this.cfg.accounts[t].annualRate * 100).toFixed(1)}%/yr)`);
    const loans = this.loansOf(eid)
      .filter((l) => l.status === 'active')
      .slice(0, 2)
      .map((l) => `loan #${l.id} ${l.type} owes ${money(l.remaining)}, pays ${money(l.payment)}/month at ${(l.annualRate * 100).toFixed(1)}%`);
    return [
      `Bank statement: total balance ${money(total)}, cash ${money(cash)}, debt ${money(c.debt[eid])}, net worth ${money(total + cash - c.debt[eid])}, credit score ${Math.round(c.score[eid])}.`,
      accounts.length ? `Accounts: ${accounts.join('; ')}.` : 'No bank account.',
      loans.length ? `Loans: ${loans.join('; ')}.` : 'No active loans.',
    ].join(' ');
  }

  // ---- state ----

  /**
   * Loans and stats as JSON; the per-agent credit histories (one for nearly every agent) as
   * compressed sparse rows of typed arrays, stored raw: as JSON objects they were most of a
   * 100,000-agent save.
   */
  save(): unknown {
    // Indexed loops: iterators make an object per step.
    const all = this.histories;
    let n = 0;
    let apps = 0;
    let days = 0;
    for (let e = 0; e < all.length; e++) {
      const h = all[e];
      if (!h) continue;
      n++;
      apps += h.applications.length;
      days += this.incomes.size(e);
    }
    const histories: SavedHistories = {
      eid: new Int32Array(n),
      applicationOffsets: new Uint32Array(n + 1),
      applications: new Float64Array(apps),
      incomeOffsets: new Uint32Array(n + 1),
      incomeDays: new Float64Array(days),
      income: new Float64Array(days),
      loanTypes: new Uint8Array(n),
    };
    let a = 0;
    let d = 0;
    for (let e = 0, i = 0; e < all.length; e++) {
      const h = all[e];
      if (!h) continue;
      histories.eid[i] = e;
      for (let j = 0; j < h.applications.length; j++) histories.applications[a++] = h.applications[j];
      for (let j = 0, m = this.incomes.size(e); j < m; j++, d++) {
        const at = 2 * this.incomes.slot(e, j);
        histories.incomeDays[d] = this.incomes.entries[at];
        histories.income[d] = this.incomes.entries[at + 1];
      }
      histories.applicationOffsets[i + 1] = a;
      histories.incomeOffsets[i + 1] = d;
      histories.loanTypes[i] = h.loanTypes;
      i++;
    }
    return { nextLoanId: this.nextLoanId, loans: [...this.loans.values()].map((l) => ({ ...l })), histories, stats: { ...this.stats } };
  }

  load(data: unknown): void {
    const parsed = BankSave.safeParse(data);
    if (!parsed.success) throw new Error(`bank section: ${describeIssue(parsed.error)}`);
    const d = parsed.data;
    const loans = new Map<number, Loan>();
    for (const l of d.loans) {
      if (loans.has(l.id) || l.id >= d.nextLoanId) throw new Error(`bank section: loan id ${l.id} is duplicated or beyond nextLoanId`);
      if (l.remaining > l.principal) throw new Error(`bank section: loan ${l.id} owes more than its principal`);
      loans.set(l.id, { ...l });
    }
    const incomes = new IncomeRings();
    const histories = loadHistories(d.histories as Record<string, unknown>, incomes);
    this.loans = loans;
    this.histories = histories;
    this.incomes = incomes;
    this.nextLoanId = d.nextLoanId;
    this.stats = { ...d.stats };
  }

  // ---- internals ----

  private history(eid: number): History {
    let h = this.histories[eid];
    // Compared, not tested for truth: that reads the object, a cache miss per worker on a day's wages.
    if (h === undefined) {
      // Filled up to the id first: an assignment past the end would leave holes (a slower array).
      while (this.histories.length < eid) this.histories.push(undefined);
      this.histories[eid] = h = { applications: [], loanTypes: 0 };
    }
    return h;
  }

  private decide(world: World, eid: number, cents: number, type: LoanType, termMonths: number): LoanDecision {
    const score = world.store(Credit).score[eid];
    const annualRate = loanRate(this.cfg, type, score);
    const payment = amortizedPayment(cents, annualRate / 12, termMonths);
    let existing = 0;
    if (world.store(Credit).debt[eid] !== 0) for (const l of this.loans.values()) if (l.borrower === eid && l.status === 'active') existing += l.payment;
    const income = this.monthlyIncome(world, eid);
    const dti = (existing + payment) / Math.max(this.cfg.dtiFloorCents, this.deposits(world, eid) / 2);
    const { probability, unclamped } = approvalProbability({ score, monthlyIncomeCents: income, dti, collateral: type === 'mortgage' ? 1.1 : 1 }, this.cfg.incomeThresholdsCents);
    const risk = unclamped >= 0.8 ? 'low' : unclamped >= 0.6 ? 'medium' : unclamped >= 0.4 ? 'high' : 'very_high';
    if (probability > 0.7) return { probability, risk, decidedBy: 'threshold', approved: true, annualRate, payment };
    if (probability < 0.3) return { probability, risk, decidedBy: 'threshold', approved: false, annualRate, payment };
    return { probability, risk, decidedBy: 'draw', approved: world.stream('bank').chance(probability), annualRate, payment };
  }

  private collect(world: World, l: Loan): void {
    const eid = l.borrower;
    const a = world.store(BankAccount);
    const c = world.store(Credit);
    const interest = Math.round((l.remaining * l.annualRate) / 12);
    const due = Math.min(l.payment, l.remaining + interest);
    const cash = world.store(Wallet).cash[eid];
    l.nextDueTick += world.clock.ticksPerMonth;
    if (this.deposits(world, eid) + cash < due) {
      l.missedInARow++;
      c.missed[eid] = Math.min(0xffff, c.missed[eid] + 1);
      if (l.missedInARow >= this.cfg.defaultAfterMissed) this.defaultLoan(world, l);
      return;
    }
    // Balances first (the bank's debt to the agent shrinks, no cash moves), then cash into the vault.
    let left = due;
    for (const type of ACCOUNT_TYPES) {
      const take = Math.min(a[type][eid], left);
      a[type][eid] -= take;
      left -= take;
    }
    world.resource(LedgerKey).transfer(world, eid, VAULT, left);
    l.missedInARow = 0;
    l.paymentsMade++;
    c.onTime[eid] = Math.min(0xffff, c.onTime[eid] + 1);
    this.stats.loanInterestCents += Math.min(interest, due);
    this.reducePrincipal(world, l, due - Math.min(interest, due));
  }

  private defaultLoan(world: World, l: Loan): void {
    const eid = l.borrower;
    const c = world.store(Credit);
    l.status = 'defaulted';
    c.loans[eid]--;
    c.score[eid] = Math.max(300, c.score[eid] - this.cfg.defaultCreditPenalty);
    this.stats.loansDefaulted++;
    // Collateral: the borrower's deposits are set off against the debt.
    const a = world.store(BankAccount);
    for (const type of ACCOUNT_TYPES) {
      const take = Math.min(a[type][eid], l.remaining);
      a[type][eid] -= take;
      this.stats.recoveredCents += take;
      this.reducePrincipal(world, l, take);
    }
    world.emit('loan', { agent: eid, loanId: l.id, principalCents: l.principal, status: 'defaulted' });
  }

  /** Lower what a loan owes; at zero the loan is closed (paid off unless it had defaulted). */
  private reducePrincipal(world: World, l: Loan, cents: number, estate = false): void {
    if (cents <= 0 || l.remaining === 0) return;
    l.remaining -= cents;
    world.store(Credit).debt[l.borrower] -= cents;
    if (l.remaining > 0) return;
    this.loans.delete(l.id);
    if (l.status === 'active') {
      world.store(Credit).loans[l.borrower]--;
      this.stats.loansPaidOff++;
    }
    world.emit('loan', { agent: l.borrower, loanId: l.id, principalCents: l.principal, status: estate ? 'settled_by_estate' : l.status === 'active' ? 'paid_off' : 'recovered' });
  }
}

/** How many ticks come after `since` (a filter's length, without its array: every agent's credit update asks). */
function countRecent(ticks: readonly number[], since: number): number {
  let n = 0;
  for (let i = 0; i < ticks.length; i++) if (ticks[i] > since) n++;
  return n;
}

// ---- pure pricing and scoring (original-system.md §3.2, §3.3) ----

export function loanRate(cfg: Pick<EconomyConfig['bank'], 'baseRate' | 'typeAdjustment'>, type: LoanType, score: number): number {
  return Math.max(0, cfg.baseRate + cfg.typeAdjustment[type] + (750 - score) / 1000);
}

/** Standard amortized monthly payment, rounded up to a cent (principal/n when the rate is 0). */
export function amortizedPayment(principalCents: number, monthlyRate: number, months: number): number {
  if (monthlyRate <= 0) return Math.ceil(principalCents / months);
  return Math.ceil((principalCents * monthlyRate) / (1 - Math.pow(1 + monthlyRate, -months)));
}

export interface ApprovalInput {
  score: number;
  /** Deposits and salaries over the last 30 days; null when the agent never had any. */
  monthlyIncomeCents: number | null;
  dti: number;
  collateral: number;
}

export function approvalProbability(f: ApprovalInput, incomeThresholds: readonly number[]): { probability: number; unclamped: number } {
  const credit = f.score >= 750 ? 1.2 : f.score >= 700 ? 1.0 : f.score >= 650 ? 0.8 : f.score >= 600 ? 0.6 : 0.3;
  const [t12, t10, t08, t06] = incomeThresholds;
  const m = f.monthlyIncomeCents;
  const income = m === null ? 0.5 : m >= t12 ? 1.2 : m >= t10 ? 1.0 : m >= t08 ? 0.8 : m >= t06 ? 0.6 : 0.4;
  const debt = f.dti <= 0.2 ? 1.2 : f.dti <= 0.3 ? 1.0 : f.dti <= 0.4 ? 0.7 : 0.3;
  const unclamped = 0.5 * credit * income * debt * f.collateral;
  return { probability: Math.min(0.95, Math.max(0.05, unclamped)), unclamped };
}

export interface CreditFactors {
  onTime: number;
  missed: number;
  debtCents: number;
  balanceCents: number;
  historyYears: number;
  loanTypes: number;
  recentApplications: number;
}

/** The five weighted sub-scores: payment history .35, utilization .30, length .15, mix .10, new credit .10. */
export function creditScoreTarget(f: CreditFactors, utilizationFloorCents: number): number {
  const payments = f.onTime + f.missed;
  const ratio = payments === 0 ? -1 : f.onTime / payments;
  const history = ratio < 0 ? 700 : ratio >= 0.98 ? 800 : ratio >= 0.95 ? 750 : ratio >= 0.9 ? 700 : ratio >= 0.8 ? 650 : 500;
  const u = f.debtCents / (2 * Math.max(0, f.balanceCents) + utilizationFloorCents);
  const utilization = u <= 0.1 ? 850 : u <= 0.3 ? 750 : u <= 0.5 ? 650 : u <= 0.75 ? 550 : 400;
  const y = f.historyYears;
  const length = y >= 10 ? 800 : y >= 5 ? 750 : y >= 2 ? 700 : y >= 1 ? 650 : 600;
  const mix = f.loanTypes >= 3 ? 750 : f.loanTypes === 2 ? 720 : 700;
  const a = f.recentApplications;
  const fresh = a === 0 ? 750 : a <= 2 ? 700 : a <= 4 ? 650 : 600;
  return 0.35 * history + 0.3 * utilization + 0.15 * length + 0.1 * mix + 0.1 * fresh;
}

/** 0.7 old + 0.3 new, clamped to [300, 850]. */
export function blendCreditScore(old: number, target: number): number {
  return Math.min(850, Math.max(300, 0.7 * old + 0.3 * target));
}

/**
 * Per agent id, the days with deposits or salaries (at most the last INCOME_DAYS, oldest first) and
 * the cents of each: a ring of INCOME_DAYS (day, cents) slots per agent in one typed array. A day's
 * end records ~1,000 wages, and pushing to and shifting two small arrays of each worker's (scattered
 * over the heap) was most of paying them.
 */
class IncomeRings {
  /** Per slot: the day, then its cents. */
  entries = new Float64Array(0);
  private start = new Uint8Array(0);
  private count = new Uint8Array(0);

  size(eid: number): number {
    return eid < this.count.length ? this.count[eid] : 0;
  }

  /** The slot of an agent's i-th oldest day. */
  slot(eid: number, i: number): number {
    return eid * INCOME_DAYS + ((this.start[eid] + i) % INCOME_DAYS);
  }

  /** Drop the days more than 30 days before `today`, oldest first, up to the first that is not. */
  prune(eid: number, today: number): void {
    let n = this.size(eid);
    while (n > 0 && this.entries[2 * this.slot(eid, 0)] <= today - INCOME_DAYS) {
      this.start[eid] = (this.start[eid] + 1) % INCOME_DAYS;
      n--;
    }
    if (eid < this.count.length) this.count[eid] = n;
  }

  /** Add cents to `day` (today), pruned first as recording always prunes. */
  record(eid: number, day: number, cents: number): void {
    if (eid >= this.count.length) this.grow(eid + 1);
    this.prune(eid, day);
    const n = this.count[eid];
    if (n > 0) {
      const last = 2 * this.slot(eid, n - 1);
      if (this.entries[last] === day) {
        this.entries[last + 1] += cents;
        return;
      }
    }
    // Full only if a loaded file held days after today or out of order (a run's only grow): the oldest goes.
    if (n === INCOME_DAYS) this.start[eid] = (this.start[eid] + 1) % INCOME_DAYS;
    else this.count[eid] = n + 1;
    const at = 2 * this.slot(eid, this.count[eid] - 1);
    this.entries[at] = day;
    this.entries[at + 1] = cents;
  }

  /** Append a saved day as it was (a save holds at most INCOME_DAYS per agent). */
  load(eid: number, day: number, cents: number): void {
    if (eid >= this.count.length) this.grow(eid + 1);
    const at = 2 * (eid * INCOME_DAYS + this.count[eid]++);
    this.entries[at] = day;
    this.entries[at + 1] = cents;
  }

  clear(eid: number): void {
    if (eid >= this.count.length) return;
    this.start[eid] = 0;
    this.count[eid] = 0;
  }

  private grow(agents: number): void {
    const cap = Math.max(agents, 2 * this.count.length, 64);
    const entries = new Float64Array(cap * INCOME_DAYS * 2);
    entries.set(this.entries);
    this.entries = entries;
    const start = new Uint8Array(cap);
    start.set(this.start);
    this.start = start;
    const count = new Uint8Array(cap);
    count.set(this.count);
    this.count = count;
  }
}

function bit(type: AccountType): number {
  return 1 << ACCOUNT_TYPES.indexOf(type);
}

function popcount(x: number): number {
  let n = 0;
  for (let v = x; v; v &= v - 1) n++;
  return n;
}

function emptyStats(): BankStats {
  return { loansIssued: 0, loansRejected: 0, loansPaidOff: 0, loansDefaulted: 0, lentCents: 0, feesCents: 0, loanInterestCents: 0, depositInterestCents: 0, writtenOffCents: 0, recoveredCents: 0, unpaidDepositsCents: 0 };
}

const count = z.number().int().min(0);
const LoanSave = z
  .object({
    id: z.number().int().min(1),
    borrower: count,
    type: z.enum(LOAN_TYPES),
    principal: z.number().int().min(1),
    annualRate: z.number().min(0).max(10),
    termMonths: z.number().int().min(1).max(600),
    payment: z.number().int().min(1),
    remaining: z.number().int().min(1),
    status: z.enum(['active', 'defaulted']),
    missedInARow: count,
    paymentsMade: count,
    nextDueTick: count,
    openedTick: count,
  })
  .strict();
const BankSave = z
  .object({
    nextLoanId: z.number().int().min(1),
    loans: z.array(LoanSave),
    histories: z.record(z.string(), z.unknown()),
    stats: z.object(Object.fromEntries(Object.keys(emptyStats()).map((k) => [k, count])) as Record<keyof BankStats, z.ZodNumber>).strict(),
  })
  .strict();

export const BankKey = resourceKey<Bank>('bank');

/** The credit histories in a saved bank section: agents in id order, their lists as compressed sparse rows. */
export interface SavedHistories {
  eid: Int32Array;
  applicationOffsets: Uint32Array;
  /** Ticks of recent loan applications. */
  applications: Float64Array;
  incomeOffsets: Uint32Array;
  /** Days with deposits or salaries (at most the last 30), and the cents of each. */
  incomeDays: Float64Array;
  income: Float64Array;
  loanTypes: Uint8Array;
}

/**
 * values[from, to) as a list of exactly that length, or null if one is not a whole non-negative
 * number. A literal for the usual one or two values: a list grown by push from empty reserves 17
 * slots, and 57,000 agents' histories are built on every 100,000-agent load.
 */
function wholeList(values: Float64Array, from: number, to: number): number[] | null {
  for (let i = from; i < to; i++) if (!(Number.isSafeInteger(values[i]) && values[i] >= 0)) return null;
  const n = to - from;
  if (n === 0) return [];
  if (n === 1) return [values[from]];
  if (n === 2) return [values[from], values[from + 1]];
  const out: number[] = [];
  for (let i = from; i < to; i++) out.push(values[i]);
  return out;
}

/** The saved histories, and their incomes into `incomes` (empty). */
function loadHistories(h: Record<string, unknown>, incomes: IncomeRings): (History | undefined)[] {
  const what = 'bank section: histories';
  const eid = savedArray(h, 'eid', Int32Array, 'bank');
  const n = eid.length;
  const appOff = savedArray(h, 'applicationOffsets', Uint32Array, 'bank', n + 1);
  const apps = savedArray(h, 'applications', Float64Array, 'bank');
  const incOff = savedArray(h, 'incomeOffsets', Uint32Array, 'bank', n + 1);
  const days = savedArray(h, 'incomeDays', Float64Array, 'bank');
  const income = savedArray(h, 'income', Float64Array, 'bank', days.length);
  const loanTypes = savedArray(h, 'loanTypes', Uint8Array, 'bank', n);
  checkOffsets(appOff, n, apps.length, `${what}: application`);
  checkOffsets(incOff, n, days.length, `${what}: income`);
  const out: (History | undefined)[] = [];
  for (let i = 0; i < n; i++) {
    if (eid[i] < 0 || (i > 0 && eid[i] <= eid[i - 1])) throw new Error(`${what}: agent ids must be non-negative and increasing (entry ${i})`);
    if (loanTypes[i] > 31) throw new Error(`${what}: agent ${eid[i]}: loan types mask ${loanTypes[i]} is over 31`);
    if (incOff[i + 1] - incOff[i] > INCOME_DAYS) throw new Error(`${what}: agent ${eid[i]}: more than ${INCOME_DAYS} days of income`);
    const a = wholeList(apps, appOff[i], appOff[i + 1]);
    const dd = wholeList(days, incOff[i], incOff[i + 1]);
    const cents = wholeList(income, incOff[i], incOff[i + 1]);
    if (!a || !dd || !cents) throw new Error(`${what}: agent ${eid[i]}: ticks, days and cents must be whole non-negative numbers`);
    while (out.length < eid[i]) out.push(undefined); // no holes, as in history()
    out[eid[i]] = { applications: a, loanTypes: loanTypes[i] };
    for (let j = 0; j < dd.length; j++) incomes.load(eid[i], dd[j], cents[j]);
  }
  return out;
}
