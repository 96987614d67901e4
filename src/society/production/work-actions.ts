// The actions of working life: work a shift (at one's employer's workplace, or on one's own in
// one's profession), gather from a resource node (the prototype's gather_resources), look for a
// job, quit, enjoy a luxury or a service, study.

import { z } from 'zod';
import type { World } from '../../engine/world';
import { defineAction, isIntIn, noArgs, ownKeyCount, type ActionDef } from '../actions';
import { Action, Identity, Inventory, Position, Vitals, Wallet } from '../components';
import { ScenarioConfig } from '../core/config';
import { LedgerKey, type Holder } from '../economy/ledger';
import { StockKey } from '../economy/stock';
import { payWage } from '../economy/treasury';
import { MapKey } from '../world/map';
import { round } from '../world/navigation';
import { NODE_GOOD, NODE_KINDS, NodesKey, type ResourceNodes } from '../world/nodes';
import { PlacesKey, type Places } from '../world/places';
import { inHours } from '../core/basic-actions';
import { dayOf, Employment, employerOf, FirmsKey, hire, leaveJob, type Firm } from './firms';
import { isAdult } from '../social/components';
import { ProductionLogKey } from './output';

/** Children (below the social adult age) do not work or take jobs; they may still forage. */
const CHILD = 'children do not work';
// Brief refusals (the heuristic only asks whether): no numbers formatted.
const TOO_TIRED = 'too tired to work';
const NOT_THERE = 'not at the workplace';
const NO_NODE = 'nothing to work on within reach';
import { PROFESSION_RECIPE, practice, RECIPES, skillFactor, Skills, type Recipe } from './professions';

/** Where an agent works and with what (see workSite). */
export interface WorkSite {
  firm: Firm | undefined;
  recipe: Recipe;
  holder: Holder;
  x: number;
  y: number;
  radius: number;
}

// One site, refilled by every call: work is judged and done by hundreds of agents a tick, and each
// caller reads the site at once (an object per call was a tenth of a tick's garbage).
const shared: WorkSite = { firm: undefined, recipe: RECIPES[0], holder: 0, x: 0, y: 0, radius: 0 };

/**
 * Where the agent works and with what: its employer's firm and workplace, or itself where it stands.
 * The result is shared and overwritten by the next call: read it at once.
 */
export function workSite(world: World, eid: number): Readonly<WorkSite> {
  const firmId = employerOf(world, eid);
  const firm = firmId >= 0 ? world.resource(FirmsKey).get(firmId) : undefined;
  const cfg = world.resource(ScenarioConfig);
  if (firm) {
    const place = world.resource(PlacesKey).get(firm.place)!;
    shared.firm = firm;
    shared.recipe = RECIPES[firm.recipe];
    shared.holder = firm.account;
    shared.x = place.x;
    shared.y = place.y;
    shared.radius = cfg.production.workRadius;
  } else {
    const p = world.store(Position);
    shared.firm = undefined;
    shared.recipe = RECIPES[PROFESSION_RECIPE[world.store(Identity).profession[eid]]];
    shared.holder = eid;
    shared.x = p.x[eid];
    shared.y = p.y[eid];
    shared.radius = cfg.map.reach;
  }
  return shared;
}

/**
 * Take up to `want` units from the fullest nodes of a kind around (x, y); returns what was taken.
 * `fixedSite`: (x, y) is a place that never moves (a firm's), so its list of nodes is kept.
 */
