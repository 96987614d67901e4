// The heuristic brain's money habits (HeuristicContributors). They run for every idle agent, so the
// common path reads a few typed-array fields and returns; objects are built only for a candidate, and
// an agent weighs market and bank moves at one decision in decisionEveryDecisions (drawn), except
// buying food when short.
//   markets: buy food when short and able to pay; sell the largest surplus of any good (a teacher on
//            her own sells the knowledge she makes) within ±5 % of the posted price (the prototype's
//            supply/demand price, anchored to the base price, so quotes cannot drift away); merchants
//            (the trader profession) bid just under it and hold a stock of food, materials, energy
//            and tools to resell; others buy the tools, materials and energy they lack when they have
//            spare cash.
//            At most two open orders (they expire after a day, so quotes follow the market).
//   bank:    keep a cash buffer and deposit the rest, withdraw when cash runs low, pay a loan off
//            early when spare cash covers it all (otherwise the bank collects monthly), borrow when
//            food is unaffordable (emergency) or when working capital (cash + checking) falls under
//            two buffers in a productive trade (business); at most one application a month.

import type { World } from '../../engine/world';
import { Identity, Inventory, Wallet } from '../components';
import { ScenarioConfig } from '../core/config';
import type { ActionRequest } from '../actions';
import type { HeuristicContributor, HeuristicRoutine } from '../core/heuristic-brain';
import { KinInNeedKey } from '../social/kin-need-system';
import { PROFESSIONS } from '../names';
import { GOODS, type Good } from '../resources';
import { BankKey } from './bank';
import { BankAccount, Credit, Trading } from './components';
import { MarketsKey } from './markets';
import { isAdult } from '../social/components';

const SURPLUS_GOODS: readonly Good[] = GOODS;
/** The goods merchants hold a stock of (the comforts are made to order by their makers). */
const MERCHANT_GOODS: readonly Good[] = ['food', 'materials', 'energy', 'tools'];
const MERCHANT_STOCKED: ReadonlySet<Good> = new Set(MERCHANT_GOODS);
const WANTED_GOODS: readonly Good[] = ['materials', 'energy', 'tools'];
/** Sell at least this many units over the keep level, so agents do not trade single crumbs. */
const MIN_LOT = 3;
/** One order to sell a surplus and one to buy, at most. */
export const MAX_OPEN_ORDERS = 2;
const TRADER = PROFESSIONS.indexOf('trader');
const PRODUCTIVE = new Set(['trader', 'farmer', 'craftsperson', 'builder', 'inventor'].map((p) => PROFESSIONS.indexOf(p as (typeof PROFESSIONS)[number])));

/**
 * Whether the agent weighs market or bank moves at this decision: with probability 1/every (a draw,
 * not a fixed tick phase, which would never meet agents whose actions last a multiple of `every`).
 */
function isTurn(world: World, every: number): boolean {
  return every <= 1 || world.stream('economy-brain').float() * every < 1;
}

export const marketHabits: HeuristicContributor = (world, eid, out) => {
  if (world.store(Trading).openOrders[eid] >= MAX_OPEN_ORDERS || !isAdult(world, eid)) return;
  const cfg = world.resource(ScenarioConfig).economy.heuristics;
  const inv = world.store(Inventory);
  const food = inv.food[eid];
  // Buying food when short is urgent; every other market decision waits for the agent's turn.
  if (food >= cfg.lowFood && !isTurn(world, cfg.decisionEveryDecisions)) return;
  if (food < cfg.lowFood) {
    const buy = foodPurchase(world, eid);
    if (buy) out.offer(buy, 0.75, 'short of food');
    return;
  }
  const cash = world.store(Wallet).cash[eid];
  const markets = world.resource(MarketsKey);
  const merchant = world.store(Identity).profession[eid] === TRADER;
  let best: Good | null = null;
  let bestValue = 0;
  let bestQty = 0;
  for (const good of SURPLUS_GOODS) {
    const keep = (good === 'food' ? cfg.keepFood : cfg.keepOther) + (merchant && MERCHANT_STOCKED.has(good) ? cfg.merchantStock : 0);
    const surplus = inv[good][eid] - keep;
    if (surplus < MIN_LOT) continue;
    const value = surplus * markets.posted(good);
    if (value > bestValue) {
      best = good;
      bestValue = value;
      bestQty = surplus;
    }
  }
  const rng = world.stream('economy-brain');
  if (best) {
    const price = Math.max(1, Math.round(markets.posted(best) * (1 + rng.range(-0.05, 0.05))));
    out.offer({ type: 'sell', good: best, quantity: bestQty, priceCents: price }, 0.4, `surplus ${best}`);
  }
  if (cash < cfg.cashBufferCents / 2) return;
  if (merchant) {
    // Merchants make the market: they bid a little under the posted price until they hold their stock.
    const good = MERCHANT_GOODS[rng.int(MERCHANT_GOODS.length)];
    const keep = (good === 'food' ? cfg.keepFood : cfg.keepOther) + cfg.merchantStock;
    const price = Math.max(1, Math.floor(markets.posted(good) * 0.98));
    const quantity = Math.min(MIN_LOT * 2, keep - inv[good][eid], Math.floor((cash - cfg.cashBufferCents / 2) / price));
    if (quantity > 0) out.offer({ type: 'buy', good, quantity, priceCents: price }, 0.38, `stock up on ${good} to resell`);
    return;
  }
  if (cash < cfg.cashBufferCents) return;
  for (const good of WANTED_GOODS) {
    if (inv[good][eid] >= cfg.keepOther) continue;
    const price = Math.ceil(markets.posted(good) * 1.05);
    const quantity = cfg.keepOther - inv[good][eid];
    if (cash - price * quantity >= cfg.cashBufferCents / 2) out.offer({ type: 'buy', good, quantity, priceCents: price }, 0.33, `wants ${good}`);
    return;
  }
};

