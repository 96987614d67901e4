import { describe, expect, it } from 'vitest';
import { Actions } from '../../src/society/actions';
import { Wallet } from '../../src/society/components';
import { amortizedPayment, approvalProbability, BankKey, blendCreditScore, creditScoreTarget, loanRate, VAULT } from '../../src/society/economy/bank';
import { BankAccount, Credit } from '../../src/society/economy/components';
import { LedgerKey } from '../../src/society/economy/ledger';
import { submitOrder } from '../../src/society/economy/markets';
import { EconomyNotesKey } from '../../src/society/economy/notes';
import { payWage, TREASURY } from '../../src/society/economy/treasury';
import { economyWorld } from './helpers';

/** A world where the bank approves by threshold: a strong credit score and a solid deposit history. */
function lendingWorld(overrides = {}) {
  // No basic income and no wealth tax: only the bank moves these agents' money.
  const world = economyWorld(3, { economy: { treasury: { basicIncomeMonthlyCents: 0, wealthTaxMonthlyRate: 0 } }, ...overrides });
  const [a, b, c] = world.entities.alive();
  return { world, a, b, c, bank: world.resource(BankKey), ledger: world.resource(LedgerKey), cash: world.store(Wallet).cash, credit: world.store(Credit) };
}

describe('bank accounts', () => {
  it('deposit and withdraw move cash to and from the vault atomically', () => {
    const { world, a, bank, ledger, cash } = lendingWorld();
    const vault = ledger.balance(world, VAULT);
    expect(bank.deposit(world, a, 30_000).ok).toBe(true);
    expect(cash[a]).toBe(20_000);
    expect(bank.balance(world, a, 'checking')).toBe(30_000);
    expect(ledger.balance(world, VAULT)).toBe(vault + 30_000);
    expect(bank.deposit(world, a, 30_000)).toEqual({ ok: false, reason: 'not enough cash: has 20000 cents, deposits 30000' });
    expect(bank.withdraw(world, a, 40_000)).toEqual({ ok: false, reason: 'checking balance is 30000 cents, cannot withdraw 40000' });
    expect(bank.withdraw(world, a, 5_000, 'savings')).toEqual({ ok: false, reason: 'no savings account' });
    expect(bank.withdraw(world, a, 10_000).ok).toBe(true);
    expect(cash[a]).toBe(30_000);
    expect(ledger.balance(world, VAULT)).toBe(vault + 20_000);
    expect(ledger.discrepancy(world)).toBe(0);
  });

  it('totals the deposits of the living only', () => {
    const { world, a, bank, cash } = lendingWorld();
    const others = world.entities.alive().filter((e) => e !== a);
    for (const e of others) cash[e] = 50_000;
    expect(bank.deposit(world, a, 30_000).ok).toBe(true);
    expect(bank.deposit(world, others[0], 12_000).ok).toBe(true);
    expect(bank.deposit(world, others[1], 7_000, 'savings').ok).toBe(true);
    expect(bank.totalDeposits(world)).toBe(30_000 + 12_000 + 7_000);
    world.despawn(others[0], 'test');
    expect(bank.totalDeposits(world)).toBe(30_000 + 7_000);
  });

  it('credits monthly interest to balances at or above the account minimum, on simulated months', () => {
    const { world, a, b, bank } = lendingWorld();
    bank.deposit(world, a, 24_000, 'savings'); // 2 %/yr, minimum 100.00
    bank.deposit(world, b, 5_000, 'savings'); // below the minimum: no interest
    world.run(world.clock.ticksPerMonth - 1);
    expect(bank.balance(world, a, 'savings')).toBe(24_000);
    world.run(2);
    expect(bank.balance(world, a, 'savings')).toBe(24_040); // 24,000 × 0.02 / 12
    expect(bank.balance(world, b, 'savings')).toBe(5_000);
    expect(world.resource(LedgerKey).discrepancy(world)).toBe(0);
  });

  it('the deposit, withdraw and statement actions validate and report', () => {
    const { world, a, b } = lendingWorld();
    const actions = world.resource(Actions);
    expect(actions.check(world, a, { type: 'deposit', amountCents: 10_000_000 })).toEqual({ ok: false, reason: 'deposit: not enough cash: has 50000 cents, deposits 10000000' });
    expect(actions.check(world, a, { type: 'withdraw', amountCents: 1 })).toEqual({ ok: false, reason: 'withdraw: no checking account' });
    expect(actions.check(world, a, { type: 'deposit', amountCents: -5 })).toMatchObject({ ok: false });
    expect(actions.perform(world, a, { type: 'deposit', amountCents: 12_345, account: 'savings' }).ok).toBe(true);
    expect(actions.check(world, b, { type: 'repay', loanId: 1, amountCents: 10 })).toEqual({ ok: false, reason: 'repay: no outstanding loan 1' });
    actions.perform(world, a, { type: 'get_banking_statement' });
    expect(world.resource(EconomyNotesKey).take(a)).toMatch(/total balance 123\.45, cash 376\.55, debt 0\.00, net worth 500\.00, credit score 700\. Accounts: savings 123\.45/);
  });
});

