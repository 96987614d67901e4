import { describe, expect, it } from 'vitest';
import { Actions } from '../../src/society/actions';
import { Inventory, Position, Wallet } from '../../src/society/components';
import { LedgerKey } from '../../src/society/economy/ledger';
import { giveBirth, marry } from '../../src/society/social/families';
import { Families } from '../../src/society/social/family-registry';
import { Relationships } from '../../src/society/social/relationship-graph';
import { SocialMemoryKey } from '../../src/society/social/social-memory';
import { person, society } from './helpers';

function together(n: number) {
  const w = society(n);
  const ids = Array.from(w.entities.alive());
  const p = w.store(Position);
  for (const e of ids) {
    p.x[e] = 30;
    p.y[e] = 30;
  }
  return { w, ids, reg: w.resource(Actions) };
}

describe('social actions', () => {
  it('give moves cents or goods through the Ledger and the Stock, and refuses what the giver lacks or a malformed gift', () => {
    const { w, ids, reg } = together(2);
    const [a, b] = ids;
    const cash = w.store(Wallet).cash;
    const food = w.store(Inventory).food;
    const [ca, cb, fa, fb] = [cash[a], cash[b], food[a], food[b]];
    expect(reg.perform(w, a, { type: 'give', target: b, cents: 250 })).toEqual({ ok: true });
    expect([cash[a], cash[b]]).toEqual([ca - 250, cb + 250]);
    w.step(); // a new tick: the interaction budget resets
    expect(reg.perform(w, a, { type: 'give', target: b, good: 'food', quantity: 2 })).toEqual({ ok: true });
    expect(food[b] - fb).toBeGreaterThanOrEqual(2 - 1); // b may have eaten one meanwhile
    expect(fa - food[a]).toBeGreaterThanOrEqual(2);
    expect(reg.check(w, a, { type: 'give', target: b, cents: cash[a] + 1 })).toMatchObject({ ok: false, reason: /less than/ });
    expect(reg.check(w, a, { type: 'give', target: b, cents: 5, good: 'food', quantity: 1 })).toMatchObject({ ok: false });
    expect(reg.check(w, a, { type: 'give', target: b, good: 'gold', quantity: 1 })).toMatchObject({ ok: false });
    expect(w.resource(LedgerKey).discrepancy(w)).toBe(0);
    expect(w.resource(SocialMemoryKey).recent(b).some((m) => m.kind === 'gift')).toBe(true);
  });

  it('propose_marriage needs a bond both ways; with one it marries the two', () => {
    const { w, ids, reg } = together(2);
    const [a, b] = ids;
    person(w, a, 28, 'f');
    person(w, b, 29, 'm');
    expect(reg.check(w, a, { type: 'propose_marriage', target: b })).toMatchObject({ ok: false, reason: /well enough/ });
    const g = w.resource(Relationships);
    // b does not care for a: the proposal is refused and a's feeling cools (a small conflict).
    g.strengthen(a, b, 0.5, 0);
    expect(reg.perform(w, a, { type: 'propose_marriage', target: b })).toEqual({ ok: true });
    expect(w.resource(Families).spouseOf(a)).toBe(-1);
    expect(g.strength(a, b)).toBeCloseTo(0.4, 5);
    w.step(); // (the two may have talked meanwhile: bonds are raised by a fixed amount below)
    g.strengthen(a, b, 0.5, 0.5);
    g.strengthen(b, a, 0.5, 0.5);
    expect(reg.perform(w, a, { type: 'propose_marriage', target: b })).toEqual({ ok: true });
    expect(w.resource(Families).spouseOf(a)).toBe(b);
    expect(reg.check(w, a, { type: 'family_interact_spouse' }).ok).toBe(true);
  });

  it('family actions check the family: only one’s own child, only with a spouse, only in a shared household', () => {
    const { w, ids, reg } = together(3);
    const [a, b, c] = ids;
    person(w, a, 28, 'f');
    person(w, b, 29, 'm');
    expect(reg.check(w, a, { type: 'family_interact_spouse' })).toMatchObject({ ok: false, reason: /no spouse/ });
    expect(reg.check(w, a, { type: 'family_manage_household' })).toMatchObject({ ok: false, reason: /alone/ });
    marry(w, a, b);
    const child = giveBirth(w, a, b);
    expect(reg.check(w, a, { type: 'family_interact_child', child: c })).toMatchObject({ ok: false, reason: /not your child/ });
    const before = w.resource(Relationships).strength(a, child);
    expect(reg.perform(w, a, { type: 'family_interact_child', child })).toEqual({ ok: true });
    expect(w.resource(Relationships).strength(a, child)).toBeGreaterThanOrEqual(before);
    expect(reg.perform(w, b, { type: 'family_manage_household' })).toEqual({ ok: true });
  });
});