export function takeFromNodes(nodes: ResourceNodes, kind: number, x: number, y: number, radius: number, want: number, fixedSite = false): number {
  // Fullest first (lowest id on a tie: `within` lists by id), picked one at a time: the fullest
  // usually covers the shift, so sorting the work radius's dozens of nodes was wasted.
  const around = fixedSite ? nodes.withinPlace(kind, x, y, radius) : nodes.within(kind, x, y, radius, aroundScratch);
  const stock = nodes.stock;
  let got = 0;
  while (got < want) {
    // No list of nodes already taken from: each either covered the rest of the shift or was left
    // with less than a unit, which ends the walk below whenever it is the fullest again.
    let best = -1;
    let most = -Infinity; // stock[best], kept: a firm's list is dozens of nodes, scanned per worker
    for (let i = 0; i < around.length; i++) {
      const s = stock[around[i]];
      if (s > most) {
        best = around[i];
        most = s;
      }
    }
    // The fullest left has no whole unit: neither has any other (picking them one by one was
    // quadratic on a bare field, for nothing).
    if (best < 0 || nodes.available(best) < 1) break;
    got += nodes.take(best, want - got);
  }
  return got;
}

const aroundScratch: number[] = [];

/**
 * Whether a firm's workers have something to work on now: nodes with a unit left around its
 * workplace, or a unit's worth of its input in stock. Bare fields stay bare until the next day's
 * regrowth, so a worker who finds none has no work for the rest of the day.
 */
export function firmCanWork(world: World, firm: Firm): boolean {
  const r = RECIPES[firm.recipe];
  if (r.node >= 0) {
    const place = world.resource(PlacesKey).get(firm.place)!;
    if (!world.resource(NodesKey).anyWithinPlace(r.node, place.x, place.y, world.resource(ScenarioConfig).production.workRadius, 1)) return false;
  }
  return !r.input || world.resource(StockKey).amount(world, firm.account, r.input.good) >= r.input.perUnit;
}

export const work = defineAction({
  name: 'work',
  description: 'work until the end of working hours (one shift outside them): at your employer\'s workplace (be there), or on your own in your profession (farmers on a field, gatherers at a forest or stone, crafters need 2 materials per tool): {"type":"work"}',
  args: noArgs,
  validate(world, eid, _args, brief) {
    if (!isAdult(world, eid)) return CHILD;
    const cfg = world.resource(ScenarioConfig).production;
    if (world.store(Vitals).energy[eid] < cfg.workEnergy) return brief ? TOO_TIRED : `too tired to work (energy below ${cfg.workEnergy})`;
    const site = workSite(world, eid);
    if (site.firm) {
      const p = world.store(Position);
      const dx = p.x[eid] - site.x;
      const dy = p.y[eid] - site.y;
      const reach = world.resource(ScenarioConfig).map.reach;
      if (dx * dx + dy * dy > reach * reach) return brief ? NOT_THERE : `you work at ${site.firm.kind} ${site.firm.id} at (${round(site.x)}, ${round(site.y)}), ${round(Math.hypot(dx, dy))} units away: move_to it first`;
    }
    const r = site.recipe;
    const nodes = world.resource(NodesKey);
    if (r.node >= 0 && !(site.firm ? nodes.anyWithinPlace(r.node, site.x, site.y, site.radius, 1) : nodes.anyWithin(r.node, site.x, site.y, site.radius, 1))) {
      if (brief) return NO_NODE;
      return site.firm ? `the ${NODE_KINDS[r.node]}s around the ${site.firm.kind} are bare; they regrow by the day` : `${r.kind} work needs a ${NODE_KINDS[r.node]} within reach`;
    }
    if (r.input && world.resource(StockKey).amount(world, site.holder, r.input.good) < r.input.perUnit) {
      return `${site.firm ? `the ${r.kind}` : 'you'} need${site.firm ? 's' : ''} ${r.input.perUnit} ${r.input.good} to make one unit of ${r.good}`;
    }
    return null;
  },
  start(world, eid) {
    const ticks = workTicks(world);
    world.store(Action).remaining[eid] = ticks;
    world.store(Employment).workTicks[eid] = ticks;
  },
  complete(world, eid) {
    const shiftTicks = world.resource(ScenarioConfig).production.shiftTicks;
    workShift(world, eid, (world.store(Employment).workTicks[eid] || shiftTicks) / shiftTicks);
  },
});