describe('credit model', () => {
  it('prices, amortizes and approves by the prototype tables', () => {
    const cfg = { baseRate: 0.05, typeAdjustment: { personal: 0.03, business: 0.01, mortgage: -0.01, education: 0, emergency: 0.05 } };
    expect(loanRate(cfg, 'personal', 700)).toBeCloseTo(0.13, 12);
    expect(loanRate(cfg, 'mortgage', 820)).toBe(0); // 0.05 − 0.01 − 0.07 is negative: clamped at 0
    expect(amortizedPayment(120_000, 0.01, 12)).toBe(10_662); // 1,066.19 → rounded up
    expect(amortizedPayment(1_000, 0, 3)).toBe(334);
    const t = [50_000, 30_000, 20_000, 10_000];
    expect(approvalProbability({ score: 760, monthlyIncomeCents: 60_000, dti: 0.1, collateral: 1 }, t)).toEqual({ probability: 0.864, unclamped: 0.864 });
    expect(approvalProbability({ score: 700, monthlyIncomeCents: null, dti: 0.1, collateral: 1 }, t).probability).toBeCloseTo(0.3, 12);
    expect(approvalProbability({ score: 550, monthlyIncomeCents: 5_000, dti: 0.9, collateral: 1 }, t)).toEqual({ probability: 0.05, unclamped: 0.5 * 0.3 * 0.4 * 0.3 });
  });

  it('weights five sub-scores and blends 0.7 old / 0.3 new within 300-850', () => {
    const fresh = { onTime: 0, missed: 0, debtCents: 0, balanceCents: 0, historyYears: 0, loanTypes: 0, recentApplications: 0 };
    // 0.35·700 + 0.30·850 + 0.15·600 + 0.10·700 + 0.10·750
    expect(creditScoreTarget(fresh, 100_000)).toBeCloseTo(735, 10);
    const risky = { onTime: 1, missed: 4, debtCents: 90_000, balanceCents: 0, historyYears: 12, loanTypes: 3, recentApplications: 6 };
    expect(creditScoreTarget(risky, 100_000)).toBeCloseTo(0.35 * 500 + 0.3 * 400 + 0.15 * 800 + 0.1 * 750 + 0.1 * 600, 10);
    expect(blendCreditScore(700, 735)).toBeCloseTo(710.5, 10);
    expect(blendCreditScore(300, 0)).toBe(300);
    expect(blendCreditScore(850, 2000)).toBe(850);
  });
});

