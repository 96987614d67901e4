// The heuristic brain's working life (a HeuristicContributor). By the clock: at night go home and
// sleep; in working hours the employed go to their workplace and work, the unemployed take an
// opening or work on their own in their profession; mornings are for getting to work, evenings for
// going home, enjoying a luxury or a service, studying, buying a little comfort, and now and then
// making something. At any hour, someone short of food who cannot afford to buy it goes to a field.
// A worker whose home is too far from work lodges there (sleeps and spends evenings at work).
// Utilities sit around the core needs (eat 0.6+hunger, tired rest 1.3−energy) and the market habits
// (buy food 0.75), so hunger and fatigue still come first and buying food beats foraging.

import type { World } from '../../engine/world';
import type { ActionRequest } from '../actions';
import type { Candidate, Candidates, HeuristicContributor, HeuristicRoutine } from '../core/heuristic-brain';
import { Identity, Inventory, Position, Vitals, Wallet } from '../components';
import { ScenarioConfig } from '../core/config';
import type { Scenario } from '../scenario';
import { inHours } from '../core/basic-actions';
import { BankKey } from '../economy/bank';
import { MarketsKey, type Markets } from '../economy/markets';
import { BASE_PRICE_CENTS, type Good } from '../resources';
import { NODE_FIELD, NODE_GOOD, NodesKey, type ResourceNodes } from '../world/nodes';
import { homeOf, PlacesKey, type Place } from '../world/places';
import { isAdult, Kin } from '../social/components';
import { KinInNeedKey } from '../social/kin-need-system';
import { weighsCourtship } from '../social/social-brain';
import { BankAccount, Credit, Trading } from '../economy/components';
import { MAX_OPEN_ORDERS } from '../economy/heuristics';
import { employerOf, FirmsKey } from './firms';
import { firmCanWork, MAX_LEISURE_UNITS } from './work-actions';
import { PROFESSION_RECIPE, RECIPES } from './professions';


const COMFORTS: readonly Good[] = ['services', 'knowledge', 'luxury'];

const CREATIONS = ['a carved wooden bird', 'a painted sign', 'a stone bench', 'a woven basket', 'a small shrine of river stones', 'a wind chime', 'a map of the valley scratched on slate', 'a clay pot'];

/**
 * The evening's purchase with spare cash: energy for the home when it has none left (homes burn it,
 * see homeEnergySystem), else a comfort: luxury for the well-off (three buffers in cash and
 * checking), otherwise services or knowledge in turn by person and day; up to `comfortLot` units, as
 * many as leave half the buffer, or for energy a full larder's price (`keepFood` units of food):
 * heat is a need, and a purse under half the buffer left a fifth of a town's adults cold. Short of
 * that cash, a withdrawal from checking that makes it up; null if neither does, or if the agent's
 * open orders leave no slot free for buying food.
 */
function comfortPurchase(world: World, eid: number, markets: Markets, cash: number, buffer: number): ActionRequest | null {
  // A comfort order must leave a slot free for food: unfilled ones would otherwise starve a rich agent.
  if (world.store(Trading).openOrders[eid] >= MAX_OPEN_ORDERS - 1) return null;
  const checking = world.store(BankAccount).checking[eid];
  // Savings count: the well-off spend on luxury every evening, which keeps their money circulating.
  const pick = COMFORTS[(eid + Math.floor(world.clock.tick / world.clock.ticksPerDay)) % COMFORTS.length];
  const good = outOfEnergy(world, eid) ? 'energy' : cash + checking >= 3 * buffer ? 'luxury' : pick === 'luxury' ? 'services' : pick;
  const cost = Math.ceil(priceOf(markets, good) * 1.05);
  const keep = good === 'energy' ? priceOf(markets, 'food') * world.resource(ScenarioConfig).economy.heuristics.keepFood : buffer / 2;
  const quantity = Math.min(world.resource(ScenarioConfig).production.comfortLot, unitsLeaving(cash, keep, cost));
  if (quantity > 0) return { type: 'buy', good, quantity, priceCents: cost };
  // Short of cash with savings in the bank (the economy plugin brings the bank with the markets):
  // draw the purse back up to the buffer for the evening.
  const topUp = Math.min(checking, buffer - cash);
  if (unitsLeaving(cash + topUp, keep, cost) <= 0) return null;
  return world.resource(BankKey).checkWithdraw(world, eid, topUp, 'checking') === null ? { type: 'withdraw', amountCents: topUp, account: 'checking' } : null;
}