/** How long work started now lasts: to the end of working hours when started within them, else one shift. */
export function workTicks(world: World): number {
  const cfg = world.resource(ScenarioConfig).production;
  if (!cfg.workUntilEndOfHours || !inHours(world.clock.hour(), cfg.workStartHour, cfg.workEndHour)) return cfg.shiftTicks;
  return world.clock.ticksUntilHour(cfg.workEndHour);
}

/**
 * Finished work of `shifts` shifts (pro rata: a day from eight to six is two and a half): output
 * (skill, tools, nodes and inputs permitting), practice, energy and the wage. Work that ran out (the
 * nodes bare, the inputs used up) tires, teaches and pays only for the share of it done.
 */
export function workShift(world: World, eid: number, shifts = 1): number {
  const cfg = world.resource(ScenarioConfig).production;
  // Into locals: stock and wage calls come between the reads.
  const { firm, recipe: r, holder, x, y, radius } = workSite(world, eid);
  const rng = world.stream('work');
  const skills = world.store(Skills)[r.skill];
  const stock = world.resource(StockKey);
  let amount = rng.intBetween(r.min, r.max) * skillFactor(skills[eid]) * shifts;
  if (world.store(Inventory).tools[eid] > 0) {
    amount *= 1 + cfg.toolBonus;
    if (rng.chance(1 - (1 - cfg.toolBreakChance) ** shifts)) stock.consume(world, eid, 'tools', 1, 'worn out');
  }
  const planned = Math.floor(amount + rng.float()); // unbiased rounding
  let units = planned;
  if (r.node >= 0) units = takeFromNodes(world.resource(NodesKey), r.node, x, y, radius, units, firm !== undefined);
  if (r.input) {
    units = Math.min(units, Math.floor(stock.amount(world, holder, r.input.good) / r.input.perUnit));
    stock.consume(world, holder, r.input.good, units * r.input.perUnit, r.kind);
  }
  const log = world.resource(ProductionLogKey);
  if (units > 0) {
    stock.produce(world, holder, r.good, units, 'work');
    log.record(r.good, units);
  }
  const done = planned > 0 ? (shifts * units) / planned : shifts;
  skills[eid] = practice(skills[eid], 1 - (1 - cfg.skillGain) ** done);
  const v = world.store(Vitals);
  v.energy[eid] = Math.max(0, v.energy[eid] - cfg.workEnergy * done);
  const counted = Math.round(done);
  log.counters.shifts += counted;
  if (firm) {
    firm.workedMilli += Math.round(done * 1000);
    firm.shortMilli += Math.round((shifts - done) * 1000);
    world.store(Employment).shifts[eid] += counted;
    const wage = Math.round(firm.wageCents * done);
    const net = payWage(world, firm.account, eid, wage);
    if (net === null) {
      log.counters.unpaidShifts++;
      leaveJob(world, eid, 'unpaid');
    } else {
      log.counters.wagesPaidCents += wage;
    }
  } else {
    world.store(Employment).ownShiftDay[eid] = dayOf(world) + 1;
  }
  return units;
}

const GATHER_HINT_RANGE = 40;

const GATHERABLE = ['food', 'materials', 'wood', 'stone', 'any'] as const;

const GATHER_KINDS: Record<string, readonly number[]> = { food: [0], materials: [1, 2], wood: [1], stone: [2], any: [0, 1, 2] };

/** The fullest node of the wanted kinds within reach of the agent, or -1. */
function nodeInReach(world: World, eid: number, resource: string): number {
  const p = world.store(Position);
  return world.resource(NodesKey).fullestWithin(GATHER_KINDS[resource], p.x[eid], p.y[eid], world.resource(ScenarioConfig).map.reach, 1);
}

