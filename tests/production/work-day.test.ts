import { describe, expect, it } from 'vitest';
import { loadScenario } from '../../src/persistence/scenario-files';
import { Actions } from '../../src/society/actions';
import { Action, Identity, Inventory, Position, Vitals, Wallet } from '../../src/society/components';
import { heuristicCandidates } from '../../src/society/core/heuristic-brain';
import { createSociety } from '../../src/society/create';
import { runFirmsDay } from '../../src/society/production/firm-system';
import { Employment, FirmsKey, leaveJob, type Firm } from '../../src/society/production/firms';
import { ProductionLogKey } from '../../src/society/production/output';
import { PROFESSION_RECIPE, RECIPES, Skills } from '../../src/society/production/professions';
import { NodesKey } from '../../src/society/world/nodes';
import { PROFESSIONS } from '../../src/society/names';
import { homeOf, PlacesKey } from '../../src/society/world/places';
import type { World } from '../../src/engine/world';

const village = loadScenario('village');

/** A village whose firm of `kind` employs one rested worker standing at the workplace. */
function workerAt(kind: string, production: Record<string, unknown> = {}): { w: World; firm: Firm; eid: number } {
  const w = createSociety({ ...village, production: { ...village.production, ...production } }, { agents: 40 });
  runFirmsDay(w);
  const firm = w.resource(FirmsKey).all().find((f) => f.kind === kind)!;
  firm.openings = Math.max(1, firm.openings);
  w.resource(FirmsKey).recountOpenings();
  const eid = w.entities.alive().find((e) => w.store(Employment).firm[e] === 0 && w.store(Vitals).age[e] >= 18)!;
  expect(w.resource(Actions).perform(w, eid, { type: 'apply_for_job', firm: firm.id })).toEqual({ ok: true });
  const place = w.resource(PlacesKey).get(firm.place)!;
  w.store(Position).x[eid] = place.x;
  w.store(Position).y[eid] = place.y;
  w.store(Vitals).energy[eid] = 1;
  return { w, firm, eid };
}

/** Start work at `hour`:`minute` of day 2; returns its length in ticks. */
function startWork(w: World, eid: number, hour: number, minute = 0): number {
  w.clock.tick = 2 * w.clock.ticksPerDay + (hour * 60 + minute) / w.clock.minutesPerTick;
  expect(w.resource(Actions).perform(w, eid, { type: 'work' })).toEqual({ ok: true });
  expect(w.store(Employment).workTicks[eid]).toBe(w.store(Action).remaining[eid]);
  return w.store(Action).remaining[eid];
}

/** Finish the work in progress now; returns the gross wage it paid. */
function finish(w: World, eid: number): number {
  const log = w.resource(ProductionLogKey);
  const before = log.counters.wagesPaidCents;
  w.store(Action).kind[eid] = 0;
  w.resource(Actions).get('work')!.complete!(w, eid);
  return log.counters.wagesPaidCents - before;
}