/** The agent's home burns energy and it holds none: the evening's purchase is energy, ahead of any comfort. */
function outOfEnergy(world: World, eid: number): boolean {
  return world.store(Inventory).energy[eid] < 1 && world.resource(ScenarioConfig).production.homeEnergyEveryDays > 0;
}

/** Units at `cost` a purse of `cash` pays for while keeping more than `keep`. */
function unitsLeaving(cash: number, keep: number, cost: number): number {
  return Math.ceil((cash - keep) / cost) - 1;
}

/** Offer `act` if (tx, ty) is within reach, else the walk there first (a hair less urgent). */
function goTo(out: Candidates, x: number, y: number, reach: number, tx: number, ty: number, utility: number, reason: string, act: Candidate['action']): void {
  aim(x, y, reach, tx, ty, utility, reason, act);
  out.offer(pick.action, pick.utility, pick.reason);
}

function priceOf(markets: Markets | null, good: Good): number {
  return markets ? markets.reference(good) : BASE_PRICE_CENTS[good];
}

/**
 * An idle firm (nobody employed) of the agent's own trade with something to work on, or -1. A quarry
 * whose stone is bare took a saver's cash and let them go two days later for want of work, and the
 * next saver's after them: some fifteen times a day in the town, each a purse emptied into an empty firm.
 */
function idleFirmFor(world: World, eid: number): number {
  const recipe = PROFESSION_RECIPE[world.store(Identity).profession[eid]];
  const firms = world.resource(FirmsKey).ofRecipe(recipe);
  for (let i = 0; i < firms.length; i++) if (firms[i].employees === 0 && firmCanWork(world, firms[i])) return firms[i].id;
  return -1;
}

/**
 * Where the agent spends its nights and evenings: home, or its workplace when the walk between
 * them takes longer than `lodgeCommuteTicks` (a worker who walked that far each way would arrive
 * after work was over).
 */
function lodgingAt(cfg: Scenario, home: Place | undefined, workplace: Place | undefined): Place | undefined {
  if (!home || !workplace) return home;
  const limit = cfg.production.lodgeCommuteTicks * cfg.agent.speed;
  const dx = home.x - workplace.x;
  const dy = home.y - workplace.y;
  return limit > 0 && dx * dx + dy * dy > limit * limit ? workplace : home;
}