function gatherDef(name: string, description: string): ActionDef {
  return defineAction({
    name,
    description,
    args: z.object({ resource: z.enum(GATHERABLE).default('any') }).strict(),
    quickArgs: (r) => {
      const n = ownKeyCount(r);
      if (n === 1) return { resource: 'any' as const };
      return n === 2 && GATHERABLE.includes(r.resource as (typeof GATHERABLE)[number]) ? { resource: r.resource as (typeof GATHERABLE)[number] } : undefined;
    },
    validate(world, eid, { resource }, brief) {
      const cfg = world.resource(ScenarioConfig).actions;
      if (world.store(Vitals).energy[eid] < cfg.gatherEnergy) return `too tired to gather (energy below ${cfg.gatherEnergy})`;
      if (nodeInReach(world, eid, resource) >= 0) return null;
      if (brief) return 'nothing to gather within reach';
      const p = world.store(Position);
      const nodes = world.resource(NodesKey);
      // The hint looks only so far: brains propose gathering often, and an unbounded search per refusal was a hot spot.
      const hints = GATHER_KINDS[resource].map((k) => {
        const n = nodes.nearest(k, p.x[eid], p.y[eid], 1, GATHER_HINT_RANGE);
        return n < 0 ? `no ${NODE_KINDS[k]} with any left within ${GATHER_HINT_RANGE} units` : `nearest ${NODE_KINDS[k]} at (${round(nodes.x(n))}, ${round(nodes.y(n))})`;
      });
      return `nothing to gather within reach: stand on or next to a field (food), forest or stone (materials); ${hints.join('; ')}`;
    },
    start(world, eid, { resource }) {
      const nodes = world.resource(NodesKey);
      const n = nodeInReach(world, eid, resource);
      const a = world.store(Action);
      a.targetX[eid] = nodes.x(n);
      a.targetY[eid] = nodes.y(n);
      a.remaining[eid] = world.resource(ScenarioConfig).actions.gatherTicks;
    },
    complete(world, eid) {
      const cfg = world.resource(ScenarioConfig);
      const a = world.store(Action);
      const nodes = world.resource(NodesKey);
      const node = nodes.atTile[world.resource(MapKey).tileAt(a.targetX[eid], a.targetY[eid])];
      const skills = world.store(Skills).gathering;
      const rng = world.stream('gather');
      const want = Math.floor(rng.intBetween(cfg.actions.gatherMin, cfg.actions.gatherMax) * skillFactor(skills[eid]) + rng.float());
      const got = node >= 0 ? nodes.take(node, want) : 0;
      if (got > 0) {
        const good = NODE_GOOD[nodes.kind[node]];
        world.resource(StockKey).produce(world, eid, good, got, 'gather');
        const log = world.resource(ProductionLogKey);
        log.record(good, got);
        log.counters.gathered += got;
      }
      skills[eid] = practice(skills[eid], cfg.production.skillGain / 2);
      const v = world.store(Vitals);
      v.energy[eid] = Math.max(0, v.energy[eid] - cfg.actions.gatherEnergy);
    },
  });
}

export const gather = gatherDef('gather', 'gather at a field (food), forest or stone (materials) within reach; the node depletes: {"type":"gather","resource":"food"|"materials"|"wood"|"stone"|"any"}');
export const gatherResources = gatherDef('gather_resources', 'the prototype\'s name for gather: {"type":"gather_resources"}');

export const applyForJob = defineAction({
  name: 'apply_for_job',
  description: 'take an open job (at a given firm, or the best opening for your profession): {"type":"apply_for_job","firm":number?}',
  args: z.object({ firm: z.number().int().min(0).optional() }).strict(),
  // Without zod: an action taken a few times an hour ran its parse cold, at tens of microseconds a call.
  quickArgs(r): { firm?: number } | undefined {
    const n = ownKeyCount(r);
    if (n === 1) return {};
    return n === 2 && isIntIn(r.firm, 0, Number.MAX_SAFE_INTEGER) ? { firm: r.firm } : undefined;
  },
  validate(world, eid, { firm }) {
    if (!isAdult(world, eid)) return CHILD;
    if (employerOf(world, eid) >= 0) return 'you already have a job (quit_job first)';
    if (firm !== undefined) {
      const f = world.resource(FirmsKey).get(firm);
      if (!f) return `there is no firm ${firm}`;
      if (f.openings <= 0) return `${f.kind} ${firm} is not hiring`;
      return null;
    }
    // Any opening will do here (start picks the best): a scan of every firm per application was a
    // hot spot when a big world's unemployed all applied on its first morning.
    return world.resource(FirmsKey).totalOpenings > 0 ? null : 'no firm is hiring';
  },
  start(world, eid, { firm }) {
    hire(world, eid, firm ?? bestOpening(world, eid));
    world.store(Action).remaining[eid] = 1;
  },
});