/** Food up to the keep level, as much as the cash covers (a poor agent buys a meal or two rather than nothing), or null. */
function foodPurchase(world: World, eid: number): ActionRequest | null {
  const cfg = world.resource(ScenarioConfig).economy.heuristics;
  const price = Math.ceil(world.resource(MarketsKey).posted('food') * 1.1);
  const quantity = Math.min(cfg.keepFood - world.store(Inventory).food[eid], Math.floor(world.store(Wallet).cash[eid] / price));
  return quantity > 0 ? { type: 'buy', good: 'food', quantity, priceCents: price } : null;
}

/**
 * Buying food when short (0.75) outranks every candidate but eating, resting (the core routine comes
 * first) and feeding kin in need (0.75–0.8, offered later, so buying wins a tie).
 */
export const marketRoutine: HeuristicRoutine = (world, eid) => {
  if (world.store(Inventory).food[eid] >= world.resource(ScenarioConfig).economy.heuristics.lowFood) return null;
  if (world.store(Trading).openOrders[eid] >= MAX_OPEN_ORDERS || !isAdult(world, eid)) return null;
  if (world.hasResource(KinInNeedKey) && world.resource(KinInNeedKey).flags[eid] === 1) return null;
  return foodPurchase(world, eid);
};

export const bankHabits: HeuristicContributor = (world, eid, out) => {
  const cfg = world.resource(ScenarioConfig).economy.heuristics;
  if (!isTurn(world, cfg.decisionEveryDecisions) || !isAdult(world, eid)) return;
  const buffer = cfg.cashBufferCents;
  const cash = world.store(Wallet).cash[eid];
  const c = world.store(Credit);
  const checking = world.store(BankAccount).checking[eid];
  if (cash > buffer * 1.5) {
    if (c.debt[eid] > 0) {
      // Borrowed money is working capital: pay a loan off early only when it can go in one payment.
      const loan = world.resource(BankKey).loansOf(eid)[0];
      if (loan && cash - buffer >= loan.remaining) {
        out.offer({ type: 'repay', loanId: loan.id, amountCents: loan.remaining }, 0.47, 'pay off a loan');
        return;
      }
    }
    out.offer({ type: 'deposit', amountCents: cash - buffer, account: 'checking' }, 0.45, 'save spare cash');
    return;
  }
  if (cash < buffer / 3 && checking > 0) {
    out.offer({ type: 'withdraw', amountCents: Math.min(checking, buffer - cash), account: 'checking' }, 0.5, 'low on cash');
    return;
  }
  if (c.loans[eid] > 0 || c.debt[eid] > 0) return;
  const food = world.store(Inventory).food[eid];
  const foodCost = world.resource(MarketsKey).posted('food') * cfg.keepFood;
  const emergency = food <= 2 && cash < foodCost && checking < foodCost;
  const profession = world.store(Identity).profession[eid];
  // A merchant's working capital must also cover the stock it means to hold.
  const stockNeed = profession === TRADER ? merchantStockNeed(world, eid) : 0;
  const business = !emergency && c.score[eid] >= 700 && PRODUCTIVE.has(profession) && cash + checking - stockNeed < 2 * buffer;
  if (!emergency && !business) return;
  if (!appliedRecently(world, eid)) {
    if (emergency) out.offer({ type: 'borrow', amountCents: cfg.emergencyLoanCents, loanType: 'emergency' }, 0.72, 'cannot afford food');
    else out.offer({ type: 'borrow', amountCents: cfg.businessLoanCents, loanType: 'business' }, 0.41, 'working capital for the trade');
  }
};

/** Cents a merchant would spend to bring every traded good up to its resale stock. */
function merchantStockNeed(world: World, eid: number): number {
  const cfg = world.resource(ScenarioConfig).economy.heuristics;
  const inv = world.store(Inventory);
  const markets = world.resource(MarketsKey);
  let need = 0;
  for (const good of MERCHANT_GOODS) {
    const target = (good === 'food' ? cfg.keepFood : cfg.keepOther) + cfg.merchantStock;
    need += Math.max(0, target - inv[good][eid]) * markets.posted(good);
  }
  return need;
}

function appliedRecently(world: World, eid: number): boolean {
  const last = world.resource(BankKey).lastApplicationTick(eid);
  return last !== undefined && world.clock.tick - last < world.clock.ticksPerMonth;
}