export const workingLife: HeuristicContributor = (world, eid, out) => {
  const cfg = world.resource(ScenarioConfig);
  const pc = cfg.production;
  const reach = cfg.map.reach;
  const p = world.store(Position);
  const x = p.x[eid];
  const y = p.y[eid];
  const inv = world.store(Inventory);
  const nodes = world.resource(NodesKey);
  const places = world.resource(PlacesKey);
  const markets = world.hasResource(MarketsKey) ? world.resource(MarketsKey) : null;

  const cash = world.store(Wallet).cash[eid];
  // Foraging is the last resort of those who cannot buy even two meals (buying food beats it otherwise).
  if (inv.food[eid] <= 2 && cash < priceOf(markets, 'food') * 2.2) {
    const field = nodes.nearest(NODE_FIELD, x, y);
    if (field >= 0) goTo(out, x, y, reach, nodes.x(field), nodes.y(field), 0.74, 'no food and no money: forage', { type: 'gather', resource: 'food' });
  }

  const hour = world.clock.hour();
  const firmId = employerOf(world, eid);
  const workplace = firmId >= 0 ? places.get(world.resource(FirmsKey).get(firmId)!.place)! : undefined;
  const home = lodgingAt(cfg, places.get(homeOf(world, eid)), workplace);
  if (inHours(hour, pc.nightStartHour, pc.nightEndHour)) {
    // Bed (0.62, the walk there 0.61) before a proposal (0.6): courting is for the day.
    if (home) goTo(out, x, y, reach, home.x, home.y, 0.62, home === workplace ? 'night: sleep at the workplace (too far from home)' : 'night: sleep at home', { type: 'sleep' });
    else out.offer({ type: 'sleep' }, 0.55, 'night');
    return;
  }
  // Children do not work or trade: by day they stay near home (their households feed them).
  if (!isAdult(world, eid)) {
    if (home) goTo(out, x, y, reach, home.x, home.y, 0.37, 'a child at home', homeRest(world, cfg, hour));
    return;
  }

  // A workplace with nothing to work on (bare fields, no materials) ends the working day early:
  // the worker spends it as an evening.
  const workday = inHours(hour, pc.workStartHour, pc.workEndHour) && !(workplace && !firmCanWork(world, world.resource(FirmsKey).get(firmId)!));
  if (workday) {
    if (workplace) {
      goTo(out, x, y, reach, workplace.x, workplace.y, 0.65, 'working hours', { type: 'work' });
      return;
    }
    if (joblessDay(world, eid, cfg, hour, home)) out.offer(pick.action, pick.utility, pick.reason);
    return;
  }

  // Mornings and evenings (and a working day with nothing to work on). Comforts wait for the
  // evening: a morning is for getting to work (a two-hour treat at seven made people late).
  const morning = hour < pc.workStartHour;
  if (!morning) {
    if (inv.luxury[eid] > 0) out.offer(leisure(world, pc, ENJOY_LUXURY, inv.luxury[eid]), 0.47, 'a treat');
    else if (inv.services[eid] > 0) out.offer(leisure(world, pc, ENJOY_SERVICES, inv.services[eid]), 0.47, 'a comfort');
    if (inv.knowledge[eid] > 0) out.offer(leisure(world, pc, STUDY, inv.knowledge[eid]), 0.46, 'learn the trade');
  }
  const buffer = cfg.economy.heuristics.cashBufferCents;
  if (markets && (inv.services[eid] + inv.luxury[eid] + inv.knowledge[eid] === 0 || outOfEnergy(world, eid)) && hour >= pc.workEndHour) {
    const buy = comfortPurchase(world, eid, markets, cash, buffer);
    if (buy) out.offer(buy, 0.48, buy.good === 'energy' ? 'no energy left at home' : `spare cash: some ${buy.good}`);
  }
  const rng = world.stream('work-brain');
  if (inv.materials[eid] >= cfg.map.buildingMaterials + 5 && rng.chance(0.02)) {
    out.offer({ type: 'create_object', kind: 'building', description: `a small ${rng.pick(['shed', 'workshop', 'shelter', 'storehouse'])}` }, 0.43, 'build something');
  } else if (inv.materials[eid] >= cfg.map.objectMaterials + 4 && rng.chance(0.03)) {
    out.offer({ type: 'create_object', kind: 'object', description: rng.pick(CREATIONS) }, 0.43, 'make something');
  }
  // Off to work before a chat or a deposit (0.45): the morning commute comes first.
  if (workplace && hour < pc.workStartHour) {
    if ((workplace.x - x) * (workplace.x - x) + (workplace.y - y) * (workplace.y - y) > reach * reach) out.offer({ type: 'move_to', x: workplace.x, y: workplace.y }, OFF_TO_WORK, 'off to work');
    return;
  }
  if (home) goTo(out, x, y, reach, home.x, home.y, 0.37, home === workplace ? 'evening at the workplace' : 'evening at home', homeRest(world, cfg, hour));
};

const REST = { type: 'rest' } as const;

/** aim's and joblessDay's answer (read at once). */
const pick: Candidate = { action: REST, utility: 0, reason: '' };

/** Do `act` if (tx, ty) is within reach, else walk there first (a hair less urgent), into `pick`. */
function aim(x: number, y: number, reach: number, tx: number, ty: number, utility: number, reason: string, act: Candidate['action']): true {
  const there = (tx - x) * (tx - x) + (ty - y) * (ty - y) <= reach * reach;
  pick.action = there ? act : { type: 'move_to', x: tx, y: ty };
  pick.utility = there ? utility : utility - 0.01;
  pick.reason = there ? reason : `on the way: ${reason}`;
  return true;
}

/**
 * The one candidate of an adult with no employer in working hours, into `pick` (false if none): take
 * an opening, else reopen an idle firm of one's own trade with savings, else work on one's own, else
 * a day off at home. workingLife offers it; the routine starts it where nothing can outrank it, and
 * so asks only for work (`routine`): gathering materials (0.38) and a day off (0.37) are never its answer.
 */
