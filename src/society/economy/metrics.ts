// The economy's daily metrics. The formulas are pure functions over plain numbers and arrays so
// hand-computed examples test them; economyMetrics() gathers their inputs from the world.
//
// Wealth of an agent = cash + bank balances + goods valued at the market reference prices − debt
// (the prototype's analyzer left cash out; we count it: it is most of what villagers own). Gini is
// computed over wealth floored at 0 (the standard formula needs non-negative values).

import type { World } from '../../engine/world';
import { Inventory, Wallet } from '../components';
import { Metrics } from '../metrics/metrics';
import { BASE_PRICE_CENTS, GOODS, type Good } from '../resources';
import { BankKey, VAULT } from './bank';
import { BankAccount, Credit } from './components';
import { LedgerKey } from './ledger';
import { MARKET_ESCROW, MarketsKey } from './markets';
import { TREASURY, TreasuryKey } from './treasury';

/** The prototype's inflation basket (§3.5), equally weighted. */
export const PRICE_BASKET: Readonly<Partial<Record<Good, number>>> = { food: 1, materials: 1, energy: 1 };

/** Gini coefficient of non-negative values: 2Σ(i·x_i)/(nΣx) − (n+1)/n over ascending x, i from 1; 0 when empty or all zero. */
export function gini(values: ArrayLike<number>): number {
  const n = values.length;
  if (n === 0) return 0;
  const xs = Float64Array.from(values).sort();
  let sum = 0;
  let weighted = 0;
  for (let i = 0; i < n; i++) {
    if (xs[i] < 0) throw new Error('gini: values must be non-negative');
    sum += xs[i];
    weighted += (i + 1) * xs[i];
  }
  if (sum === 0) return 0;
  return (2 * weighted) / (n * sum) - (n + 1) / n;
}

/** Laspeyres-style index: 100 × Σ w·price / Σ w·base over the basket. */
export function priceIndex(prices: Readonly<Partial<Record<Good, number>>>, basket: Readonly<Partial<Record<Good, number>>> = PRICE_BASKET, base: Readonly<Record<Good, number>> = BASE_PRICE_CENTS): number {
  let now = 0;
  let then = 0;
  for (const [good, w] of Object.entries(basket) as [Good, number][]) {
    const p = prices[good];
    if (p === undefined) throw new Error(`priceIndex: no price for ${good}`);
    now += w * p;
    then += w * base[good];
  }
  return then === 0 ? 0 : (100 * now) / then;
}

/** Period-over-period inflation rate; 0 when there is no previous index. */
export function inflationRate(previousIndex: number | undefined, index: number): number {
  return previousIndex === undefined || !(previousIndex > 0) ? 0 : index / previousIndex - 1;
}

/** Defaults as a share of loans ever issued. */
export function defaultRate(defaulted: number, issued: number): number {
  return issued === 0 ? 0 : defaulted / issued;
}

/** One agent's wealth in cents: cash + deposits + Σ goods × price − debt. */
export function wealth(cash: number, deposits: number, goods: readonly number[], prices: readonly number[], debt: number): number {
  let v = cash + deposits - debt;
  for (let i = 0; i < goods.length; i++) v += goods[i] * prices[i];
  return v;
}

export function economyMetrics(world: World): Record<string, number> {
  const ledger = world.resource(LedgerKey);
  const markets = world.resource(MarketsKey);
  const bank = world.resource(BankKey);
  const alive = world.entities.alive();
  const cash = world.store(Wallet).cash;
  const inv = world.store(Inventory);
  const acc = world.store(BankAccount);
  const debt = world.store(Credit).debt;
  const prices = GOODS.map((g) => markets.reference(g));
  const wealths = new Float64Array(alive.length);
  const goods = new Array<number>(GOODS.length);
  // Each good's array once, not looked up by name per agent (most of this pass's time).
  const held = GOODS.map((g) => inv[g]);
  let cashTotal = 0;
  let depositTotal = 0;
  for (let i = 0; i < alive.length; i++) {
    const e = alive[i];
    const dep = acc.checking[e] + acc.savings[e] + acc.business[e] + acc.investment[e];
    for (let g = 0; g < held.length; g++) goods[g] = held[g][e];
    cashTotal += cash[e];
    depositTotal += dep;
    wealths[i] = Math.max(0, wealth(cash[e], dep, goods, prices, debt[e]));
  }
  let outstanding = 0;
  let defaulted = 0;
  for (const l of bank.allLoans()) {
    if (l.status === 'active') outstanding += l.remaining;
    else defaulted += l.remaining;
  }
  const refByGood = Object.fromEntries(GOODS.map((g, i) => [g, prices[i]])) as Record<Good, number>;
  const index = priceIndex(refByGood);
  const history = world.resource(Metrics);
  // One value, not the whole latest row (hundreds of columns) made into an object.
  const previous = history.latestOf('priceIndex');
  const s = bank.stats;
  const row: Record<string, number> = {
    moneyTotal: ledger.totalMoney(world),
    moneyCash: cashTotal,
    moneyDeposits: depositTotal,
    bankVault: ledger.balance(world, VAULT),
    treasury: ledger.balance(world, TREASURY),
    marketEscrow: ledger.balance(world, MARKET_ESCROW),
    loansOutstanding: outstanding,
    defaultedDebt: defaulted,
    loansIssued: s.loansIssued,
    loansDefaulted: s.loansDefaulted,
    defaultRate: defaultRate(s.loansDefaulted, s.loansIssued),
    taxCollected: world.resource(TreasuryKey).totals.salesTax + world.resource(TreasuryKey).totals.incomeTax,
    giniWealth: gini(wealths),
    priceIndex: index,
    inflation: inflationRate(previous, index),
  };
  for (const g of GOODS) {
    const st = markets.stats(g);
    row[`trades_${g}`] = st.yesterday.trades;
    row[`volume_${g}`] = st.yesterday.volume;
    row[`price_${g}`] = st.yesterday.volume > 0 ? st.yesterday.valueCents / st.yesterday.volume : st.reference;
  }
  return row;
}
