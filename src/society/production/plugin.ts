// The production plugin: skills, work, firms, jobs and wages on top of the world map. Firms sell
// through the markets (submitOrder) and pay wages through the treasury (payWage withholds income
// tax), so install after the world, treasury and markets plugins.

import type { Plugin, System } from '../../engine/schedule';
import type { World } from '../../engine/world';
import { Actions } from '../actions';
import { Identity, Inventory, Vitals } from '../components';
import { WakeHourKey } from '../core/basic-actions';
import { ScenarioConfig } from '../core/config';
import { HeuristicContributors, HeuristicRoutines } from '../core/heuristic-brain';
import { LedgerKey } from '../economy/ledger';
import { MetricCollectors } from '../metrics/metrics';
import { BASE_PRICE_CENTS, GOODS } from '../resources';
import { promptContributors } from '../prompt-contributors';
import type { Scenario } from '../scenario';
import { savedSection } from '../saved-sections';
import { PlacesKey } from '../world/places';
import { isAdult } from '../social/components';
import { firmSystem, foundFirms } from './firm-system';
import { coldAdultsToday, homeEnergySystem } from './home-energy-system';
import { dayOf, Employment, employerOf, Firms, FirmsKey, SELF_EMPLOYED_WITHIN_DAYS } from './firms';
import { workingLife, workingRoutine } from './heuristic';
import { ProductionLog, ProductionLogKey } from './output';
import { PROFESSION_RECIPE, RECIPES, SKILLS, Skills } from './professions';
import { gather, PRODUCTION_ACTIONS } from './work-actions';

export function productionPlugin(scenario: Scenario): Plugin {
  return {
    name: 'production',
    dependsOn: ['world', 'treasury', 'markets'],
    build(world: World) {
      world.register(Skills);
      world.register(Employment);
      const firms = new Firms();
      world.setResource(FirmsKey, firms);
      world.setResource(WakeHourKey, wakeHour);
      world.addState(firms);
      const log = new ProductionLog();
      world.setResource(ProductionLogKey, log);
      world.addState(log);
      // A loaded world's firms, their places, accounts and capital come from its file.
      if (savedSection(world, firms.name) === undefined) foundFirms(world, scenario);

      const actions = world.resource(Actions);
      actions.replace(gather);
      for (const def of PRODUCTION_ACTIONS) actions.add(def);
      world.resource(HeuristicContributors).push(workingLife);
      world.resource(HeuristicRoutines).push(workingRoutine);

      promptContributors(world).push({ section: 'work', contribute: describeWork });

      world.addSystem(skillsSetupSystem);
      world.addSystem(firmSystem);
      world.addSystem(homeEnergySystem);
      world.resource(MetricCollectors).push(productionMetrics);
    },
  };
}

/** The alive list's version at each world's last skills pass. */
const setUpAt = new WeakMap<World, number>();

/**
 * Input phase: anyone whose own craft's skill is still 0 (never set: practice only raises skills)
 * gets the starting skills: `initialSkill` in their profession's craft, `otherSkill` in the rest,
 * each ±0.05 from the "skills" stream. Covers the initial population and every newcomer.
 */
export const skillsSetupSystem: System = {
  name: 'skills-setup',
  phase: 'input',
  run(world: World) {
    // Only a new or reloaded slot can hold a 0 skill (a spawn clears its components), and either one
    // moves the alive list's version on: with none since the last pass, nobody needs setting up.
    const version = world.entities.version;
    if (setUpAt.get(world) === version) return;
    setUpAt.set(world, version);
    const cfg = world.resource(ScenarioConfig).production;
    const s = world.store(Skills);
    const ownCraft = PROFESSION_RECIPE.map((r) => s[RECIPES[r].skill]);
    const profession = world.store(Identity).profession;
    const alive = world.entities.alive();
    for (let i = 0; i < alive.length; i++) {
      const eid = alive[i];
      if (ownCraft[profession[eid]][eid] !== 0) continue;
      const own = RECIPES[PROFESSION_RECIPE[profession[eid]]].skill;
      const rng = world.stream('skills');
      for (const skill of SKILLS) s[skill][eid] = Math.max(0.001, (skill === own ? cfg.initialSkill : cfg.otherSkill) + rng.range(-0.05, 0.05));
    }
  },
};

/** Who has no employer wakes when working hours start (see `sleepInUntilWork`), everyone else at the night's end. */
function wakeHour(world: World, eid: number): number {
  const pc = world.resource(ScenarioConfig).production;
  const gap = (pc.workStartHour - pc.nightEndHour + 24) % 24;
  return pc.sleepInUntilWork && gap > 0 && gap <= 4 && employerOf(world, eid) < 0 ? pc.workStartHour : pc.nightEndHour;
}