function joblessDay(world: World, eid: number, cfg: Scenario, hour: number, home: Place | undefined, routine = false): boolean {
  const reach = cfg.map.reach;
  const p = world.store(Position);
  const x = p.x[eid];
  const y = p.y[eid];
  if (world.resource(FirmsKey).totalOpenings > 0) {
    pick.action = APPLY;
    pick.utility = 0.6;
    pick.reason = 'unemployed: a firm is hiring';
    return true;
  }
  // Savings and no job: reopen an idle firm of one's own trade and work there.
  const cash = world.store(Wallet).cash[eid];
  const buffer = cfg.economy.heuristics.cashBufferCents;
  if (cash > 1.2 * buffer) {
    const idle = idleFirmFor(world, eid);
    if (idle >= 0) {
      pick.action = { type: 'invest_in_firm', firm: idle, amountCents: cash - buffer / 2 };
      pick.utility = 0.55;
      pick.reason = 'start up an idle firm';
      return true;
    }
  }
  if (ownWork(world, eid, cfg, x, y, routine)) return true;
  // Nothing of one's own to work on (no node of the trade with anything left, no inputs, a pile of
  // unsold work): a day off at home (0.37, above a stroll); one whose own work was only refused tries again later.
  return home !== undefined && aim(x, y, reach, home.x, home.y, 0.37, 'nothing to work on: a day off at home', homeRest(world, cfg, hour));
}

/**
 * Work on one's own, into `pick`: at the nearest node of the trade, at the market square, or (a
 * crafter short of materials, not as a routine) gathering them; false if there is none of it to do.
 */
function ownWork(world: World, eid: number, cfg: Scenario, x: number, y: number, routine: boolean): boolean {
  const reach = cfg.map.reach;
  const nodes = world.resource(NodesKey);
  const r = RECIPES[PROFESSION_RECIPE[world.store(Identity).profession[eid]]];
  // Its own make piling up unsold: the market is not taking it, so making more is wasted work.
  if (world.store(Inventory)[r.good][eid] >= UNSOLD_OWN_WORK) return false;
  if (r.node >= 0) {
    const n = nodes.nearest(r.node, x, y);
    return n >= 0 && aim(x, y, reach, nodes.x(n), nodes.y(n), 0.5, `own ${r.kind} work`, WORK);
  }
  if (!r.input || world.store(Inventory)[r.input.good][eid] >= r.input.perUnit) {
    // Teachers, artists, traders on their own ply their trade where people are: the market square,
    // off to it ahead of a chat or a deposit (0.45), as the employed walk to work (0.46).
    const square = world.resource(PlacesKey).ofKind('market')[0];
    if (square) return aim(x, y, reach, square.x, square.y, OWN_WORK_AT_MARKET, `own ${r.kind} work at the market`, WORK);
    pick.action = WORK;
    pick.utility = OWN_WORK_AT_MARKET;
    pick.reason = `own ${r.kind} work`;
    return true;
  }
  if (routine) return false;
  // A crafter short of materials gathers them (forest or stone, the nearer): the search is the costly part.
  const n = nearestSource(world, r.input.good, x, y);
  return n >= 0 && aim(x, y, reach, nodes.x(n), nodes.y(n), 0.38, `gather ${r.input.good} for my ${r.kind} work`, { type: 'gather', resource: r.input.good });
}

/** Units of its own make a worker on its own holds before it stops making more (the market sells the surplus above `keepOther`). */
const UNSOLD_OWN_WORK = 20;

/** Own work at the market square (the walk there 0.46). */
const OWN_WORK_AT_MARKET = 0.47;

/**
 * nearestSource's answers by good and query point (x, then y) within the nodes' current generation:
 * a crafter with nothing to craft weighs gathering at every decision of its working day, mostly from
 * the same spot (two in three searches repeated one made earlier that day), and each search weighs
 * dozens of nodes.
 */
const sourceAnswers = new WeakMap<ResourceNodes, { generation: number; byGood: Map<Good, Map<number, Map<number, number>>> }>();

/** The nearest resource node with a unit left of any kind that yields `good`, or -1. */
function nearestSource(world: World, good: Good, x: number, y: number): number {
  const nodes = world.resource(NodesKey);
  // A gatherer standing on a node of the good with a unit left: nothing is nearer, and no lookup is needed.
  const here = nodes.centredAt(x, y);
  if (here >= 0 && NODE_GOOD[nodes.kind[here]] === good && nodes.stock[here] >= 1) return here;
  let answers = sourceAnswers.get(nodes);
  if (!answers || answers.generation !== nodes.generation) sourceAnswers.set(nodes, (answers = { generation: nodes.generation, byGood: new Map() }));
  // Keyed by the numbers themselves: a string key meant printing two floats per call, which cost more
  // than the rest of a remembered answer.
  let byX = answers.byGood.get(good);
  if (!byX) answers.byGood.set(good, (byX = new Map()));
  let byY = byX.get(x);
  if (!byY) byX.set(x, (byY = new Map()));
  const known = byY.get(y);
  // Stocks only fall within a generation: an answer whose node still holds a unit stands (and none stays none).
  if (known !== undefined && (known < 0 || nodes.stock[known] >= 1)) return known;
  let best = -1;
  let bestD = Infinity;
  for (let kind = 0; kind < NODE_GOOD.length; kind++) {
    if (NODE_GOOD[kind] !== good) continue;
    // No farther than the best so far: a kind with nothing left anywhere is a search of the whole map.
    const n = nodes.nearest(kind, x, y, 1, bestD);
    if (n < 0) continue;
    const d = Math.hypot(nodes.x(n) - x, nodes.y(n) - y);
    if (d < bestD) {
      best = n;
      bestD = d;
    }
  }
  byY.set(y, best);
  return best;
}

