// Production tunables (scenario field "production"). Output ranges follow the prototype's demo
// role rules (farm work +3–8 food, a craftsman turns 2 materials into 1 tool, others +3–10).

import { z } from 'zod';

const hour = z.number().int().min(0).max(23);

export const ProductionSchema = z
  .object({
    /** Ticks in one work shift: the unit of a wage and of a recipe's output. */
    shiftTicks: z.number().int().min(1).max(1000).default(8),
    /**
     * Work started within working hours lasts until they end, paid and produced pro rata in shifts
     * (a day's work is one action; a decision after every four-hour shift was a tenth of the town's
     * tick). Off: every work action is one shift.
     */
    workUntilEndOfHours: z.boolean().default(true),
    /**
     * Working hours [start, end) and the night [start, end) (simulated clock hours). Sleepers wake
     * an hour before work: a longer idle morning was spent in hundreds of one-tick chats and errands
     * a tick, the dearest hours of the day (town: the night ending at 7 rather than 6 cut the tick's
     * CPU by 6%, the economy and families unchanged within noise).
     */
    workStartHour: hour.default(8),
    workEndHour: hour.default(18),
    nightStartHour: hour.default(22),
    nightEndHour: hour.default(7),
    /**
     * Who has no employer (children, the old, the jobless, the self-employed) sleeps until working
     * hours start, when they start within four hours of the night's end: their idle hour at dawn was
     * two decisions and a chat each (the town's whole-brain decisions fell from 84 to 60 a tick, with
     * half its adults working on their own).
     */
    sleepInUntilWork: z.boolean().default(true),
    /** Jobs the initial firms offer per inhabitant. */
    jobsPerCapita: z.number().min(0).max(2).default(0.8),
    /** Most employees one firm takes. */
    firmSize: z.number().int().min(1).max(1000).default(8),
    /** Cash each initial firm starts with, in days of its full payroll (part of the initial money). */
    firmCapitalDays: z.number().min(0).max(10_000).default(20),
    /** Starting wage per shift as a share of the value a shift adds at base prices, and its floor (cents). */
    wageShare: z.number().min(0).max(2).default(0.6),
    minWageCents: z.number().int().min(0).default(150),
    /** A firm hires while its cash covers this many days of its payroll, and lays off below `layoffDays`. */
    hireReserveDays: z.number().min(0).default(6),
    layoffReserveDays: z.number().min(0).default(2),
    /**
     * The share of its staff's work over the last few days that found nothing to work on (bare fields
     * or forest, no inputs): above `layoffLackAbove` a firm has more hands than work and lets its
     * newest go (one a day); it hires only below `hireLackBelow`.
     */
    layoffLackAbove: z.number().min(0).max(1).default(0.5),
    hireLackBelow: z.number().min(0).max(1).default(0.25),
    /** Each day a firm shares `dividendShare` of its cash above `dividendReserveDays` of payroll among its workers (ours). */
    dividendReserveDays: z.number().min(0).default(20),
    dividendShare: z.number().min(0).max(1).default(0.2),
    /** Skill gained per shift of practice is skillGain × (1 − skill): fast at first, slower later. */
    skillGain: z.number().min(0).max(1).default(0.02),
    /** Initial skill in one's own profession's craft, and in the others. */
    initialSkill: z.number().min(0).max(1).default(0.3),
    otherSkill: z.number().min(0).max(1).default(0.05),
    /** Energy one shift costs. */
    workEnergy: z.number().min(0).max(1).default(0.08),
    /** Output bonus for a worker holding a tool, and the chance per shift that the tool breaks. */
    toolBonus: z.number().min(0).max(5).default(0.25),
    toolBreakChance: z.number().min(0).max(1).default(0.05),
    /** How far (world units) around a workplace its workers reach resource nodes. */
    workRadius: z.number().positive().default(6),
    /**
     * A worker whose walk from home to work would take longer than this many ticks lodges at the
     * workplace: sleeps and spends the evenings there instead of walking home (farmhands on a far
     * farm). 0 turns lodging off.
     */
    lodgeCommuteTicks: z.number().min(0).default(8),
    /** Happiness from using up one unit of luxury or services. */
    enjoyHappiness: z.number().min(0).max(1).default(0.08),
    /**
     * Ticks that enjoying a comfort or studying takes (two hours at 30-minute ticks): an evening out
     * or an evening's reading, not a minute's. With one hour, evenings were a run of one-tick
     * purchases and uses, each a decision.
     */
    leisureTicks: z.number().int().min(1).max(48).default(4),
    /**
     * Units of a comfort (services, knowledge, luxury) a heuristic agent buys on one trip, as far as
     * its spare cash goes: enough for two evenings (an evening holds two uses) rather than a purchase
     * every evening. With 2 the town bought 51 times a tick, with 4 37, for the same units.
     */
    comfortLot: z.number().int().min(1).max(100).default(4),
    /**
     * Homes burn energy (the mills' output): each adult uses a unit every this many days, and one
     * with none has a cold day, losing `coldHappiness`. 0 turns it off.
     */
    homeEnergyEveryDays: z.number().int().min(0).max(365).default(2),
    coldHappiness: z.number().min(0).max(1).default(0.03),
  })
  .strict();

export type ProductionConfig = z.output<typeof ProductionSchema>;
