import { describe, expect, it } from 'vitest';
import { loadScenario } from '../../src/persistence/scenario-files';
import { Actions } from '../../src/society/actions';
import { Action, Inventory, Position, Vitals } from '../../src/society/components';
import { Names } from '../../src/society/core/agents';
import { createSociety } from '../../src/society/create';
import { Metrics } from '../../src/society/metrics/metrics';

const village = loadScenario('village');

describe('determinism', () => {
  it('the same scenario and seed give the same state hash; another seed gives another', () => {
    const run = (seed: number) => {
      const w = createSociety(village, { seed, agents: 120 });
      w.run(300);
      return w.stateHash();
    };
    const a = run(11);
    expect(run(11)).toBe(a);
    expect(run(12)).not.toBe(a);
  });

  it('the hash covers component data and side state', () => {
    const w = createSociety(village, { agents: 10 });
    const h0 = w.stateHash();
    const e = w.entities.alive()[0];
    w.store(Position).x[e] += 0.5;
    const h1 = w.stateHash();
    expect(h1).not.toBe(h0);
    w.resource(Names).set(e, { name: 'Changed', persona: 'p' });
    expect(w.stateHash()).not.toBe(h1);
  });
});

describe('the first living world', () => {
  it('spawns the scenario agents with names, personas and the prototype defaults', () => {
    const w = createSociety(village);
    expect(w.entities.count).toBe(200);
    const e = w.entities.alive()[5];
    expect(w.resource(Names).get(e)!.persona).toMatch(/^I am a \w+ \w+ who enjoys/);
    expect(w.store(Vitals).energy[e]).toBe(1);
    expect(w.store(Inventory).food[e]).toBe(10);
    const age = w.store(Vitals).age[e];
    expect(age).toBeGreaterThanOrEqual(20);
    expect(age).toBeLessThanOrEqual(50);
  });

  it('agents move, gather, eat and rest, stay in bounds, and stay alive over a simulated month', async () => {
    const w = createSociety(village, { agents: 100 });
    const p = w.store(Position);
    const start = Array.from(w.entities.alive(), (e) => [p.x[e], p.y[e]]);
    let gathered = 0;
    // Stop at noon of the last day to count who moved (at midnight people are back home in bed).
    w.run(w.clock.ticksPerMonth - w.clock.ticksPerDay / 2);
    let moved = 0;
    w.entities.alive().forEach((e, i) => {
      if (start[i] && (p.x[e] !== start[i][0] || p.y[e] !== start[i][1])) moved++;
    });
    w.run(w.clock.ticksPerDay / 2);
    const alive = w.entities.alive();
    // Nobody dies (births, from the social plugin, may add a few).
    expect(alive.length).toBeGreaterThanOrEqual(100);
    expect(w.events.count('despawn')).toBe(0);
    alive.forEach((e) => {
      const pos = w.store(Position);
      expect(pos.x[e]).toBeGreaterThanOrEqual(0);
      expect(pos.x[e]).toBeLessThanOrEqual(100);
      gathered += w.store(Inventory).food[e] + w.store(Inventory).materials[e];
    });
    expect(moved).toBeGreaterThan(80);
    // Goods flow to firms and markets now, so count what was made and eaten, not what is held.
    expect(gathered).toBeGreaterThan(0);
    const { StockKey } = await import('../../src/society/economy/stock');
    expect(w.resource(StockKey).produced('food')).toBeGreaterThan(100 * 10);
    expect(w.resource(StockKey).consumed('food')).toBeGreaterThan(100 * 10);
    const m = w.resource(Metrics);
    expect(m.rows.length).toBe(30);
    expect(m.series('population').every((n) => n >= 100)).toBe(true);
    expect(m.latest().meanHunger).toBeLessThan(0.9);
  });

  it('an agent with no food starves and dies; the dead leave the world', () => {
    const w = createSociety({ ...village, actions: { ...village.actions, gatherMax: 0, gatherMin: 0 } }, { agents: 3 });
    const inv = w.store(Inventory);
    for (const e of w.entities.alive()) inv.food[e] = 0;
    w.run(w.clock.ticksPerDay * 10);
    expect(w.entities.count).toBe(0);
    expect(w.events.recent('despawn').map((e) => e.reason)).toEqual(['starvation', 'starvation', 'starvation']);
  });

  it('the action registry rejects bad requests with a reason and performs good ones', () => {
    const w = createSociety(village, { agents: 2 });
    const reg = w.resource(Actions);
    const e = w.entities.alive()[0];
    expect(reg.check(w, e, 'rest')).toMatchObject({ ok: false, reason: /object/ });
    expect(reg.check(w, e, { type: 7 })).toMatchObject({ ok: false, reason: /string/ });
    expect(reg.check(w, e, { type: 'fly' })).toMatchObject({ ok: false, reason: 'unknown action "fly"' });
    expect(reg.check(w, e, { type: 'move_to', x: 'a', y: 2 })).toMatchObject({ ok: false, reason: /argument "x"/ });
    expect(reg.check(w, e, { type: 'move_to', x: 500, y: 2 })).toMatchObject({ ok: false, reason: /outside the world/ });
    expect(reg.check(w, e, { type: 'rest', extra: 1 })).toMatchObject({ ok: false });
    w.store(Inventory).food[e] = 0;
    expect(reg.check(w, e, { type: 'eat' })).toMatchObject({ ok: false, reason: 'eat: no food in inventory' });
    expect(reg.perform(w, e, { type: 'move_to', x: 10, y: 10 })).toEqual({ ok: true });
    expect(w.store(Action).kind[e]).toBe(reg.kindOf('move_to'));
  });
});

describe('conservation in the first world', () => {
  it('money and goods are conserved: held = initial + produced − consumed', async () => {
    const { LedgerKey } = await import('../../src/society/economy/ledger');
    const { StockKey } = await import('../../src/society/economy/stock');
    const w = createSociety(village, { agents: 50 });
    w.run(w.clock.ticksPerDay * 5);
    expect(w.resource(LedgerKey).discrepancy(w)).toBe(0);
    expect(Object.values(w.resource(StockKey).discrepancy(w)).every((d) => d === 0)).toBe(true);
    expect(w.resource(StockKey).produced('food')).toBeGreaterThan(0);
    expect(w.resource(StockKey).consumed('food')).toBeGreaterThan(0);
  });
});