/**
 * A rest at home: in working hours (a child's day, or an adult with nothing to work on) until they
 * end, one action rather than a decision every two hours; otherwise a plain rest.
 */
function homeRest(world: World, cfg: Scenario, hour: number): ActionRequest {
  const pc = cfg.production;
  if (!inHours(hour, pc.workStartHour, pc.workEndHour)) return REST;
  return { type: 'rest', hours: (world.clock.ticksUntilHour(pc.workEndHour) * world.clock.minutesPerTick) / 60 };
}

/** The morning commute's utility: above a chat, a deposit or time with the family (0.45 and below). */
const OFF_TO_WORK = 0.46;

const SLEEP = { type: 'sleep' } as const;
const WORK = { type: 'work' } as const;
const APPLY = { type: 'apply_for_job' } as const;
const ENJOY_LUXURY = { type: 'enjoy', good: 'luxury' } as const;
const ENJOY_SERVICES = { type: 'enjoy', good: 'services' } as const;
const STUDY = { type: 'study' } as const;

/** Per one-session request, its requests for 2, 3... sessions (index units − 2), made when first asked. */
const longer = new Map<ActionRequest, ActionRequest[]>();

/**
 * `session` (an enjoy or a study) for as many sessions as would start before bedtime one after the
 * other, at most an evening's worth and as many as the `held` units cover (at least one): an evening
 * out is one action, as a working day is, not a decision every session.
 */
function leisure(world: World, pc: Scenario['production'], session: ActionRequest, held: number): ActionRequest {
  const evening = Math.ceil((((pc.nightStartHour - pc.workEndHour + 24) % 24) * 60) / (world.clock.minutesPerTick * pc.leisureTicks));
  const units = Math.min(held, evening, MAX_LEISURE_UNITS, Math.ceil(world.clock.ticksUntilHour(pc.nightStartHour) / pc.leisureTicks));
  if (units < 2) return session;
  let list = longer.get(session);
  if (list === undefined) longer.set(session, (list = []));
  return (list[units - 2] ??= Object.freeze({ ...session, units }));
}

/**
 * The routine moments of a working life, as the whole brain would decide them: asleep at the
 * lodging at night, working at the workplace in working hours (walking there first), without an
 * employer taking an opening or working on one's own (0.46 and above), off to work in the morning
 * (0.46), and in the evening enjoying a comfort one holds (0.46–0.47) or buying one
 * (0.48), unless something ranks higher: eating or resting (the core routine comes first), buying
 * or foraging food when short, kin in need, and (but for an employer's work) courtship (a single adult
 * whose courtship dice came up), a withdrawal when cash runs low, or paying a loan off. A test holds
 * every answer to the whole brain's best candidate over a living village.
 */
export const workingRoutine: HeuristicRoutine = (world, eid) => {
  const cfg = world.resource(ScenarioConfig);
  const food = world.store(Inventory).food[eid];
  const v = world.store(Vitals);
  if ((food > 0 && v.hunger[eid] > 0.5) || v.energy[eid] < 0.3 || food <= 2 || food < cfg.economy.heuristics.lowFood) return null;
  if (world.hasResource(KinInNeedKey) && world.resource(KinInNeedKey).flags[eid] === 1) return null;
  const pc = cfg.production;
  const hour = world.clock.hour();
  const night = inHours(hour, pc.nightStartHour, pc.nightEndHour);
  if (!night && !inHours(hour, pc.workStartHour, pc.workEndHour)) return comfortRoutine(world, eid, cfg, hour);
  const firmId = employerOf(world, eid);
  if (!night && firmId < 0) return joblessRoutine(world, eid, cfg, hour);
  const firm = firmId >= 0 ? world.resource(FirmsKey).get(firmId)! : undefined;
  // Nothing to work on: the working day is over, as in the contributor.
  if (!night && !firmCanWork(world, firm!)) return comfortRoutine(world, eid, cfg, hour);
  const places = world.resource(PlacesKey);
  const workplace = firm ? places.get(firm.place) : undefined;
  const target = night ? lodgingAt(cfg, places.get(homeOf(world, eid)), workplace) : workplace;
  if (!target) return null;
  const p = world.store(Position);
  const dx = target.x - p.x[eid];
  const dy = target.y - p.y[eid];
  const adult = isAdult(world, eid);
  if (dx * dx + dy * dy > cfg.map.reach * cfg.map.reach) return { type: 'move_to', x: target.x, y: target.y };
  return night ? SLEEP : adult ? WORK : null;
};

