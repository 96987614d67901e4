import { describe, expect, it } from 'vitest';
import { parseScenario, ScenarioError } from '../../src/society/scenario';

describe('economy scenario settings', () => {
  it('defaults to the prototype constants and names a bad field', () => {
    const s = parseScenario({ name: 'x' });
    expect(s.economy.market.maxOffersPerTick).toBe(5);
    expect(s.economy.market.historyLength).toBe(1000);
    expect(s.economy.bank.accounts.savings).toEqual({ annualRate: 0.02, minimumCents: 10_000 });
    expect(s.economy.bank.typeAdjustment.emergency).toBe(0.05);
    expect(s.economy.bank.originationFee).toBe(0.01);
    expect(parseScenario({ name: 'x', economy: { bank: { accounts: { checking: { annualRate: 0.03 } } } } }).economy.bank.accounts.checking).toEqual({ annualRate: 0.03, minimumCents: 2_500 });
    expect(() => parseScenario({ name: 'x', economy: { bank: { reserveRatoi: 0.2 } } })).toThrow(ScenarioError);
    expect(() => parseScenario({ name: 'x', economy: { bank: { reserveRatoi: 0.2 } } })).toThrow(/field "economy\.bank"/);
    expect(() => parseScenario({ name: 'x', economy: { treasury: { salesTaxRate: 1.5 } } })).toThrow(/economy\.treasury\.salesTaxRate/);
  });
});