describe('a working day', () => {
  it('work started in working hours lasts until they end and pays pro rata in shifts; outside them it is one shift', () => {
    const { w, firm, eid } = workerAt('office'); // no nodes, no inputs: all the work planned gets done
    const shift = village.production.shiftTicks;
    expect(startWork(w, eid, 8)).toBe(20); // 8:00 to 18:00 in 30-minute ticks
    expect(finish(w, eid)).toBe(Math.round(firm.wageCents * (20 / shift)));
    expect(startWork(w, eid, 17, 30)).toBe(1);
    expect(finish(w, eid)).toBe(Math.round(firm.wageCents / shift));
    expect(startWork(w, eid, 19)).toBe(shift);
    expect(finish(w, eid)).toBe(firm.wageCents);
    expect(startWork(w, eid, 3)).toBe(shift);
  });

  it('with workUntilEndOfHours off, work is one shift at any hour', () => {
    const { w, firm, eid } = workerAt('office', { workUntilEndOfHours: false });
    expect(startWork(w, eid, 8)).toBe(village.production.shiftTicks);
    expect(finish(w, eid)).toBe(firm.wageCents);
  });

  it('a day of work produces about two and a half shifts of output, and tires and teaches more than one shift', () => {
    const day = workerAt('office');
    const one = workerAt('office', { workUntilEndOfHours: false });
    const skill = RECIPES.find((r) => r.kind === 'office')!.skill;
    const made = (t: { w: World }) => t.w.resource(ProductionLogKey).made.reduce((s, x) => s + x, 0);
    let dayUnits = 0;
    let oneUnits = 0;
    for (let i = 0; i < 40; i++) {
      for (const t of [day, one]) {
        t.w.store(Vitals).energy[t.eid] = 1;
        t.w.store(Skills)[skill][t.eid] = 0.3;
      }
      const d0 = made(day);
      const o0 = made(one);
      startWork(day.w, day.eid, 8);
      finish(day.w, day.eid);
      startWork(one.w, one.eid, 8);
      finish(one.w, one.eid);
      dayUnits += made(day) - d0;
      oneUnits += made(one) - o0;
    }
    expect(dayUnits / oneUnits).toBeGreaterThan(2.2);
    expect(dayUnits / oneUnits).toBeLessThan(2.8);
    expect(day.w.store(Vitals).energy[day.eid]).toBeCloseTo(1 - 2.5 * village.production.workEnergy, 5);
    expect(one.w.store(Vitals).energy[one.eid]).toBeCloseTo(1 - village.production.workEnergy, 5);
    expect(day.w.store(Skills)[skill][day.eid]).toBeGreaterThan(one.w.store(Skills)[skill][one.eid]);
  });

  it('who has no employer sleeps until working hours start, the employed until the night ends (sleepInUntilWork)', () => {
    for (const sleepIn of [true, false]) {
      const { w, eid } = workerAt('farm', { sleepInUntilWork: sleepIn });
      const [idle, child] = w.entities.alive().filter((e) => w.store(Employment).firm[e] === 0 && w.store(Vitals).age[e] >= 18);
      w.store(Vitals).age[child] = 10; // the village starts with no children
      w.clock.tick = 2 * w.clock.ticksPerDay + 23 * 2; // 23:00
      const slept = (e: number) => {
        expect(w.resource(Actions).perform(w, e, { type: 'sleep' })).toEqual({ ok: true });
        return w.store(Action).remaining[e];
      };
      expect(slept(eid)).toBe(16); // until 7:00, the night's end: a commute before work at 8:00
      expect(slept(idle)).toBe(sleepIn ? 18 : 16);
      expect(slept(child)).toBe(sleepIn ? 18 : 16);
    }
  });

  it('work that ran out (the fields bare) pays, tires and teaches only for the share done', () => {
    const { w, firm, eid } = workerAt('farm');
    expect(startWork(w, eid, 8)).toBe(20);
    // Someone else clears every field around the farm before the day's work is counted.
    const nodes = w.resource(NodesKey);
    const place = w.resource(PlacesKey).get(firm.place)!;
    const around = nodes.within(RECIPES[firm.recipe].node, place.x, place.y, 1e6, []);
    for (const n of around) nodes.take(n, 1e9);
    const skill = w.store(Skills).farming[eid];
    expect(finish(w, eid)).toBe(0);
    expect(w.store(Vitals).energy[eid]).toBe(1);
    expect(w.store(Skills).farming[eid]).toBe(skill);
  });
});