/** The opening that suits the agent: its own profession's kind of work first, then the nearest. */
export function bestOpening(world: World, eid: number): number {
  const preferred = PROFESSION_RECIPE[world.store(Identity).profession[eid]];
  const firms = world.resource(FirmsKey);
  const p = world.store(Position);
  const x = p.x[eid];
  const y = p.y[eid];
  const places = world.resource(PlacesKey);
  const nearest = { id: -1, d: Infinity };
  nearestHiring(firms.hiring(preferred), places, x, y, nearest);
  // Only if the own trade has no opening, every other trade's.
  if (nearest.id < 0) for (let r = 0; r < RECIPES.length; r++) if (r !== preferred) nearestHiring(firms.hiring(r), places, x, y, nearest);
  return nearest.id;
}

/** Fold into `best` the nearest firm of `list` still hiring (lowest id on a tie). */
function nearestHiring(list: readonly Firm[], places: Places, x: number, y: number, best: { id: number; d: number }): void {
  for (let i = 0; i < list.length; i++) {
    const f = list[i];
    if (f.openings <= 0) continue;
    const place = places.get(f.place)!;
    const d = (place.x - x) * (place.x - x) + (place.y - y) * (place.y - y);
    if (d < best.d || (d === best.d && f.id < best.id)) {
      best.d = d;
      best.id = f.id;
    }
  }
}

export const investInFirm = defineAction({
  name: 'invest_in_firm',
  description: 'put your own cash into a firm (e.g. to reopen an idle one) and, if you have no job, start working there: {"type":"invest_in_firm","firm":number,"amountCents":number}',
  args: z.object({ firm: z.number().int().min(0), amountCents: z.number().int().positive() }).strict(),
  quickArgs: (r) => (isIntIn(r.firm, 0, Number.MAX_SAFE_INTEGER) && isIntIn(r.amountCents, 1, Number.MAX_SAFE_INTEGER) && ownKeyCount(r) === 3 ? { firm: r.firm, amountCents: r.amountCents } : undefined),
  validate(world, eid, { firm, amountCents }) {
    if (!isAdult(world, eid)) return CHILD;
    const f = world.resource(FirmsKey).get(firm);
    if (!f) return `there is no firm ${firm}`;
    const cash = world.store(Wallet).cash[eid];
    if (cash < amountCents) return `you have ${cash} cents, not ${amountCents}`;
    return null;
  },
  start(world, eid, { firm, amountCents }) {
    const f = world.resource(FirmsKey).get(firm)!;
    world.resource(LedgerKey).transfer(world, eid, f.account, amountCents);
    if (employerOf(world, eid) < 0 && f.employees < f.capacity) {
      if (f.openings === 0) {
        f.openings = 1;
        world.resource(FirmsKey).recountOpenings();
      }
      hire(world, eid, firm);
    }
    world.store(Action).remaining[eid] = 1;
  },
});

export const quitJob = defineAction({
  name: 'quit_job',
  description: 'leave your job: {"type":"quit_job"}',
  args: noArgs,
  validate: (world, eid) => (employerOf(world, eid) < 0 ? 'you have no job' : null),
  start(world, eid) {
    leaveJob(world, eid, 'quit');
    world.store(Action).remaining[eid] = 1;
  },
});

