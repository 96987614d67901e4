import { describe, expect, it } from 'vitest';
import { Wallet } from '../../src/society/components';
import { LedgerKey } from '../../src/society/economy/ledger';
import { BankKey } from '../../src/society/economy/bank';
import { collectWealthTax, payWage, TREASURY, TreasuryKey, treasuryMonth } from '../../src/society/economy/treasury';
import { economyWorld } from './helpers';

describe('treasury', () => {
  it('withholds income tax from wages and refuses a wage the payer cannot cover', () => {
    const world = economyWorld(2, { economy: { treasury: { incomeTaxRate: 0.2 } } });
    const [a, b] = world.entities.alive();
    const ledger = world.resource(LedgerKey);
    expect(payWage(world, a, b, 1_001)).toBe(801); // tax floor(200.2) = 200
    expect(ledger.balance(world, TREASURY)).toBe(200);
    expect(world.store(Wallet).cash[a]).toBe(50_000 - 1_001);
    expect(payWage(world, a, b, 1_000_000)).toBeNull();
    expect(world.resource(TreasuryKey).totals).toMatchObject({ incomeTax: 200, wages: 1_001 });
    expect(() => payWage(world, a, b, -1)).toThrow(/non-negative integer/);
    expect(ledger.discrepancy(world)).toBe(0);
  });

  it('pays basic income without ever overdrawing, and spends the public works budget as taxed wages', () => {
    const world = economyWorld(4, { economy: { treasury: { basicIncomeMonthlyCents: 1_000, basicIncomeShare: 0.5, publicWorksMonthlyCents: 0, wealthTaxMonthlyRate: 0 } } });
    const ledger = world.resource(LedgerKey);
    const cash = world.store(Wallet).cash;
    const [a] = world.entities.alive();
    ledger.transfer(world, a, TREASURY, 3_000); // less than 4 × 10.00: pro rata, 7.50 each
    treasuryMonth(world);
    expect(ledger.balance(world, TREASURY)).toBe(0);
    expect(cash[a]).toBe(47_000 + 750);
    ledger.transfer(world, a, TREASURY, 40_000); // half of it, 20,000, shared: 5,000 each
    treasuryMonth(world);
    expect(ledger.balance(world, TREASURY)).toBe(20_000);
    expect(world.resource(TreasuryKey).totals.basicIncome).toBe(3_000 + 20_000);

    const works = economyWorld(3, { economy: { treasury: { basicIncomeMonthlyCents: 0, basicIncomeShare: 0, publicWorksMonthlyCents: 5_000, publicWorksWageCents: 2_000, incomeTaxRate: 0.1, wealthTaxMonthlyRate: 0 } } });
    const wl = works.resource(LedgerKey);
    wl.transfer(works, works.entities.alive()[0], TREASURY, 10_000);
    treasuryMonth(works);
    // Two jobs of 20.00 from a 50.00 budget; the income tax on them comes back to the treasury.
    expect(works.resource(TreasuryKey).totals.publicWorks).toBe(4_000);
    expect(wl.balance(works, TREASURY)).toBe(10_000 - 4_000 + 400);
    expect(wl.discrepancy(works)).toBe(0);
  });

  it('taxes cash and deposits above the threshold monthly, from cash first, then the bank', () => {
    const world = economyWorld(3, { economy: { treasury: { basicIncomeMonthlyCents: 0, basicIncomeShare: 0, publicWorksMonthlyCents: 0, wealthTaxMonthlyRate: 0.1, wealthTaxThresholdCents: 60_000 } } });
    const ledger = world.resource(LedgerKey);
    const bank = world.resource(BankKey);
    const cash = world.store(Wallet).cash;
    const [a, b, c] = world.entities.alive(); // 50,000 cents each
    ledger.transfer(world, a, b, 50_000); // a: nothing; b: 100,000
    expect(bank.deposit(world, b, 98_000).ok).toBe(true); // b: 2,000 cash + 98,000 deposited
    expect(bank.deposit(world, c, 45_000).ok).toBe(true); // c: 50,000 in all, under the threshold
    const taken = collectWealthTax(world, [a, b, c]);
    // b: 10 % of (100,000 − 60,000) = 4,000: 2,000 from cash, 2,000 withdrawn from checking.
    expect(taken).toBe(4_000);
    expect(cash[b]).toBe(0);
    expect(bank.balance(world, b, 'checking')).toBe(96_000);
    expect(cash[a]).toBe(0);
    expect(cash[c] + bank.deposits(world, c)).toBe(50_000);
    expect(ledger.balance(world, TREASURY)).toBe(4_000);
    expect(world.resource(TreasuryKey).totals.wealthTax).toBe(4_000);
    expect(ledger.discrepancy(world)).toBe(0);
  });
});