describe('loans', () => {
  it('a loan lives from approval through automatic monthly payments to payoff', () => {
    const { world, a, bank, ledger, cash, credit } = lendingWorld();
    credit.score[a] = 800;
    bank.deposit(world, a, 50_000);
    const r = bank.apply(world, a, 60_000, 'business', 3);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.decision.decidedBy).toBe('threshold');
    expect(r.loan.payment).toBe(amortizedPayment(60_000, r.loan.annualRate / 12, 3));
    expect(cash[a]).toBe(59_400); // net of the 1 % fee
    expect(credit.debt[a]).toBe(60_000);
    expect(credit.loans[a]).toBe(1);
    // Three monthly payments are collected automatically (due at ticks 1440, 2880, 4320), balances first.
    world.step();
    for (let m = 1; m <= 3; m++) {
      world.run(world.clock.ticksPerMonth);
      expect(credit.onTime[a]).toBe(m);
    }
    expect(bank.loansOf(a)).toEqual([]);
    expect(credit.debt[a]).toBe(0);
    expect(credit.loans[a]).toBe(0);
    expect(bank.stats.loansPaidOff).toBe(1);
    expect(bank.stats.loanInterestCents).toBeGreaterThan(0);
    // Everything paid went to the bank (principal plus loan interest); the balance earned deposit interest.
    expect(bank.stats.depositInterestCents).toBeGreaterThan(0);
    expect(bank.balance(world, a, 'checking') + cash[a]).toBe(50_000 + 59_400 - (60_000 + bank.stats.loanInterestCents) + bank.stats.depositInterestCents);
    expect(world.events.recent('loan').map((e) => e.status)).toEqual(['active', 'paid_off']);
    expect(ledger.discrepancy(world)).toBe(0);
  });

  it('early repayment through the repay action pays the principal off', () => {
    const { world, a, bank, credit, cash } = lendingWorld();
    credit.score[a] = 800;
    bank.deposit(world, a, 40_000);
    const r = bank.apply(world, a, 20_000, 'personal');
    expect(r.ok).toBe(true);
    const id = r.ok ? r.loan.id : 0;
    const actions = world.resource(Actions);
    expect(actions.check(world, a, { type: 'repay', loanId: id, amountCents: 1_000_000 }).ok).toBe(true); // capped at what is owed
    expect(actions.perform(world, a, { type: 'repay', loanId: id, amountCents: 5_000 }).ok).toBe(true);
    expect(credit.debt[a]).toBe(15_000);
    const before = cash[a];
    expect(actions.perform(world, a, { type: 'repay', loanId: id, amountCents: 1_000_000 }).ok).toBe(true);
    expect(cash[a]).toBe(before - 15_000);
    expect(bank.loan(id)).toBeUndefined();
    expect(credit.loans[a]).toBe(0);
    expect(world.resource(LedgerKey).discrepancy(world)).toBe(0);
  });

  it('missed payments lead to default: deposits set off, credit score drops, wages garnished until recovered', () => {
    const { world, a, b, bank, ledger, cash, credit } = lendingWorld({ economy: { treasury: { basicIncomeMonthlyCents: 0, incomeTaxRate: 0.1 }, bank: { defaultAfterMissed: 2, garnishRate: 0.5 } } });
    credit.score[a] = 800;
    bank.deposit(world, a, 40_000);
    const r = bank.apply(world, a, 100_000, 'personal', 12);
    expect(r.ok).toBe(true);
    // The borrower spends everything: withdraws its deposit and gives all its cash away.
    bank.withdraw(world, a, 40_000);
    ledger.transfer(world, a, b, cash[a]);
    world.run(world.clock.ticksPerMonth + 1);
    expect(credit.missed[a]).toBe(1);
    expect(bank.loansOf(a)[0].status).toBe('active');
    const scoreBefore = credit.score[a];
    world.run(world.clock.ticksPerMonth);
    const [loan] = bank.loansOf(a);
    expect(loan.status).toBe('defaulted');
    expect(credit.score[a]).toBeLessThanOrEqual(scoreBefore - 100);
    expect(credit.loans[a]).toBe(0);
    expect(bank.stats.loansDefaulted).toBe(1);
    expect(world.events.recent('loan').at(-1)).toMatchObject({ agent: a, status: 'defaulted' });
    // No new loan while in default.
    expect(bank.checkLoan(world, a, 1_000, 12)).toBe(`loan ${loan.id} is in default`);
    // A wage of 100.00: 10.00 income tax, then half the net (45.00) garnished.
    ledger.openAccount('firm:1');
    ledger.mint(world, 'firm:1', 1_000_000, 'test');
    const treasury = ledger.balance(world, TREASURY);
    expect(payWage(world, 'firm:1', a, 10_000)).toBe(4_500);
    expect(cash[a]).toBe(4_500);
    expect(ledger.balance(world, TREASURY)).toBe(treasury + 1_000);
    expect(credit.debt[a]).toBe(loan.remaining - 4_500);
    expect(payWage(world, 'firm:1', a, 100_000_000)).toBeNull(); // the firm cannot cover it: nothing moves
    expect(ledger.discrepancy(world)).toBe(0);
  });

  it('the borrow action refuses a loan above the limit and records a rejection or approval note', () => {
    const { world, a, b, credit } = lendingWorld();
    const actions = world.resource(Actions);
    expect(actions.check(world, a, { type: 'borrow', amountCents: 10_000_000 })).toEqual({ ok: false, reason: 'borrow: the bank lends at most 500000 cents' });
    credit.score[b] = 300;
    expect(actions.perform(world, b, { type: 'borrow', amountCents: 10_000, loanType: 'emergency' }).ok).toBe(true);
    expect(world.resource(EconomyNotesKey).take(b)).toMatch(/^Loan application rejected \(approval probability 0\.\d\d, below 0\.3\)/);
    credit.score[a] = 800;
    world.resource(BankKey).deposit(world, a, 30_000);
    expect(actions.perform(world, a, { type: 'borrow', amountCents: 10_000 }).ok).toBe(true);
    expect(world.resource(EconomyNotesKey).take(a)).toMatch(/^Loan #1 approved: 10000 cents at \d+\.\d%/);
  });
});

