import { describe, expect, it } from 'vitest';
import { Actions } from '../../src/society/actions';
import { Action, Identity, Inventory, Position, Vitals } from '../../src/society/components';
import { createSociety } from '../../src/society/create';
import { StockKey } from '../../src/society/economy/stock';
import { PROFESSIONS } from '../../src/society/names';
import { practice, Skills } from '../../src/society/production/professions';
import { workShift } from '../../src/society/production/work-actions';
import { parseScenario } from '../../src/society/scenario';
import { NODE_FIELD, NodesKey } from '../../src/society/world/nodes';

// A small drawn map: fields top left, a forest, grass elsewhere. No firms: everyone works on their own.
const rows = ['ffffgggggg', 'ffffgggggg', 'ggggggtttt', 'ggggggtttt'];
const scenario = parseScenario({ name: 'crafts', world: { width: 10, height: 4 }, agents: 4, map: { rows }, production: { jobsPerCapita: 0, toolBreakChance: 0 } });

function setup() {
  const w = createSociety(scenario);
  w.step(); // skills are set up in the first tick
  return w;
}

function finishAction(w: ReturnType<typeof createSociety>, eid: number) {
  const registry = w.resource(Actions);
  const def = registry.byKind(w.store(Action).kind[eid])!;
  w.store(Action).kind[eid] = 0;
  def.complete?.(w, eid);
}

function make(w: ReturnType<typeof createSociety>, eid: number, profession: string, x: number, y: number) {
  w.store(Identity).profession[eid] = PROFESSIONS.indexOf(profession as (typeof PROFESSIONS)[number]);
  w.store(Position).x[eid] = x;
  w.store(Position).y[eid] = y;
  w.store(Vitals).energy[eid] = 1;
}

describe('professions produce', () => {
  it('a farmer on a field grows food from it; the field depletes by what was grown', () => {
    const w = setup();
    const [farmer] = w.entities.alive();
    make(w, farmer, 'farmer', 1.5, 1);
    const nodes = w.resource(NodesKey);
    const field0 = nodes.levels().stock[NODE_FIELD];
    const food0 = w.store(Inventory).food[farmer];
    const registry = w.resource(Actions);
    expect(registry.perform(w, farmer, { type: 'work' })).toEqual({ ok: true });
    expect(w.store(Action).remaining[farmer]).toBe(scenario.production.shiftTicks);
    finishAction(w, farmer);
    const grown = w.store(Inventory).food[farmer] - food0;
    expect(grown).toBeGreaterThan(0);
    expect(field0 - nodes.levels().stock[NODE_FIELD]).toBe(grown);
    // Off the fields, farm work is refused with the reason.
    make(w, farmer, 'farmer', 8, 0.5);
    expect(registry.check(w, farmer, { type: 'work' })).toMatchObject({ ok: false, reason: 'work: farm work needs a field within reach' });
  });

  it('a crafter turns 2 materials into 1 tool, and cannot work without materials', () => {
    const w = setup();
    const [, crafter] = w.entities.alive();
    make(w, crafter, 'craftsperson', 5, 1);
    const inv = w.store(Inventory);
    inv.materials[crafter] = 3;
    inv.tools[crafter] = 0;
    const registry = w.resource(Actions);
    const before = w.resource(StockKey).discrepancy(w); // nonzero: the test set the inventory by hand
    expect(registry.perform(w, crafter, { type: 'work' })).toEqual({ ok: true });
    finishAction(w, crafter);
    expect(inv.tools[crafter]).toBe(1);
    expect(inv.materials[crafter]).toBe(1);
    expect(registry.check(w, crafter, { type: 'work' })).toMatchObject({ ok: false, reason: 'work: you need 2 materials to make one unit of tools' });
    // Work itself is accounted: 2 materials consumed, 1 tool produced, nothing else changed.
    expect(w.resource(StockKey).discrepancy(w)).toEqual(before);
  });

  it('scholars produce knowledge, traders services, artists luxury, gatherers wood', () => {
    const w = setup();
    const [a] = w.entities.alive();
    const inv = w.store(Inventory);
    for (const [profession, good, x, y] of [['teacher', 'knowledge', 5, 1], ['trader', 'services', 5, 1], ['artist', 'luxury', 5, 1], ['explorer', 'materials', 8, 3]] as const) {
      make(w, a, profession, x, y);
      const before = inv[good][a];
      expect(w.resource(Actions).perform(w, a, { type: 'work' })).toEqual({ ok: true });
      finishAction(w, a);
      expect(inv[good][a]).toBeGreaterThan(before);
    }
  });
});