describe('a day off', () => {
  it('rest lasts the hours asked (whole ticks, at least one), a couple of hours by default; bad hours are refused by name', () => {
    const { w, eid } = workerAt('office');
    const registry = w.resource(Actions);
    const remaining = () => w.store(Action).remaining[eid];
    expect(registry.perform(w, eid, { type: 'rest', hours: 3 })).toEqual({ ok: true });
    expect(remaining()).toBe(6);
    expect(registry.perform(w, eid, { type: 'rest', hours: 0.1 })).toEqual({ ok: true });
    expect(remaining()).toBe(1);
    expect(registry.perform(w, eid, { type: 'rest' })).toEqual({ ok: true });
    expect(remaining()).toBe(village.actions.restTicks);
    expect(registry.check(w, eid, { type: 'rest', hours: 30 })).toMatchObject({ ok: false, reason: expect.stringMatching(/^rest: argument "hours"/) });
    expect(registry.check(w, eid, { type: 'rest', hours: -1 })).toMatchObject({ ok: false, reason: expect.stringMatching(/^rest: argument "hours"/) });
  });

  it('a worker whose workplace has nothing to work on spends the rest of the working day at home in one rest', () => {
    const { w, firm, eid } = workerAt('farm');
    const nodes = w.resource(NodesKey);
    const place = w.resource(PlacesKey).get(firm.place)!;
    for (const n of nodes.within(RECIPES[firm.recipe].node, place.x, place.y, 1e6, [])) nodes.take(n, 1e9);
    w.clock.tick = 2 * w.clock.ticksPerDay + 26; // 13:00
    const home = homeOf(w, eid);
    const at = w.resource(PlacesKey).get(home)!;
    w.store(Position).x[eid] = at.x;
    w.store(Position).y[eid] = at.y;
    const rests = heuristicCandidates(w, eid).filter((c) => c.action.type === 'rest' && c.utility === 0.37);
    expect(rests.map((c) => c.action)).toEqual([{ type: 'rest', hours: 5 }]);
  });

  it('a crafter on their own with no materials gathers them; one with nothing at all to work on takes the day off at home', () => {
    const w = createSociety(village, { agents: 40 });
    const crafter = w.entities.alive().find((e) => w.store(Vitals).age[e] >= 18 && RECIPES[PROFESSION_RECIPE[w.store(Identity).profession[e]]].kind === 'workshop')!;
    leaveJob(w, crafter, 'quit');
    w.store(Inventory).materials[crafter] = 0;
    w.store(Wallet).cash[crafter] = 1000; // too little to reopen an idle workshop
    w.resource(FirmsKey).all().forEach((f) => (f.openings = 0));
    w.resource(FirmsKey).recountOpenings();
    w.clock.tick = 2 * w.clock.ticksPerDay + 20; // 10:00
    const best = (reason: RegExp) => heuristicCandidates(w, crafter).find((c) => reason.test(c.reason));
    expect(best(/^(on the way: )?gather materials for my workshop work$/)?.utility).toBeGreaterThan(0.35); // above a stroll
    expect(best(/a day off/)).toBeUndefined();
    // Every forest and stone bare: nothing to gather, nothing to make.
    const nodes = w.resource(NodesKey);
    for (const kind of [1, 2]) for (const n of nodes.within(kind, 50, 50, 1e6, [])) nodes.take(n, 1e9);
    expect(best(/a day off/)).toMatchObject({ utility: expect.any(Number) });
    expect(best(/^(on the way: )?gather materials/)).toBeUndefined();
  });

  it('a teacher on her own sells the knowledge she makes, and stops making it while twenty units lie unsold', () => {
    // Every decision weighs the market, so the sale is on offer each time.
    const w = createSociety({ ...village, economy: { ...village.economy, heuristics: { ...village.economy.heuristics, decisionEveryDecisions: 1 } } }, { agents: 40 });
    const teacher = w.entities.alive().find((e) => w.store(Vitals).age[e] >= 18)!;
    leaveJob(w, teacher, 'quit');
    w.store(Identity).profession[teacher] = PROFESSIONS.indexOf('teacher');
    w.store(Wallet).cash[teacher] = 1000; // too little to reopen an idle school
    w.resource(FirmsKey).all().forEach((f) => (f.openings = 0));
    w.resource(FirmsKey).recountOpenings();
    w.clock.tick = 2 * w.clock.ticksPerDay + 20; // 10:00
    const inv = w.store(Inventory);
    const best = (reason: RegExp) => heuristicCandidates(w, teacher).find((c) => reason.test(c.reason));
    inv.knowledge[teacher] = 10;
    expect(best(/own school work/)).toBeDefined();
    expect(best(/^surplus knowledge$/)?.action).toMatchObject({ type: 'sell', good: 'knowledge', quantity: 10 - village.economy.heuristics.keepOther });
    inv.knowledge[teacher] = 20;
    expect(best(/own school work/)).toBeUndefined();
    expect(best(/a day off/)).toBeDefined();
    expect(best(/^surplus knowledge$/)?.action).toMatchObject({ type: 'sell', good: 'knowledge' });
  });
});
