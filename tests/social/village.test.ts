import { describe, expect, it } from 'vitest';
import { encodeWorld, loadWorld } from '../../src/persistence/world-file';
import { LedgerKey } from '../../src/society/economy/ledger';
import { StockKey } from '../../src/society/economy/stock';
import { Metrics } from '../../src/society/metrics/metrics';
import { Families } from '../../src/society/social/family-registry';
import { Relationships } from '../../src/society/social/relationship-graph';
import { village, withSocial } from './helpers';
import { createSociety } from '../../src/society/create';

// A small, fast-living village: a steep old-age hazard (so some die within weeks) and a higher
// birth chance (so births happen within weeks), heuristic brain, two simulated months.
const scenario = withSocial({ reproduction: { chancePerDay: 0.03 }, death: { hazardBase: 0.01 } }, { ...village, agent: { ...village.agent, minAge: 18, maxAge: 60 } });

describe('a village lives through births, marriages and deaths', () => {
  it('with the heuristic brain: people marry, are born and die, families form, and money and goods are conserved', () => {
    const w = createSociety(scenario, { agents: 60 });
    w.run(w.clock.ticksPerDay * 60 + 1); // + 1: the last day's metrics row is written at the next day's start
    const births = w.events.count('birth');
    const deaths = w.events.count('death');
    const marriages = w.events.count('marriage');
    expect(marriages).toBeGreaterThan(5);
    expect(births).toBeGreaterThan(0);
    expect(deaths).toBeGreaterThan(0);
    expect(w.entities.count).toBe(60 + births - deaths);
    expect(w.resource(LedgerKey).discrepancy(w)).toBe(0);
    expect(Object.values(w.resource(StockKey).discrepancy(w)).every((d) => d === 0)).toBe(true);
    const m = w.resource(Metrics);
    expect(m.series('births').reduce((s, x) => s + x, 0)).toBe(births);
    expect(m.series('marriages').reduce((s, x) => s + x, 0)).toBe(marriages);
    const latest = m.latest();
    expect(latest.pop_0_17).toBeGreaterThan(0);
    expect(latest.generations).toBe(2);
    expect(latest.meanDegree).toBeGreaterThan(1);
    expect(latest.households).toBeLessThan(w.entities.count);
    // Conversations happened and the graph stays within its per-agent cap.
    expect(w.events.count('conversation')).toBeGreaterThan(100);
    const g = w.resource(Relationships);
    for (const e of w.entities.alive()) expect(g.degree(e)).toBeLessThanOrEqual(scenario.social.relationships.maxPerAgent);
    // Every living agent lives in exactly one household.
    const housed = [...w.resource(Families).households.values()].flat().sort((a, b) => a - b);
    expect(housed).toEqual(Array.from(w.entities.alive()).sort((a, b) => a - b));
  });

  it('is deterministic across a save and load in the middle', () => {
    const w = createSociety(scenario, { agents: 40 });
    w.run(w.clock.ticksPerDay * 8);
    const copy = loadWorld(encodeWorld(w));
    expect(copy.stateHash()).toBe(w.stateHash());
    const ticks = w.clock.ticksPerDay * 4;
    w.run(ticks);
    copy.run(ticks);
    expect(copy.stateHash()).toBe(w.stateHash());
    expect(w.events.count('marriage')).toBeGreaterThan(0);
  });
});
