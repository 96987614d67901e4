import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Inventory, Wallet } from '../../src/society/components';
import { LedgerKey } from '../../src/society/economy/ledger';
import { StockKey } from '../../src/society/economy/stock';
import { Kin, SEX_FEMALE, SEX_MALE, Social } from '../../src/society/social/components';
import type { InheritanceRule } from '../../src/society/social/config';
import { giveBirth, marry } from '../../src/society/social/families';
import { childWeights, splitUnits, TREASURY } from '../../src/society/social/inheritance';
import { person, society } from './helpers';

describe('splitting an estate in cents', () => {
  it('shares always sum to the estate exactly, are never negative, and follow the weights to within a cent', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2_000_000_000 }), fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: 1, maxLength: 9 }), (total, weights) => {
        const parts = splitUnits(total, weights);
        expect(parts.reduce((s, x) => s + x, 0)).toBe(total);
        const w = weights.map((x) => Math.round(x * 1e6));
        const sum = w.reduce((s, x) => s + x, 0);
        parts.forEach((p, i) => {
          expect(Number.isInteger(p) && p >= 0).toBe(true);
          const exact = sum === 0 ? total / w.length : (total * w[i]) / sum;
          expect(Math.abs(p - exact)).toBeLessThan(1 + 1e-6);
        });
      }),
      { numRuns: 300 },
    );
  });

  it('gives leftover cents to the largest remainders, ties to the elder', () => {
    expect(splitUnits(1001, [1, 1, 1])).toEqual([334, 334, 333]);
    expect(splitUnits(1001, childWeights('primogeniture', kids('fff'), 0.6))).toEqual([601, 200, 200]);
    expect(splitUnits(100, childWeights('primogeniture', kids('f'), 0.6))).toEqual([100]); // a single child takes all
    expect(splitUnits(1001, childWeights('patrilineal', kids('fmfm'), 0.6))).toEqual([0, 501, 0, 500]);
    expect(splitUnits(1001, childWeights('patrilineal', kids('ff'), 0.6))).toEqual([501, 500]); // no son: all children
    expect(splitUnits(1000, childWeights('merit', [{ male: false, merit: 0.6 }, { male: true, merit: 0.2 }], 0.6))).toEqual([750, 250]);
    expect(splitUnits(7, [0, 0])).toEqual([4, 3]);
  });
});

function kids(sexes: string) {
  return [...sexes].map((s) => ({ male: s === 'm', merit: 0.5 }));
}

/** A parent couple, their children (eldest first), and the world. */
function family(rule: InheritanceRule, sexes: string) {
  const w = society(2, { inheritance: { rule } });
  const [m, f] = w.entities.alive();
  person(w, m, 30, 'f');
  person(w, f, 32, 'm');
  marry(w, m, f);
  const children = [...sexes].map((s) => {
    const c = giveBirth(w, m, f);
    w.store(Kin).sex[c] = s === 'm' ? SEX_MALE : SEX_FEMALE;
    return c;
  });
  return { w, m, f, children };
}

describe('inheritance in the world', () => {
  for (const [rule, expected] of [
    ['equal', [334, 334, 333]],
    ['primogeniture', [601, 200, 200]],
    ['patrilineal', [0, 1001, 0]],
    ['merit', [501, 250, 250]],
  ] as const) {
    it(`${rule}: the children get shares summing to the whole estate in cents, goods too; money and goods are conserved`, () => {
      const { w, f, children } = family(rule, 'fmf');
      const cash = w.store(Wallet).cash;
      const inv = w.store(Inventory);
      const ledger = w.resource(LedgerKey);
      // The dead father's estate: 1001 cents and 7 food (moved, not created: the books stay balanced).
      ledger.transfer(w, f, children[0], cash[f] - 1001);
      w.resource(StockKey).move(w, f, children[0], 'food', inv.food[f] - 7);
      const rep = w.store(Social).reputation;
      rep[children[0]] = 0.5;
      rep[children[1]] = 0.25;
      rep[children[2]] = 0.25;
      const before = children.map((c) => cash[c]);
      const foodBefore = children.map((c) => inv.food[c]);
      w.despawn(f, 'old_age');
      const got = children.map((c, i) => cash[c] - before[i]);
      expect(got).toEqual(expected);
      expect(got.reduce((s, x) => s + x, 0)).toBe(1001);
      expect(children.map((c, i) => inv.food[c] - foodBefore[i]).reduce((s, x) => s + x, 0)).toBe(7);
      expect(ledger.discrepancy(w)).toBe(0);
      expect(Object.values(w.resource(StockKey).discrepancy(w)).every((d) => d === 0)).toBe(true);
    });
  }

  it('with no children the spouse inherits everything; with no spouse, the siblings; with nobody, the treasury', () => {
    const { w, m, f, children } = family('equal', 'ff');
    const cash = w.store(Wallet).cash;
    const ledger = w.resource(LedgerKey);
    // Spouse: a childless couple.
    const lone = society(2);
    const [a, b] = lone.entities.alive();
    person(lone, a, 40, 'f');
    person(lone, b, 41, 'm');
    marry(lone, a, b);
    const estateA = lone.store(Wallet).cash[a];
    const bBefore = lone.store(Wallet).cash[b];
    lone.despawn(a, 'old_age');
    expect(lone.store(Wallet).cash[b] - bBefore).toBe(estateA);
    // Nobody left: the treasury.
    const treasuryBefore = lone.resource(LedgerKey).balance(lone, TREASURY);
    const estateB = lone.store(Wallet).cash[b];
    const foodB = lone.store(Inventory).food[b];
    lone.despawn(b, 'old_age');
    expect(lone.resource(LedgerKey).balance(lone, TREASURY) - treasuryBefore).toBe(estateB);
    expect(lone.resource(StockKey).amount(lone, TREASURY, 'food')).toBeGreaterThanOrEqual(foodB);
    expect(lone.resource(LedgerKey).discrepancy(lone)).toBe(0);
    // Siblings: an orphan with no spouse and no children leaves everything to its siblings.
    w.despawn(m, 'old_age');
    w.despawn(f, 'old_age');
    const [c0, c1] = children;
    const estate = cash[c0];
    const sib = cash[c1];
    w.despawn(c0, 'old_age');
    expect(cash[c1] - sib).toBe(estate);
    expect(ledger.discrepancy(w)).toBe(0);
  });
});
