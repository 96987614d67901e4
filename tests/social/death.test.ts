import { describe, expect, it } from 'vitest';
import { Actions } from '../../src/society/actions';
import { Inventory, Vitals, Wallet } from '../../src/society/components';
import { BankKey } from '../../src/society/economy/bank';
import { Credit } from '../../src/society/economy/components';
import { LedgerKey } from '../../src/society/economy/ledger';
import { MarketsKey } from '../../src/society/economy/markets';
import { Metrics } from '../../src/society/metrics/metrics';
import { Kin } from '../../src/society/social/components';
import { oldAgeDailyChance } from '../../src/society/social/death-system';
import { giveBirth, marry } from '../../src/society/social/families';
import { Families } from '../../src/society/social/family-registry';
import { Relationships } from '../../src/society/social/relationship-graph';
import { SocialMemoryKey } from '../../src/society/social/social-memory';
import { person, society } from './helpers';

describe('causes of death', () => {
  it('old age: the hazard rises with age, and the old die with cause "old_age" and their age', () => {
    expect(oldAgeDailyChance(80, 0.00003, 0.09)).toBeGreaterThan(20 * oldAgeDailyChance(40, 0.00003, 0.09));
    const w = society(6, { death: { hazardBase: 0.5, hazardGrowth: 0.1 } });
    const ids = Array.from(w.entities.alive());
    ids.forEach((e, i) => (w.store(Vitals).age[e] = i < 3 ? 95 : 1));
    w.run(w.clock.ticksPerDay * 4 + 1);
    const deaths = w.events.recent('death');
    const old = deaths.filter((d) => ids.slice(0, 3).includes(d.agent));
    expect(old.length).toBe(3);
    for (const d of old) {
      expect(d.cause).toBe('old_age');
      expect(d.age).toBeGreaterThan(95);
    }
    expect(deaths.some((d) => ids.slice(3).includes(d.agent))).toBe(false);
    const m = w.resource(Metrics);
    expect(m.series('deaths_old_age').reduce((s, x) => s + x, 0)).toBe(3);
  });

  it('starvation: a starving agent loses health and dies with cause "starvation"', () => {
    const w = society(2);
    const [a] = w.entities.alive();
    const v = w.store(Vitals);
    v.hunger[a] = 1;
    v.health[a] = 0.01;
    w.store(Inventory).food[a] = 0;
    w.store(Wallet).cash[a] = 0;
    w.run(3);
    expect(w.isAlive(a)).toBe(false);
    expect(w.events.recent('death').map((d) => [d.agent, d.cause])).toEqual([[a, 'starvation']]);
  });

  it('health 0 without starvation: cause "health"', () => {
    const w = society(2);
    const [, b] = w.entities.alive();
    const v = w.store(Vitals);
    v.health[b] = 0;
    v.energy[b] = 0;
    w.step();
    expect(w.isAlive(b)).toBe(false);
    expect(w.events.recent('death').at(-1)).toMatchObject({ agent: b, cause: 'health' });
  });
});

describe('a clean death', () => {
  it('leaves no order, loan, relationship, kin link or memory pointing at the dead; a newborn reusing the id inherits nothing', () => {
    const w = society(4);
    const [mother, father, friend, other] = w.entities.alive();
    person(w, mother, 30, 'f');
    person(w, father, 32, 'm');
    marry(w, mother, father);
    const child = giveBirth(w, mother, father);
    const reg = w.resource(Actions);
    // The father: a friend, a conversation (memories both sides), an open market order, a deposit and a loan.
    w.resource(Relationships).strengthen(father, friend, 0.6, 0.1);
    w.resource(Relationships).strengthen(friend, father, 0.6, 0.1);
    w.store(Kin).married[other] = 0;
    const memory = w.resource(SocialMemoryKey);
    memory.add(friend, 'conversation', 'Talked with the father', father);
    memory.add(father, 'conversation', 'Talked with the friend', friend);
    const markets = w.resource(MarketsKey);
    const order = markets.submit(w, father, 'food', 'sell', 2, 100_000);
    expect(order.ok).toBe(true);
    expect(markets.ordersOf(father).length).toBe(1);
    const bank = w.resource(BankKey);
    expect(bank.deposit(w, father, 5_000).ok).toBe(true);
    // A creditworthy borrower (income on record, a good score) so the bank approves.
    bank.recordIncome(w, father, 1_000_000);
    w.store(Credit).score[father] = 820;
    expect(bank.apply(w, father, 10_000, 'mortgage').ok).toBe(true);
    expect(bank.loansOf(father).length).toBe(1);
    expect(reg.check(w, father, { type: 'rest' }).ok).toBe(true);

    const cashBefore = [mother, child].map((e) => w.store(Wallet).cash[e]);
    w.despawnLater(father, 'health');
    w.step();
    expect(w.isAlive(father)).toBe(false);
    expect(markets.ordersOf(father)).toEqual([]);
    expect(bank.loansOf(father)).toEqual([]);
    const g = w.resource(Relationships);
    expect(g.degree(father)).toBe(0);
    for (const e of w.entities.alive()) expect(g.has(e, father)).toBe(false);
    expect(memory.pointingAt(father)).toBe(0);
    expect(memory.recent(friend).some((m) => m.text === 'Talked with the father')).toBe(true); // kept, unlinked
    const families = w.resource(Families);
    expect(families.pointingAt(father)).toBe(0);
    expect(families.spouseOf(mother)).toBe(-1);
    expect(w.store(Kin).married[mother]).toBe(0);
    expect(families.parentsOf(child)).toEqual([mother]);
    // The estate went to the child (deposits refunded, loan settled first): money conserved.
    expect(w.store(Wallet).cash[child]).toBeGreaterThan(cashBefore[1]);
    expect(w.resource(LedgerKey).discrepancy(w)).toBe(0);

    // The next spawn reuses the id: it must start with nothing of the dead.
    const remarried = giveBirth(w, mother, other);
    expect(remarried).toBe(father);
    expect(w.entities.generation(remarried)).toBeGreaterThan(0);
    expect(families.spouseOf(remarried)).toBe(-1);
    expect(families.childrenOf(remarried)).toEqual([]);
    expect(g.neighbours(remarried).sort()).toEqual([child, mother, other].sort());
    expect(g.typeOf(remarried, friend)).toBeNull();
    expect(memory.recent(remarried)).toEqual([]);
    expect(markets.ordersOf(remarried)).toEqual([]);
    expect(bank.loansOf(remarried)).toEqual([]);
    expect(w.store(Wallet).cash[remarried]).toBe(0);
  });
});