/**
 * Outside working hours, a settled adult (nothing pressing): in the morning walks to work if it is
 * out of reach (0.46); later enjoys what it holds, or after work buys a comfort (0.48).
 */
function comfortRoutine(world: World, eid: number, cfg: Scenario, hour: number): ActionRequest | null {
  if (!settled(world, eid, cfg)) return null;
  const cash = world.store(Wallet).cash[eid];
  const buffer = cfg.economy.heuristics.cashBufferCents;
  if (hour < cfg.production.workStartHour) return morningCommute(world, eid, cfg);
  const inv = world.store(Inventory);
  const pc = cfg.production;
  const evening = hour >= pc.workEndHour && world.hasResource(MarketsKey);
  // A cold home's energy (0.48) before the comforts held (0.46–0.47), when the purse allows it.
  const cold = evening && outOfEnergy(world, eid);
  if (cold) {
    const heat = comfortPurchase(world, eid, world.resource(MarketsKey), cash, buffer);
    if (heat) return heat;
  }
  if (inv.luxury[eid] > 0) return leisure(world, pc, ENJOY_LUXURY, inv.luxury[eid]);
  if (inv.services[eid] > 0) return leisure(world, pc, ENJOY_SERVICES, inv.services[eid]);
  if (inv.knowledge[eid] > 0) return leisure(world, pc, STUDY, inv.knowledge[eid]);
  return evening && !cold ? comfortPurchase(world, eid, world.resource(MarketsKey), cash, buffer) : null;
}

/**
 * An adult with a comfortable purse, married or single and not courting at this decision (the social
 * brain's courtship dice are drawn here and kept for it): no courtship, withdrawal (0.5) or early
 * repayment (0.47) can come up, so nothing but needs and kin reaches above 0.45 (a chat, or a
 * deposit, which the bank offers ahead of the working life's candidates and so wins a tie).
 */
function settled(world: World, eid: number, cfg: Scenario): boolean {
  if (!world.hasPlugin('social') || !isAdult(world, eid)) return false;
  // A single adult whose dice say courtship may court or propose (0.5, 0.6): the whole brain decides.
  if (world.store(Kin).married[eid] !== 1 && weighsCourtship(world, eid)) return false;
  const cash = world.store(Wallet).cash[eid];
  const buffer = cfg.economy.heuristics.cashBufferCents;
  return cash >= buffer / 3 && !(cash > buffer * 1.5 && world.store(Credit).debt[eid] > 0);
}

/**
 * In working hours, a settled adult with no employer: an opening, an idle firm, own work or the walk
 * to it, as workingLife offers it (all above 0.45); not gathering materials or a day off, which a
 * chat or a sale can outrank.
 */
function joblessRoutine(world: World, eid: number, cfg: Scenario, hour: number): ActionRequest | null {
  if (!settled(world, eid, cfg)) return null;
  return joblessDay(world, eid, cfg, hour, undefined, true) && pick.utility > 0.45 ? pick.action : null;
}

/** The walk to a workplace out of reach before work starts, as workingLife offers it, or null. */
function morningCommute(world: World, eid: number, cfg: Scenario): ActionRequest | null {
  const firmId = employerOf(world, eid);
  if (firmId < 0) return null;
  const workplace = world.resource(PlacesKey).get(world.resource(FirmsKey).get(firmId)!.place)!;
  const p = world.store(Position);
  const dx = workplace.x - p.x[eid];
  const dy = workplace.y - p.y[eid];
  return dx * dx + dy * dy > cfg.map.reach * cfg.map.reach ? { type: 'move_to', x: workplace.x, y: workplace.y } : null;
}
