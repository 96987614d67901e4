// The village with the heuristic brain for ten simulated years: the yearly demographic and economic
// trajectory (population, births, deaths by cause, marriages, households, generations present, money,
// mean happiness; trades and loans issued in the year, the food reference price, the mean wage per
// shift, the self-employment and unemployment rates at year end) and the conservation check. The default settings must keep the population from
// exploding or dying out. Usage: npx tsx scripts/bench/decade.ts [--years N] [--agents N] [--seed N] [--no-social-brain]

import { loadScenario } from '../../src/persistence/scenario-files';
import { Vitals } from '../../src/society/components';
import { createSociety } from '../../src/society/create';
import { LedgerKey } from '../../src/society/economy/ledger';
import { HeuristicContributors } from '../../src/society/core/heuristic-brain';
import { Kin } from '../../src/society/social/components';
import { socialNeeds } from '../../src/society/social/social-brain';
import { Families } from '../../src/society/social/family-registry';
import { BankKey } from '../../src/society/economy/bank';
import { MarketsKey } from '../../src/society/economy/markets';
import { Metrics } from '../../src/society/metrics/metrics';

const arg = (name: string, fallback: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
};
const years = arg('years', 10);
const scenario = loadScenario('village');
const world = createSociety(scenario, { agents: arg('agents', scenario.agents), seed: arg('seed', scenario.seed) });
const ledger = world.resource(LedgerKey);
// --no-social-brain: the same village without the social heuristic contributor (to see what it changes).
if (process.argv.includes('--no-social-brain')) {
  const list = world.resource(HeuristicContributors);
  list.splice(list.indexOf(socialNeeds), 1);
}

const causes: Record<string, number> = {};
world.events.on('death', (e) => (causes[e.cause] = (causes[e.cause] ?? 0) + 1));

const header = ['year', 'pop', 'kids', 'births', 'deaths', 'old_age', 'starve', 'health', 'marr', 'married%', 'hholds', 'gens', 'money', 'cash', 'happy', 'trades', 'loans', 'food¢', 'wage¢', 'self%', 'unemp%', 'disc', 's/yr'];
console.log(`village: ${world.entities.count} agents, seed ${world.seed}, ${years} years (node ${process.version})`);
console.log(header.map((h) => h.padStart(8)).join(''));
let prev = { births: 0, deaths: 0, marriages: 0, trades: 0, loans: 0 };
let prevCauses: Record<string, number> = {};
const t0 = performance.now();
for (let y = 1; y <= years; y++) {
  const ty = performance.now();
  world.run(world.clock.ticksPerYear);
  const alive = world.entities.alive();
  const v = world.store(Vitals);
  const kin = world.store(Kin);
  let kids = 0;
  let happy = 0;
  let married = 0;
  const gens = new Set<number>();
  for (const e of alive) {
    if (v.age[e] < scenario.social.adultAge) kids++;
    happy += v.happiness[e];
    married += kin.married[e];
    gens.add(kin.generation[e]);
  }
  const now = { births: world.events.count('birth'), deaths: world.events.count('death'), marriages: world.events.count('marriage'), trades: world.events.count('trade'), loans: world.resource(BankKey).stats.loansIssued };
  const latest = world.resource(Metrics).latest();
  const d = (k: string) => (causes[k] ?? 0) - (prevCauses[k] ?? 0);
  let cash = 0;
  for (const e of alive) cash += ledger.balance(world, e);
  const row = [
    y,
    alive.length,
    kids,
    now.births - prev.births,
    now.deaths - prev.deaths,
    d('old_age'),
    d('starvation'),
    d('health'),
    now.marriages - prev.marriages,
    ((100 * married) / Math.max(1, alive.length)).toFixed(0),
    world.resource(Families).households.size,
    gens.size,
    (ledger.totalMoney(world) / 100).toFixed(0),
    (cash / 100).toFixed(0),
    (happy / Math.max(1, alive.length)).toFixed(2),
    now.trades - prev.trades,
    now.loans - prev.loans,
    world.resource(MarketsKey).reference('food').toFixed(0),
    (latest.meanWageCents ?? 0).toFixed(0),
    (100 * (latest.selfEmploymentRate ?? 0)).toFixed(0),
    (100 * (latest.unemploymentRate ?? 0)).toFixed(0),
    ledger.discrepancy(world),
    ((performance.now() - ty) / 1000).toFixed(1),
  ];
  console.log(row.map((c) => String(c).padStart(8)).join(''));
  prev = now;
  prevCauses = { ...causes };
  if (alive.length === 0) break;
}
console.log(`total ${((performance.now() - t0) / 1000).toFixed(0)} s; money and cash in currency units (cents / 100); disc = ledger discrepancy in cents (must be 0)`);
