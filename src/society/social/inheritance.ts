// Inheritance: the dead's cash, goods (and bank deposits, which the finance plugin's despawn hook has
// already refunded into the wallet) go to the children by a rule, else the spouse, else the siblings,
// else the treasury. Shares are integer cents (and whole units of goods) that sum to the estate exactly:
// each heir gets the floor of its exact share, and the leftover units go one each to the largest
// remainders, ties to the heir listed first (the elder). Money and goods stay conserved.

import type { Rng } from '../../engine/rng';
import type { World } from '../../engine/world';
import { Inventory } from '../components';
import { LedgerKey } from '../economy/ledger';
import { StockKey } from '../economy/stock';
import { GOODS } from '../resources';
import { ScenarioConfig } from '../core/config';
import { Kin, SEX_MALE, Social } from './components';
import type { InheritanceRule } from './config';
import { Families } from './family-registry';

export const TREASURY = 'treasury';

/** Split `total` whole units by non-negative weights; the parts sum to `total` exactly. */
export function splitUnits(total: number, weights: readonly number[]): number[] {
  if (!Number.isSafeInteger(total) || total < 0) throw new Error(`splitUnits: total must be a non-negative integer, got ${total}`);
  if (weights.length === 0) throw new Error('splitUnits: no heirs');
  // Integer weights (parts per million) keep every product below 2^53, so % and the division are exact.
  let w = weights.map((x) => (x > 0 ? Math.round(x * 1e6) : 0));
  let sum = w.reduce((s, x) => s + x, 0);
  if (sum === 0) {
    w = weights.map(() => 1);
    sum = w.length;
  }
  const parts = w.map((x) => ((total * x) - ((total * x) % sum)) / sum);
  let left = total - parts.reduce((s, x) => s + x, 0);
  const order = w.map((x, i) => i).sort((a, b) => ((total * w[b]) % sum) - ((total * w[a]) % sum) || a - b);
  for (let k = 0; left > 0; k = (k + 1) % order.length, left--) parts[order[k]]++;
  return parts;
}

export interface ChildHeir {
  male: boolean;
  /** Reputation: the merit rule's measure. */
  merit: number;
}

/** Weights for children listed eldest first, by rule. */
export function childWeights(rule: Exclude<InheritanceRule, 'drawn'>, children: readonly ChildHeir[], eldestShare: number): number[] {
  const n = children.length;
  switch (rule) {
    case 'equal':
      return children.map(() => 1);
    case 'primogeniture':
      // A single child takes everything (the prototype left it 60% and lost the rest).
      return n === 1 ? [1] : children.map((_, i) => (i === 0 ? eldestShare : (1 - eldestShare) / (n - 1)));
    case 'patrilineal': {
      // Sons share equally; with no son, all children do.
      const sons = children.some((c) => c.male);
      return children.map((c) => (!sons || c.male ? 1 : 0));
    }
    case 'merit': {
      // Shares proportional to reputation; all-zero falls back to equal shares in splitUnits.
      return children.map((c) => Math.max(0, c.merit));
    }
  }
}

/** The rule for one death: the configured one, or drawn with the prototype's weights (0.5/0.3/0.15/0.05). */
export function pickRule(rule: InheritanceRule, weights: Record<'primogeniture' | 'equal' | 'patrilineal' | 'merit', number>, rng: Rng): Exclude<InheritanceRule, 'drawn'> {
  if (rule !== 'drawn') return rule;
  const names = ['primogeniture', 'equal', 'patrilineal', 'merit'] as const;
  const total = names.reduce((s, k) => s + weights[k], 0);
  let x = rng.float() * total;
  for (const k of names) {
    x -= weights[k];
    if (x < 0) return k;
  }
  return 'equal';
}

export interface EstateSettlement {
  heirs: number[];
  /** Cents each heir received (parallel to heirs); one entry for the treasury when no heir. */
  cents: number[];
  to: 'children' | 'spouse' | 'siblings' | 'treasury';
  rule: string;
}

/** Hand the estate of `dead` (still alive in the entity index: called from a despawn hook) to the heirs. */
export function settleEstate(world: World, dead: number): EstateSettlement {
  const families = world.resource(Families);
  const cfg = world.resource(ScenarioConfig).social.inheritance;
  const ledger = world.resource(LedgerKey);
  const stock = world.resource(StockKey);
  const children = families.childrenOf(dead);
  const spouse = families.spouseOf(dead);
  const siblings = families.siblingsOf(dead);
  let heirs: number[];
  let weights: number[];
  let to: EstateSettlement['to'];
  let rule = 'equal';
  if (children.length > 0) {
    to = 'children';
    const sex = world.store(Kin).sex;
    const rep = world.store(Social).reputation;
    const picked = pickRule(cfg.rule, cfg.weights, world.stream('inheritance'));
    rule = picked;
    heirs = children;
    weights = childWeights(picked, children.map((c) => ({ male: sex[c] === SEX_MALE, merit: rep[c] })), cfg.eldestShare);
  } else if (spouse >= 0) {
    to = 'spouse';
    heirs = [spouse];
    weights = [1];
  } else if (siblings.length > 0) {
    to = 'siblings';
    heirs = siblings;
    weights = siblings.map(() => 1);
  } else {
    to = 'treasury';
    heirs = [];
    weights = [1];
  }
  const cash = Math.max(0, ledger.balance(world, dead));
  const cents = splitUnits(cash, weights);
  const inv = world.store(Inventory);
  for (let i = 0; i < weights.length; i++) {
    const heir = heirs.length ? heirs[i] : TREASURY;
    if (cents[i] > 0) ledger.transfer(world, dead, heir, cents[i]);
  }
  for (const good of GOODS) {
    const units = Math.max(0, inv[good][dead]);
    if (units === 0) continue;
    const parts = splitUnits(units, weights);
    for (let i = 0; i < weights.length; i++) if (parts[i] > 0) stock.move(world, dead, heirs.length ? heirs[i] : TREASURY, good, parts[i]);
  }
  return { heirs, cents, to, rule };
}
