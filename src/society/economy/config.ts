// The economy's scenario settings (markets, bank, treasury, and the heuristic brain's money habits).
// Defaults are the prototype's constants where it had them (original-system.md §3); the others are
// marked "ours". Money is integer cents.

import { z } from 'zod';

const int = z.number().int();
const cents = int.min(0).max(2_000_000_000);
const rate = z.number().min(0).max(1);

const account = (annualRate: number, minimumCents: number) =>
  z.object({ annualRate: rate.default(annualRate), minimumCents: cents.default(minimumCents) }).strict().prefault({});

export const EconomySchema = z
  .object({
    market: z
      .object({
        /** The prototype's MAX_TRADE_OFFERS_PER_STEP: orders one trader may place per tick (counted in a u8). */
        maxOffersPerTick: int.min(1).max(255).default(5),
        /** Lifetime of an order placed without an explicit ttl (ours: one day at 30 min/tick). */
        defaultOrderTtlTicks: int.min(1).default(48),
        historyLength: int.min(20).max(100_000).default(1000),
        movingAverageWindow: int.min(1).default(10),
        volatilityWindow: int.min(2).default(20),
        /** Posted price update: base × (1 + elasticity·(D/S − 1)) × (1 + N(0, volatility)). */
        priceElasticity: z.number().min(0).max(10).default(0.1),
        priceVolatility: z.number().min(0).max(1).default(0.05),
        /** What the daily update multiplies: "base" (the prototype: prices stay near base) or "previous" (imbalances compound). */
        priceAnchor: z.enum(['base', 'previous']).default('base'),
        /** Posted price is clamped to [minPriceFactor, maxPriceFactor] × base. */
        minPriceFactor: z.number().positive().default(0.1),
        maxPriceFactor: z.number().positive().default(10),
      })
      .strict()
      .prefault({}),
    bank: z
      .object({
        /** The vault's own money at the start (ours); it is part of the initial money supply. */
        capitalCents: cents.default(1_000_000),
        accounts: z
          .object({
            checking: account(0.005, 2_500),
            savings: account(0.02, 10_000),
            business: account(0.005, 50_000),
            investment: account(0.01, 100_000),
          })
          .strict()
          .prefault({}),
        baseRate: rate.default(0.05),
        typeAdjustment: z
          .object({
            personal: z.number().default(0.03),
            business: z.number().default(0.01),
            mortgage: z.number().default(-0.01),
            education: z.number().default(0),
            emergency: z.number().default(0.05),
          })
          .strict()
          .prefault({}),
        originationFee: rate.default(0.01),
        defaultTermMonths: int.min(1).max(600).default(36),
        maxLoanCents: cents.default(500_000),
        maxActiveLoans: int.min(1).max(255).default(2),
        /** Consecutive missed monthly payments that make a loan default (ours; the prototype had none). */
        defaultAfterMissed: int.min(1).max(120).default(3),
        /** Credit score points lost when a loan defaults (ours). */
        defaultCreditPenalty: z.number().min(0).max(550).default(100),
        /** Share of each net wage garnished toward a defaulted loan (ours). */
        garnishRate: rate.default(0.25),
        /** The vault keeps at least this share of deposits when it lends (the prototype's declared 10 %). */
        reserveRatio: rate.default(0.1),
        /**
         * Income factor thresholds (cents of deposits and salaries over the last 30 days) for factors
         * 1.2/1.0/0.8/0.6 (below: 0.4; no income ever: 0.5). The prototype averaged the last 30
         * transaction amounts against 5000/3000/2000/1000 units with 500 units of starting money, which
         * made approval impossible for new agents (original-system.md §3.2) and depends on how often
         * wages are paid rather than how much; ours is monthly income against 1/10 of those levels.
         */
        incomeThresholdsCents: z.array(cents).length(4).default([50_000, 30_000, 20_000, 10_000]),
        /** DTI denominator floor: max(dtiFloorCents, balance/2) (the prototype's 1000). */
        dtiFloorCents: cents.min(1).default(100_000),
        /** Utilization = debt / (2·balance + utilizationFloorCents) (the prototype's 1000). */
        utilizationFloorCents: cents.min(1).default(100_000),
      })
      .strict()
      .prefault({}),
    treasury: z
      .object({
        /** Share of each trade's value paid by the seller to the treasury (ours; the prototype had no taxes). */
        salesTaxRate: rate.default(0.05),
        /** Share of each gross wage withheld by payWage (ours). */
        incomeTaxRate: rate.default(0.1),
        /** Paid monthly to every living adult from the treasury, pro rata if it cannot cover all (ours). */
        basicIncomeMonthlyCents: cents.default(1_000),
        /** Share of the treasury's balance returned each month as basic income, if more than the fixed amount (ours: taxes go back into circulation). */
        basicIncomeShare: rate.default(0.9),
        /** Monthly tax on an adult's cash + deposits above the threshold (ours: hoarded savings go back into circulation). */
        wealthTaxMonthlyRate: rate.default(0.02),
        wealthTaxThresholdCents: cents.default(20_000),
        /** Monthly public works budget paid as wages (ours; 0 = off). */
        publicWorksMonthlyCents: cents.default(0),
        publicWorksWageCents: cents.min(1).default(2_000),
      })
      .strict()
      .prefault({}),
    /** The heuristic brain's money habits (ours). */
    heuristics: z
      .object({
        /** An agent weighs market and bank moves at about one decision in this many; buying food when short is always considered. */
        decisionEveryDecisions: int.min(1).max(10_000).default(4),
        /** Cash an agent keeps at hand; above 1.5× it deposits the rest, below ⅓ it withdraws. */
        cashBufferCents: cents.default(20_000),
        /** Food units an agent keeps before selling the surplus. */
        keepFood: int.min(0).default(8),
        /** Below this many food units an agent with money buys food. */
        lowFood: int.min(0).default(4),
        /** Units of materials, energy and tools kept before selling; below, a rich agent buys. */
        keepOther: int.min(0).default(3),
        /** Extra units of each good a merchant (trader profession) holds to resell. */
        merchantStock: int.min(0).default(20),
        emergencyLoanCents: cents.min(1).default(5_000),
        businessLoanCents: cents.min(1).default(20_000),
      })
      .strict()
      .prefault({}),
  })
  .strict();

export type EconomyConfig = z.output<typeof EconomySchema>;