export function productionMetrics(world: World): Record<string, number> {
  const alive = world.entities.alive();
  const { firm: firmOf, ownShiftDay } = world.store(Employment);
  const age = world.store(Vitals).age;
  // An own-account shift counts for a week: most of the self-employed work most days, but a day of
  // foraging or illness does not make them jobless.
  const ownSince = dayOf(world) + 1 - SELF_EMPLOYED_WITHIN_DAYS;
  const energy = world.store(Inventory).energy;
  const adultAge = world.resource(ScenarioConfig).social.adultAge;
  let withoutEnergy = 0;
  let employed = 0;
  let selfEmployed = 0;
  let labour = 0;
  let employedInLabour = 0;
  let selfEmployedInLabour = 0;
  for (let i = 0; i < alive.length; i++) {
    const eid = alive[i];
    const working = firmOf[eid] > 0;
    const own = !working && ownShiftDay[eid] > 0 && ownShiftDay[eid] >= ownSince;
    if (working) employed++;
    if (own) selfEmployed++;
    if (age[eid] >= 18 && age[eid] < 65) {
      labour++;
      if (working) employedInLabour++;
      if (own) selfEmployedInLabour++;
    }
    if (energy[eid] < 1 && age[eid] >= adultAge) withoutEnergy++;
  }
  const firms = world.resource(FirmsKey).all();
  const ledger = world.resource(LedgerKey);
  let openings = 0;
  let firmCash = 0;
  let wages = 0;
  for (const f of firms) {
    openings += f.openings;
    firmCash += ledger.balance(world, f.account);
    wages += f.wageCents;
  }
  const log = world.resource(ProductionLogKey);
  const row: Record<string, number> = {
    employed,
    selfEmployed,
    unemployed: labour - employedInLabour - selfEmployedInLabour,
    employmentRate: labour > 0 ? (employedInLabour + selfEmployedInLabour) / labour : 0,
    selfEmploymentRate: labour > 0 ? selfEmployedInLabour / labour : 0,
    unemploymentRate: labour > 0 ? (labour - employedInLabour - selfEmployedInLabour) / labour : 0,
    firms: firms.length,
    jobOpenings: openings,
    firmCashCents: firmCash,
    meanWageCents: firms.length > 0 ? wages / firms.length : 0,
    adultsWithoutEnergy: withoutEnergy,
    coldAdults: coldAdultsToday(world),
  };
  let gdp = 0;
  GOODS.forEach((g, i) => {
    const made = log.made[i] - log.madeAtLastRow[i];
    row[`made_${g}`] = made;
    gdp += made * BASE_PRICE_CENTS[g];
  });
  row.gdpCents = gdp;
  row.wagesPaidCents = log.counters.wagesPaidCents - log.countersAtLastRow.wagesPaidCents;
  row.shiftsWorked = log.counters.shifts - log.countersAtLastRow.shifts;
  log.madeAtLastRow = log.made.slice();
  log.countersAtLastRow = { ...log.counters };
  return row;
}

/** Prompt lines: the agent's job (or the openings), and its skills. */
export function describeWork(world: World, eid: number, out: string[]): void {
  const firms = world.resource(FirmsKey);
  const firm = firms.get(employerOf(world, eid));
  if (firm) {
    const place = world.resource(PlacesKey).get(firm.place)!;
    out.push(`You work at ${place.name} at (${place.x.toFixed(1)}, ${place.y.toFixed(1)}) for ${(firm.wageCents / 100).toFixed(2)} a shift (before tax); ${world.store(Employment).shifts[eid]} shifts so far.`);
  } else {
    out.push(firms.totalOpenings > 0 ? `You have no job; firms have ${firms.totalOpenings} openings (apply_for_job).` : 'You have no job and nobody is hiring: work on your own in your profession.');
  }
  const s = world.store(Skills);
  out.push(`Your skills: ${SKILLS.map((k) => `${k} ${s[k][eid].toFixed(2)}`).join(', ')}.`);
  const every = world.resource(ScenarioConfig).production.homeEnergyEveryDays;
  if (every > 0 && isAdult(world, eid)) {
    out.push(`Your home burns a unit of energy every ${every === 1 ? 'day' : `${every} days`}; you hold ${world.store(Inventory).energy[eid]} (without any, a cold day costs you happiness; mills sell it on the market).`);
  }
}
