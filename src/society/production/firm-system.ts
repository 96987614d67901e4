// Firms at work, once a simulated day (and at tick 0): recount staff, put yesterday's output up for
// sale on the market, buy inputs, then hire or lay off by cash: a firm advertises openings while its
// cash covers `hireReserveDays` of payroll for one more worker and under `hireLackBelow` of its
// staff's work of late found nothing to work on, and lays off its newest worker when cash falls below
// `layoffReserveDays` of payroll or more than `layoffLackAbove` of that work found nothing (its fields
// bare, its inputs gone: before this, farms kept hiring hands their fields could not keep busy, and by
// day 300 three in four of the town's employed sat idle and unpaid in jobs). A
// thriving firm (`dividendReserveDays` of payroll in hand) grows (up to four times its founding size);
// a poor one cuts wages (never below the minimum) and raises them again while thriving, and cash above
// `dividendReserveDays` of payroll is shared out to the workers as a bonus, so money keeps circulating
// through pay packets.

import type { System } from '../../engine/schedule';
import type { World } from '../../engine/world';
import { ScenarioConfig } from '../core/config';
import { LedgerKey } from '../economy/ledger';
import { MarketsKey, submitOrder } from '../economy/markets';
import { StockKey } from '../economy/stock';
import { payWage } from '../economy/treasury';
import { BASE_PRICE_CENTS } from '../resources';
import type { Scenario } from '../scenario';
import { MapKey } from '../world/map';
import { NodesKey } from '../world/nodes';
import { forEachRing, PlacesKey } from '../world/places';
import { FIELD, FOREST, GRASS, STONE } from '../world/terrain';
import { Employment, FirmsKey, LACK_WEIGHT, leaveJob, type Firm } from './firms';
import { RECIPES, valueAddedPerShift } from './professions';
import { firmCanWork } from './work-actions';

/** Shifts a full-time worker does per day (working hours / shift length, at least 1). */
export function shiftsPerDay(world: World): number {
  const cfg = world.resource(ScenarioConfig).production;
  const hours = (cfg.workEndHour - cfg.workStartHour + 24) % 24;
  return Math.max(1, Math.floor((hours * 60) / (cfg.shiftTicks * world.clock.minutesPerTick)));
}

export const firmSystem: System = {
  name: 'firms',
  phase: 'economy',
  run(world: World) {
    if (world.clock.tick !== 0 && !world.clock.isDayStart()) return;
    runFirmsDay(world);
  },
};

export function runFirmsDay(world: World): void {
  const cfg = world.resource(ScenarioConfig).production;
  const firms = world.resource(FirmsKey).all();
  if (firms.length === 0) return;
  const staff = staffLists(world, firms.length);
  const ledger = world.resource(LedgerKey);
  const stock = world.resource(StockKey);
  const markets = world.hasResource(MarketsKey) ? world.resource(MarketsKey) : null;
  const shifts = shiftsPerDay(world);
  const day = world.clock.ticksPerDay;
  for (const firm of firms) {
    const members = staff[firm.id];
    firm.employees = members.length;
    const r = RECIPES[firm.recipe];
    if (markets) {
      const held = stock.amount(world, firm.account, r.good);
      const price = Math.max(Math.round(markets.reference(r.good) * 0.97), Math.round(BASE_PRICE_CENTS[r.good] * 0.3), 1);
      if (held > 0) submitOrder(world, firm.account, r.good, 'sell', held, price, day);
    }
    const perWorkerDay = firm.wageCents * shifts;
    let cash = ledger.balance(world, firm.account);
    if (markets && r.input && members.length > 0) {
      const need = members.length * shifts * r.max * r.input.perUnit - stock.amount(world, firm.account, r.input.good);
      const price = Math.ceil(markets.reference(r.input.good) * 1.05);
      const affordable = Math.floor((cash - perWorkerDay * members.length * cfg.layoffReserveDays) / price);
      const qty = Math.min(need, affordable);
      if (qty > 0 && submitOrder(world, firm.account, r.input.good, 'buy', qty, price, day).ok) cash = ledger.balance(world, firm.account);
    }
    const payroll = perWorkerDay * members.length;
    const lack = recentLack(world, firm, members.length);
    if (members.length > 0 && cash < payroll * cfg.layoffReserveDays) {
      // Newest first out, and as many more as today's wages would not be there for, rather than
      // letting them work the day unpaid.
      do layOffNewest(world, members, 'laid off');
      while (members.length > 0 && perWorkerDay * members.length > cash);
      firm.openings = 0;
      firm.wageCents = Math.max(cfg.minWageCents, Math.floor(firm.wageCents * 0.95));
    } else if (members.length > 0 && lack > cfg.layoffLackAbove) {
      // More hands than work (bare fields, no inputs): the newest goes, free to find work elsewhere.
      layOffNewest(world, members, 'no work');
      firm.openings = 0;
    } else if (lack < cfg.hireLackBelow && cash >= (payroll + perWorkerDay) * cfg.hireReserveDays) {
      // A thriving firm grows (up to 4 times its founding size), then pays more.
      // Thriving: cash above the dividend reserve (what is over it would otherwise be paid out).
      const thriving = members.length > 0 && cash > payroll * cfg.dividendReserveDays;
      if (thriving && members.length >= firm.capacity && firm.capacity < 4 * cfg.firmSize) firm.capacity++;
      // A thriving firm pays more, so wages recover from the cuts of hard times.
      if (thriving) firm.wageCents = Math.ceil(firm.wageCents * 1.02);
      firm.openings = Math.min(firm.capacity - members.length, Math.max(1, Math.floor(cash / (perWorkerDay * cfg.hireReserveDays)) - members.length));
    } else {
      firm.openings = 0;
    }
    payDividend(world, firm.account, members, (payroll + perWorkerDay) * cfg.dividendReserveDays, cfg.dividendShare);
  }
  world.resource(FirmsKey).recountOpenings();
}

