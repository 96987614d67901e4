// Scenarios are JSON files validated by a schema. Unknown keys are errors (the prototype silently
// reset its whole config on a typo), and every error names the field and the problem.

import { z } from 'zod';
import { mapRowsProblem } from './world/terrain';
import { EconomySchema } from './economy/config';
import { ProductionSchema } from './production/config';
import { SocialSettingsSchema } from './social/config';

const positive = z.number().positive();
const unit = z.number().min(0).max(1);

export const ScenarioSchema = z
  .object({
    name: z.string().min(1).max(80),
    description: z.string().max(2000).default(''),
    seed: z.number().int().min(0).max(0xffffffff).default(1),
    agents: z.number().int().min(1).max(2_000_000).default(200),
    /** Simulated minutes per tick; must divide a day. */
    minutesPerTick: z
      .number()
      .int()
      .min(1)
      .max(1440)
      .refine((m) => 1440 % m === 0, 'must divide 1440 (a day)')
      .default(30),
    world: z
      .object({
        width: positive.max(100_000).default(100),
        height: positive.max(100_000).default(100),
      })
      .strict()
      .prefault({}),
    /** Radius within which agents see and talk to each other (world units). */
    socialRadius: positive.default(10),
    agent: z
      .object({
        minAge: z.number().min(0).max(120).default(20),
        maxAge: z.number().min(0).max(120).default(50),
        /** World units per tick. */
        speed: positive.max(1000).default(1),
        initialFood: z.number().int().min(0).default(10),
        initialMaterials: z.number().int().min(0).default(5),
        initialTools: z.number().int().min(0).default(1),
        initialEnergyItems: z.number().int().min(0).default(5),
        /** Cents. */
        initialCash: z.number().int().min(0).max(2_000_000_000).default(50_000),
        initialEnergy: unit.default(1),
        initialHappiness: unit.default(0.5),
        initialHealth: unit.default(1),
      })
      .strict()
      .refine((a) => a.minAge <= a.maxAge, { message: 'minAge must not exceed maxAge', path: ['minAge'] })
      .prefault({}),
    vitals: z
      .object({
        /** Energy lost per simulated day while awake. */
        energyDecayPerDay: z.number().min(0).default(0.25),
        /** Hunger gained per simulated day (0 = full, 1 = starving). */
        hungerPerDay: z.number().min(0).default(0.6),
        /** Hunger removed by eating one unit of food. */
        hungerPerFood: z.number().positive().default(0.35),
        /** Health lost per simulated day while starving (hunger at 1). */
        starvationHealthPerDay: z.number().min(0).default(0.35),
        /** Health regained per simulated day while fed and rested. */
        healthRecoveryPerDay: z.number().min(0).default(0.05),
        /** Energy regained per tick of rest. */
        restEnergyPerTick: z.number().min(0).default(0.05),
      })
      .strict()
      .prefault({}),
    actions: z
      .object({
        gatherTicks: z.number().int().min(1).default(2),
        restTicks: z.number().int().min(1).default(4),
        /** Ticks a meal (one unit of food, about half a day's) takes: an hour at 30-minute ticks. */
        eatTicks: z.number().int().min(1).default(2),
        gatherMin: z.number().int().min(0).default(1),
        gatherMax: z.number().int().min(0).default(3),
        moveEnergyPerTick: z.number().min(0).default(0.002),
        gatherEnergy: z.number().min(0).default(0.05),
      })
      .strict()
      .refine((a) => a.gatherMin <= a.gatherMax, { message: 'gatherMin must not exceed gatherMax', path: ['gatherMin'] })
      .prefault({}),
    /** LLM cognition (src/cognition/): throttles, memory and conversation limits. Used only when some agents have an LLM brain. */
    cognition: z
      .object({
        /** New agent decisions requested per tick at most (a batched request counts each agent). */
        thinksPerTick: z.number().int().min(0).max(100_000).default(8),
        /** Requests in flight at most. */
        maxInFlight: z.number().int().min(1).max(100_000).default(16),
        /** Agents decided by one request (similar agents are grouped). */
        batchSize: z.number().int().min(1).max(32).default(1),
        /** Ticks between two requests for the same agent unless something notable happens. */
        cooldownTicks: z.number().int().min(0).default(6),
        /** An answer not used within this many ticks is dropped as stale. */
        staleTicks: z.number().int().min(1).default(24),
        /** Output-token cap per decision (and the budget's reservation for it). */
        outputTokensPerDecision: z.number().int().min(16).max(8192).default(200),
        temperature: z.number().min(0).max(2).default(0.7),
        memoryPerAgent: z.number().int().min(4).max(10_000).default(64),
        memoryTotal: z.number().int().min(16).max(100_000_000).default(160_000),
        /** Importance gathered since the last reflection that triggers a new one. */
        reflectionThreshold: z.number().min(1).default(40),
        /** Turns of an LLM conversation at most, and ticks a turn may wait before the talk ends. */
        conversationTurns: z.number().int().min(1).max(20).default(4),
        conversationTimeoutTicks: z.number().int().min(1).default(6),
      })
      .strict()
      .prefault({}),
    /** The tile map, its places and resource nodes, and agent-made objects (src/society/world/). */
    map: z
      .object({
        /** World units per tile. Default: 1, or larger so that a generated map has at most 1024 tiles a side. */
        tileSize: positive.optional(),
        /** A hand-drawn map instead of a generated one: rows of terrain letters (g grass, f field, t forest, w water, s stone), row 0 at y = 0. */
        rows: z
          .array(z.string())
          .superRefine((rows, ctx) => {
            const problem = mapRowsProblem(rows);
            if (problem) ctx.addIssue({ code: 'custom', message: problem.message, path: problem.row >= 0 ? [problem.row] : [] });
          })
          .optional(),
        /** Shares of a generated map per terrain (the rest is grass). */
        water: z.number().min(0).max(0.6).default(0.08),
        forest: unit.default(0.18),
        stone: unit.default(0.05),
        field: unit.default(0.12),
        /** Size of generated terrain features (lakes, woods), in tiles. */
        featureTiles: positive.max(1000).default(10),
        /** People per home. */
        homeCapacity: z.number().int().min(1).max(100).default(4),
        /** Resource node stock (units) when full, and regrowth per simulated day, per square unit of land (a node covers one tile: tileSize² of it). */
        fieldFood: z.number().int().min(1).default(12),
        fieldRegrowPerDay: z.number().min(0).default(3),
        forestWood: z.number().int().min(1).default(20),
        forestRegrowPerDay: z.number().min(0).default(0.5),
        stoneBlocks: z.number().int().min(1).default(40),
        stoneRegrowPerDay: z.number().min(0).default(0.05),
        /** How near (world units) an agent must be to a node or workplace to use it. */
        reach: positive.default(1.5),
        /** Radius (world units) within which agents notice objects (the prototype's interaction_radius). */
        interactionRadius: positive.default(5),
        /** Materials an object and a building cost. */
        objectMaterials: z.number().int().min(0).default(1),
        buildingMaterials: z.number().int().min(0).default(10),
        /** The prototype's create_object effects. */
        createEnergy: z.number().min(0).max(1).default(0.1),
        createHappiness: z.number().min(0).max(1).default(0.1),
        maxObjects: z.number().int().min(0).default(50_000),
      })
      .strict()
      .refine((m) => m.water + m.forest + m.stone + m.field <= 1, { message: 'water + forest + stone + field must not exceed 1', path: ['water'] })
      .prefault({}),
    /** Markets, bank, treasury and the heuristic brain's money habits (src/society/economy/config.ts). */
    economy: EconomySchema.prefault({}),
    /** Professions, skills, work, firms, jobs and wages (src/society/production/config.ts). */
    production: ProductionSchema.prefault({}),
    /** Relationships, families, demography, inheritance and culture (src/society/social/config.ts). */
    social: SocialSettingsSchema.prefault({}),
    /** GPU systems (src/gpu/, used with --gpu auto|on). */
    gpu: z
      .object({
        /** GPU memory the systems may use; a larger world runs on the CPU (auto) or is refused (on). */
        memoryBudgetMiB: z.number().int().min(16).max(1_048_576).default(2048),
        /** Ticks `auto` times each way (after one warm-up tick) before keeping the faster. */
        probeTicks: z.number().int().min(1).max(100).default(3),
      })
      .strict()
      .prefault({}),
  })
  .strict()
  .superRefine((s, ctx) => {
    // A hand-drawn map must cover the world exactly with square tiles.
    const rows = s.map.rows;
    if (!rows || mapRowsProblem(rows)) return;
    const across = s.world.width / rows[0].length;
    const down = s.world.height / rows.length;
    if (Math.abs(across - down) > 1e-9 * Math.max(across, down)) {
      ctx.addIssue({
        code: 'custom',
        path: ['map', 'rows'],
        message: `a map of ${rows[0].length} x ${rows.length} tiles cannot cover a ${s.world.width} x ${s.world.height} world with square tiles (${across} x ${down} units each)`,
      });
    }
    if (s.map.tileSize !== undefined && Math.abs(s.map.tileSize - across) > 1e-9 * across) {
      ctx.addIssue({ code: 'custom', path: ['map', 'tileSize'], message: `tileSize ${s.map.tileSize} disagrees with the drawn map (${across} units per tile); leave it out` });
    }
  });

export type Scenario = z.output<typeof ScenarioSchema>;
export type ScenarioInput = z.input<typeof ScenarioSchema>;

export class ScenarioError extends Error {
  override readonly name = 'ScenarioError';
}

/** Validate parsed JSON as a scenario; throws ScenarioError naming the first bad field. */
export function parseScenario(data: unknown, source = 'scenario'): Scenario {
  const result = ScenarioSchema.safeParse(data);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const path = issue.path.length ? issue.path.join('.') : '(root)';
  const more = result.error.issues.length > 1 ? ` (and ${result.error.issues.length - 1} more problem${result.error.issues.length > 2 ? 's' : ''})` : '';
  throw new ScenarioError(`${source}: field "${path}": ${issue.message}${more}`);
}

/** Parse scenario JSON text; bad JSON is a ScenarioError too. */
export function parseScenarioText(text: string, source = 'scenario'): Scenario {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (err) {
    throw new ScenarioError(`${source}: not valid JSON: ${(err as Error).message}`);
  }
  return parseScenario(data, source);
}