describe('death', () => {
  it('cancels the dead agent\'s orders, settles its loans from the estate and pays its balances into its wallet before the id is freed', () => {
    const { world, a, bank, ledger, cash, credit } = lendingWorld();
    credit.score[a] = 800;
    bank.deposit(world, a, 45_000);
    bank.apply(world, a, 30_000, 'personal');
    submitOrder(world, a, 'food', 'buy', 10, 100);
    let estate = -1;
    let discrepancy = -1;
    world.onDespawn((w, eid) => {
      // Runs after the economy's hooks, where the social plugin's inheritance would run.
      if (eid !== a) return;
      estate = w.store(Wallet).cash[eid];
      discrepancy = ledger.discrepancy(w);
    });
    const cashBefore = cash[a]; // 5,000 + 29,700 − 1,000 escrowed
    world.despawn(a, 'test');
    // Estate = cash + refunded escrow + deposits − loan owed.
    expect(estate).toBe(cashBefore + 1_000 + 45_000 - 30_000);
    expect(bank.loansOf(a)).toEqual([]);
    expect(world.store(BankAccount).open[a]).toBe(0);
    expect(discrepancy).toBe(0);
  });
});

describe('bank state section', () => {
  it('round-trips and rejects damaged data', () => {
    const { world, a, bank, credit } = lendingWorld();
    credit.score[a] = 800;
    bank.deposit(world, a, 40_000);
    bank.apply(world, a, 20_000, 'education');
    // Loans and stats are JSON; the credit histories typed arrays (stored raw in a world file).
    const saved = bank.save() as Record<string, unknown> & { loans: Record<string, number>[]; stats: Record<string, number>; histories: Record<string, unknown> };
    const hash = world.stateHash();
    bank.load(saved);
    expect(world.stateHash()).toBe(hash);
    expect(() => bank.load({ ...saved, loans: [{ ...saved.loans[0], remaining: 10_000_000 }] })).toThrow(/owes more than its principal/);
    expect(() => bank.load({ ...saved, stats: { ...saved.stats, loansIssued: -1 } })).toThrow(/bank section: stats\.loansIssued/);
    const h = saved.histories as { income: Float64Array; loanTypes: Uint8Array; applicationOffsets: Uint32Array };
    expect(h.income.length).toBeGreaterThan(0);
    expect(() => bank.load({ ...saved, histories: { ...h, income: h.income.map((c, i) => (i === 0 ? -5 : c)) } })).toThrow(/bank section: histories: agent \d+: ticks, days and cents must be whole/);
    expect(() => bank.load({ ...saved, histories: { ...h, loanTypes: h.loanTypes.map(() => 40) } })).toThrow(/loan types mask 40 is over 31/);
    expect(() => bank.load({ ...saved, histories: { ...h, applicationOffsets: new Uint32Array(h.applicationOffsets.length) } })).toThrow(/application offsets must run from 0/);
    expect(() => bank.load({ ...saved, histories: { ...h, income: Array.from(h.income) } })).toThrow(/bank section: income must be a Float64Array/);
    expect(world.stateHash()).toBe(hash);
  });
});