/** The last in the staff list (hired last) leaves, and the list with them. */
function layOffNewest(world: World, members: number[], reason: string): void {
  leaveJob(world, members.pop()!, reason);
}

/**
 * The share of the firm's work of late that found nothing to work on (0 when not known), with
 * yesterday's folded into its `lackMilli`: the shortfall over the work its staff set out to do; when
 * none set out, all of it if the firm has nothing to work on now (its fields bare all day), and for
 * an empty firm with work there, none, so that it hires again some days after its stone regrows (an
 * empty firm judged afresh took hands on and let them go again every other day).
 */
function recentLack(world: World, firm: Firm, staff: number): number {
  const tried = firm.workedMilli + firm.shortMilli;
  let day = -1; // staff there, nobody set out, work there (everyone off sick): nothing to judge
  if (tried > 0) day = Math.round((1000 * firm.shortMilli) / tried);
  else if (!firmCanWork(world, firm)) day = 1000;
  else if (staff === 0) day = 0;
  if (day >= 0) firm.lackMilli = firm.lackMilli < 0 ? day : Math.round(firm.lackMilli * (1 - LACK_WEIGHT) + day * LACK_WEIGHT);
  firm.workedMilli = 0;
  firm.shortMilli = 0;
  return firm.lackMilli < 0 ? 0 : firm.lackMilli / 1000;
}

/**
 * Profit sharing: `share` of the cash a firm holds above `reserveCents` goes to its workers in equal
 * bonuses (wages for the ledger: income tax and garnishment apply), so money does not pile up in
 * firms while households go short.
 */
export function payDividend(world: World, account: string, members: readonly number[], reserveCents: number, share: number): void {
  if (members.length === 0) return;
  const excess = world.resource(LedgerKey).balance(world, account) - reserveCents;
  const each = Math.floor((Math.max(0, excess) * share) / members.length);
  if (each <= 0) return;
  for (const m of members) payWage(world, account, m, each);
}

/** Each firm's employees, ordered by hiring tick then id (so the newest is last). */
function staffLists(world: World, firms: number): number[][] {
  const e = world.store(Employment);
  const lists: number[][] = Array.from({ length: firms }, () => []);
  const alive = world.entities.alive();
  for (let i = 0; i < alive.length; i++) {
    const eid = alive[i];
    const f = e.firm[eid] - 1;
    if (f >= 0 && f < firms) lists[f].push(eid);
  }
  for (const l of lists) l.sort((a, b) => e.since[a] - e.since[b] || a - b);
  return lists;
}

/**
 * Found the initial firms: jobs for `jobsPerCapita` of the people, split by each recipe's share into
 * firms of `firmSize`. Farms, lumberyards and quarries go on their terrain nearest the market, with
 * enough nodes around and spaced so their work areas do not overlap; the rest on grass near the
 * centre. One ring walk out from the market per kind, so founding stays linear in the map size.
 */
export function foundFirms(world: World, scenario: Scenario): void {
  const cfg = scenario.production;
  const map = world.resource(MapKey);
  const places = world.resource(PlacesKey);
  const nodes = world.resource(NodesKey);
  const firms = world.resource(FirmsKey);
  const market = places.ofKind('market')[0];
  const jobs = Math.round(scenario.agents * cfg.jobsPerCapita);
  const nodeTerrain = [FIELD, FOREST, STONE];
  const spacing = Math.ceil((2 * cfg.workRadius) / map.tileSize);
  // A farm, lumberyard or quarry wants 12 of its nodes within reach, or 40% of the tiles there when
  // tiles are so large that fewer fit (a 100,000-agent map has 4-unit tiles: with a flat 12, no farm
  // could be founded and everyone starved).
  const tilesInReach = Math.PI * (cfg.workRadius / map.tileSize) ** 2;
  const minNodes = Math.max(1, Math.min(12, Math.floor(0.4 * tilesInReach)));
  const shifts = shiftsPerDay(world);
  const near: number[] = [];
  for (const r of RECIPES) {
    const share = jobs * r.jobShare;
    const count = share < 1 ? 0 : Math.max(1, Math.round(share / cfg.firmSize));
    if (count === 0) continue;
    const terrain = r.node >= 0 ? nodeTerrain[r.node] : GRASS;
    const wage = Math.max(cfg.minWageCents, Math.round(cfg.wageShare * valueAddedPerShift(r)));
    const tooClose = r.node >= 0 ? new Uint8Array(map.size) : null;
    let placed = 0;
    forEachRing(map, market.tile, (t) => {
      if (map.terrain[t] !== terrain || places.isTaken(t) || (tooClose && tooClose[t])) return false;
      if (tooClose) {
        if (nodes.within(r.node, map.centreX(t), map.centreY(t), cfg.workRadius, near).length < minNodes) return false;
        const c0 = t % map.cols;
        const r0 = Math.floor(t / map.cols);
        for (let rr = Math.max(0, r0 - spacing); rr <= Math.min(map.rows - 1, r0 + spacing); rr++) {
          for (let cc = Math.max(0, c0 - spacing); cc <= Math.min(map.cols - 1, c0 + spacing); cc++) tooClose[rr * map.cols + cc] = 1;
        }
      }
      const place = places.add(r.kind, t);
      firms.open(world, r.kind, place.id, wage, cfg.firmSize, Math.round(cfg.firmCapitalDays * wage * shifts * cfg.firmSize));
      return ++placed >= count;
    });
  }
}
