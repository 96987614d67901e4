// Tunables of social life, families, demography, inheritance and culture (the scenario's "social"
// section). Defaults keep the prototype's constants. The prototype's step is read as one simulated
// day (its GPU kernels age agents by 1/365 per step), so its per-step chances are per-day chances here,
// applied by systems that run once a day; faster rules (proximity) say their cadence explicitly.

import { z } from 'zod';

const unit = z.number().min(0).max(1);
const rate = z.number().min(0);

export const INHERITANCE_RULES = ['drawn', 'primogeniture', 'equal', 'patrilineal', 'merit'] as const;
export type InheritanceRule = (typeof INHERITANCE_RULES)[number];

export const SocialSettingsSchema = z
  .object({
    /** Age (years) from which an agent is an adult: works, trades, marries. */
    adultAge: z.number().min(0).max(120).default(18),
    relationships: z
      .object({
        /** Edges an agent keeps; the weakest non-kin edge is evicted for a stronger newcomer. */
        maxPerAgent: z.number().int().min(1).max(10_000).default(50),
        /** The prototype's MAX_INTERACTIONS_PER_STEP: social interactions an agent takes part in per tick. */
        maxInteractionsPerTick: z.number().int().min(1).max(255).default(10),
        /**
         * Ticks between an agent's proximity passes: 48 is once a day at 30-minute ticks, as the
         * prototype ran its rule once a step (about a day).
         */
        proximityEveryTicks: z.number().int().min(1).default(48),
        /**
         * The hours of the day that hold proximity passes, [from, to): each agent's falls at a time set
         * by its id, spread evenly over them, and again every proximityEveryTicks before or after it
         * within them. Waking hours (the production plugin's night is 22 to 7): sleepers notice
         * nobody, so a pass at night was lost.
         */
        proximityHours: z
          .object({ from: z.number().min(0).max(24).default(7), to: z.number().min(0).max(24).default(22) })
          .strict()
          .prefault({}),
        proximityInitial: unit.default(0.1),
        proximityGain: unit.default(0.01),
        /** Chance per proximity pass that a nearby stranger becomes an acquaintance (the prototype's GPU rule: 0.1 × effect). */
        proximityMeetChance: unit.default(0.1),
        talkInitial: unit.default(0.2),
        talkGain: unit.default(0.1),
        tradeGain: unit.default(0.05),
        familyGain: unit.default(0.05),
        conflictLoss: unit.default(0.2),
        /** Non-kin strengths shrink by this fraction per simulated day. */
        decayPerDay: unit.default(0.05),
        /** A non-kin pair whose strengths both fall below this is forgotten. */
        forgetBelow: unit.default(0.05),
        friendAt: unit.default(0.5),
        friendUntil: unit.default(0.3),
        /** Two single adults this close become partners (courting). */
        partnerAt: unit.default(0.6),
      })
      .strict()
      .prefault({}),
    reputation: z
      .object({
        initial: unit.default(0.5),
        fairTrade: unit.default(0.002),
        loanDefault: unit.default(0.1),
        help: unit.default(0.01),
      })
      .strict()
      .prefault({}),
    marriage: z
      .object({
        /** Per pair check per day (prototype: 0.001 per step). */
        pairCheckChance: unit.default(0.001),
        /** Singles considered as proposers per day (prototype: 21 per step). */
        candidatesPerDay: z.number().int().min(0).default(21),
        threshold: unit.default(0.5),
        base: unit.default(0.5),
        /** Age gap ≤ 5 years. */
        closeAgeBonus: unit.default(0.2),
        /** Age gap ≤ 10 years. */
        nearAgeBonus: unit.default(0.1),
        sameCultureBonus: unit.default(0.15),
        noise: unit.default(0.15),
        /** Strength the proposer must feel for a propose_marriage action. */
        proposalMinStrength: unit.default(0.3),
      })
      .strict()
      .prefault({}),
    reproduction: z
      .object({
        minAge: z.number().min(0).default(20),
        maxAge: z.number().min(0).default(45),
        minHealthSum: z.number().min(0).max(2).default(1),
        /** Per eligible couple per day (prototype: 0.005 per step). */
        chancePerDay: unit.default(0.003),
        /** Child cap = floor(preferredChildren × U(1 − jitter, 1 + jitter)) (prototype: 3, ±20%). */
        preferredChildren: z.number().min(0).default(3),
        jitter: unit.default(0.2),
        maxBirthsPerDay: z.number().int().min(0).default(6),
        /** Chance that a child's trait and profession are drawn afresh instead of inherited. */
        mutation: unit.default(0.1),
      })
      .strict()
      .prefault({}),
    death: z
      .object({
        /** Gompertz old-age hazard per year: base × exp(growth × age) (≈0.6% at 30, 8% at 80... see docs). */
        hazardBase: rate.default(0.00003),
        hazardGrowth: rate.default(0.09),
        /** Happiness a death takes from a close survivor, times the bond's strength. */
        griefLoss: unit.default(0.2),
        /** Bonds at least this strong (and all kin) grieve. */
        griefAt: unit.default(0.5),
      })
      .strict()
      .prefault({}),
    inheritance: z
      .object({
        /** "drawn" picks a rule per death with the prototype's weights below. */
        rule: z.enum(INHERITANCE_RULES).default('drawn'),
        weights: z
          .object({ primogeniture: rate.default(0.5), equal: rate.default(0.3), patrilineal: rate.default(0.15), merit: rate.default(0.05) })
          .strict()
          .prefault({}),
        /** Primogeniture: the eldest's share when there are younger children (the rest split equally). */
        eldestShare: unit.default(0.6),
      })
      .strict()
      .prefault({}),
    household: z
      .object({
        /** Fraction of the way each member's cash moves toward the household mean once a day (0 = no pooling). */
        poolingPerDay: unit.default(0.25),
        /** Fraction of the way each member's food moves toward the household mean once a day (a shared larder). */
        foodPoolingPerDay: unit.default(0.5),
        /** The same for the adults' energy (a shared hearth: homes burn it, see the production plugin). */
        energyPoolingPerDay: unit.default(0.5),
        /** Cash (cents) under which a family member is "in need" for the heuristic brain. */
        needCents: z.number().int().min(0).default(2000),
      })
      .strict()
      .prefault({}),
    culture: z
      .object({
        /** Culture passes run every this many simulated hours. */
        everyHours: z.number().int().min(1).default(24),
        /** Radius of the social-influence kernel (prototype 50 on a 1000-wide map). */
        interactionRadius: z.number().positive().default(10),
        /** Radius of cultural broadcasts (prototype 100 on a 1000-wide map). */
        influenceRadius: z.number().positive().default(20),
        /** Messages an agent reads per pass (MAX_INTERACTIONS_PER_STEP). */
        maxMessages: z.number().int().min(1).max(255).default(10),
        otherGroupFactor: unit.default(0.3),
        happinessGain: unit.default(0.05),
        reputationGain: unit.default(0.02),
        affinityGain: unit.default(0.01),
        strengthFactor: unit.default(0.5),
        broadcastMin: unit.default(0.1),
        shift: unit.default(0.02),
        switchThreshold: unit.default(0.4),
      })
      .strict()
      .prefault({}),
  })
  .strict();

export type SocialSettings = z.output<typeof SocialSettingsSchema>;