/**
 * Most sessions one enjoy or study may take in a row (units used up, leisureTicks each): an evening
 * out is one activity, not a decision every two hours (those repeats were a tenth of a town's
 * decisions). Four, eight hours by default: an agent engaged in one neither eats nor answers until
 * it ends, and a brain asking for a day of it would go hungry.
 */
export const MAX_LEISURE_UNITS = 4;
const leisureUnits = z.number().int().min(1).max(MAX_LEISURE_UNITS).optional();
/** study's parsed arguments without units (never written). */
const NO_UNITS: { units?: number } = Object.freeze({});

/** A well-formed `units` argument's value, undefined when absent, or null when malformed. */
function quickUnits(r: Readonly<Record<string, unknown>>): number | undefined | null {
  if (!Object.prototype.hasOwnProperty.call(r, 'units')) return undefined;
  return isIntIn(r.units, 1, MAX_LEISURE_UNITS) ? r.units : null;
}

export const enjoy = defineAction({
  name: 'enjoy',
  description: `use up a luxury or a service for happiness, a session (two hours by default) each (units: several in a row, up to ${MAX_LEISURE_UNITS}): {"type":"enjoy","good":"luxury"|"services"} or {"type":"enjoy","good":"services","units":2}`,
  args: z.object({ good: z.enum(['luxury', 'services']), units: leisureUnits }).strict(),
  quickArgs: (r): { good: 'luxury' | 'services'; units?: number } | undefined => {
    const { good } = r;
    if (good !== 'luxury' && good !== 'services') return undefined;
    const units = quickUnits(r);
    if (units === null) return undefined;
    const keys = ownKeyCount(r);
    if (units === undefined) return keys === 2 ? { good } : undefined;
    return keys === 3 ? { good, units } : undefined;
  },
  validate: (world, eid, { good, units = 1 }) => {
    const held = world.store(Inventory)[good][eid];
    return held >= units ? null : held < 1 ? `you have no ${good}` : `you have only ${held} ${good}`;
  },
  start(world, eid, { good, units = 1 }) {
    world.resource(StockKey).consume(world, eid, good, units, 'enjoyed');
    const v = world.store(Vitals);
    const cfg = world.resource(ScenarioConfig).production;
    v.happiness[eid] = Math.min(1, v.happiness[eid] + cfg.enjoyHappiness * (good === 'luxury' ? 2 : 1) * units);
    world.store(Action).remaining[eid] = cfg.leisureTicks * units;
  },
});

export const study = defineAction({
  name: 'study',
  description: `use up knowledge to improve the skill of your profession, a session (two hours by default) each (units: several in a row, up to ${MAX_LEISURE_UNITS}): {"type":"study"} or {"type":"study","units":2}`,
  args: z.object({ units: leisureUnits }).strict(),
  quickArgs: (r): { units?: number } | undefined => {
    const units = quickUnits(r);
    if (units === null) return undefined;
    const keys = ownKeyCount(r);
    if (units === undefined) return keys === 1 ? NO_UNITS : undefined;
    return keys === 2 ? { units } : undefined;
  },
  validate: (world, eid, { units = 1 }) => {
    const held = world.store(Inventory).knowledge[eid];
    return held >= units ? null : held < 1 ? 'you have no knowledge to study' : `you have only ${held} knowledge`;
  },
  start(world, eid, { units = 1 }) {
    world.resource(StockKey).consume(world, eid, 'knowledge', units, 'studied');
    const skill = RECIPES[PROFESSION_RECIPE[world.store(Identity).profession[eid]]].skill;
    const s = world.store(Skills)[skill];
    const cfg = world.resource(ScenarioConfig).production;
    for (let i = 0; i < units; i++) s[eid] = practice(s[eid], cfg.skillGain * 3);
    world.store(Action).remaining[eid] = cfg.leisureTicks * units;
  },
});

export const PRODUCTION_ACTIONS: ActionDef[] = [work, gatherResources, applyForJob, investInFirm, quitJob, enjoy, study];