describe('skills', () => {
  it('improve with practice, by less and less', () => {
    let s = 0.1;
    const steps: number[] = [];
    for (let i = 0; i < 50; i++) {
      const next = practice(s, 0.05);
      steps.push(next - s);
      s = next;
    }
    expect(s).toBeGreaterThan(0.9);
    expect(s).toBeLessThan(1);
    for (let i = 1; i < steps.length; i++) expect(steps[i]).toBeLessThan(steps[i - 1]);
  });

  it('grow as a worker works, and a skilled worker makes more', () => {
    const w = setup();
    const [worker] = w.entities.alive();
    make(w, worker, 'teacher', 5, 1);
    const skill = w.store(Skills).scholarship;
    skill[worker] = 0.05;
    let novice = 0;
    for (let i = 0; i < 100; i++) {
      novice += workShift(w, worker);
      if (i === 0) expect(skill[worker]).toBeGreaterThan(0.05);
      skill[worker] = 0.05;
    }
    skill[worker] = 0.95;
    let master = 0;
    for (let i = 0; i < 100; i++) {
      master += workShift(w, worker);
      skill[worker] = 0.95;
    }
    // Output scales by (0.5 + skill): 1.45 / 0.55 ≈ 2.6 times as much on average.
    expect(master / novice).toBeGreaterThan(2);
    expect(master / novice).toBeLessThan(3.3);
    const before = skill[worker];
    w.store(Inventory).knowledge[worker] = 1;
    expect(w.resource(Actions).perform(w, worker, { type: 'study' })).toEqual({ ok: true });
    expect(skill[worker]).toBeGreaterThan(before);
  });

  it('an evening of several sessions is one enjoy or study: units used up, happiness or practice and time for each', () => {
    const w = setup();
    const [a] = w.entities.alive();
    make(w, a, 'teacher', 5, 1);
    const registry = w.resource(Actions);
    const inv = w.store(Inventory);
    const v = w.store(Vitals);
    const leisureTicks = 4; // the default production.leisureTicks
    inv.luxury[a] = 3;
    v.happiness[a] = 0.2;
    expect(registry.perform(w, a, { type: 'enjoy', good: 'luxury', units: 2 })).toEqual({ ok: true });
    expect(inv.luxury[a]).toBe(1);
    expect(v.happiness[a]).toBeCloseTo(0.2 + 2 * 2 * 0.08, 5);
    expect(w.store(Action).remaining[a]).toBe(2 * leisureTicks);
    finishAction(w, a);
    // More units than held: refused with the count, nothing used up; malformed units are refused too.
    const refused = registry.perform(w, a, { type: 'enjoy', good: 'luxury', units: 2 });
    expect(refused).toEqual({ ok: false, reason: 'enjoy: you have only 1 luxury' });
    expect(inv.luxury[a]).toBe(1);
    for (const units of [0, 1.5, 5, '2']) expect(registry.perform(w, a, { type: 'enjoy', good: 'luxury', units }).ok, String(units)).toBe(false);
    expect(inv.luxury[a]).toBe(1);
    // Three sessions of study are three steps of practice.
    const skill = w.store(Skills).scholarship;
    const before = skill[a];
    inv.knowledge[a] = 3;
    expect(registry.perform(w, a, { type: 'study', units: 3 })).toEqual({ ok: true });
    expect(inv.knowledge[a]).toBe(0);
    const gain = 0.02 * 3; // skillGain × 3 a session
    expect(skill[a]).toBeCloseTo(practice(practice(practice(before, gain), gain), gain), 6);
    expect(w.store(Action).remaining[a]).toBe(3 * leisureTicks);
  });

  it('newcomers get starting skills, strongest in their own craft', () => {
    const w = setup();
    const s = w.store(Skills);
    for (const e of w.entities.alive()) {
      const own = w.store(Identity).profession[e];
      const craft = ['studio', 'school', 'office', 'workshop', 'lumberyard', 'school', 'workshop', 'farm', 'workshop', 'school', 'office'][own];
      const skillName = { farm: 'farming', workshop: 'crafting', lumberyard: 'gathering', school: 'scholarship', studio: 'artistry', office: 'commerce' }[craft] as keyof typeof s;
      expect(s[skillName][e]).toBeGreaterThanOrEqual(0.25);
      expect(s.artistry[e] + s.commerce[e] + s.farming[e] + s.crafting[e] + s.gathering[e] + s.scholarship[e]).toBeLessThan(0.35 + 5 * 0.1 + 1e-6);
    }
  });
});
