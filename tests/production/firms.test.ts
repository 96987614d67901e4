import { describe, expect, it } from 'vitest';
import { loadScenario } from '../../src/persistence/scenario-files';
import { Actions } from '../../src/society/actions';
import { Action, Identity, Inventory, Position, Vitals, Wallet } from '../../src/society/components';
import { createSociety } from '../../src/society/create';
import { heuristicCandidates } from '../../src/society/core/heuristic-brain';
import { LedgerKey } from '../../src/society/economy/ledger';
import { MarketsKey, submitOrder } from '../../src/society/economy/markets';
import { StockKey } from '../../src/society/economy/stock';
import { TREASURY } from '../../src/society/economy/treasury';
import { runFirmsDay, shiftsPerDay } from '../../src/society/production/firm-system';
import { Employment, employerOf, FirmsKey, hire, leaveJob, type Firm } from '../../src/society/production/firms';
import { PROFESSION_RECIPE, RECIPES } from '../../src/society/production/professions';
import { bestOpening, firmCanWork, workShift } from '../../src/society/production/work-actions';
import { describeWork, productionMetrics } from '../../src/society/production/plugin';
import { PlacesKey } from '../../src/society/world/places';
import { NodesKey } from '../../src/society/world/nodes';

const village = loadScenario('village');

function world(agents = 40) {
  const w = createSociety(village, { agents });
  runFirmsDay(w); // firms advertise their openings
  return w;
}

function firmOfKind(w: ReturnType<typeof world>, kind: string): Firm {
  return w.resource(FirmsKey).all().find((f) => f.kind === kind)!;
}

function atWork(w: ReturnType<typeof world>, eid: number, firm: Firm) {
  const place = w.resource(PlacesKey).get(firm.place)!;
  w.store(Position).x[eid] = place.x;
  w.store(Position).y[eid] = place.y;
  w.store(Vitals).energy[eid] = 1;
}

function shift(w: ReturnType<typeof world>, eid: number) {
  const registry = w.resource(Actions);
  expect(registry.perform(w, eid, { type: 'work' })).toEqual({ ok: true });
  w.store(Action).kind[eid] = 0;
  registry.get('work')!.complete!(w, eid);
}

describe('firms, jobs and wages', () => {
  it('apply_for_job without a firm: refused when nobody is hiring, else the one opening there is', () => {
    const w = world();
    const firms = w.resource(FirmsKey);
    const registry = w.resource(Actions);
    const applicant = w.entities.alive()[1];
    for (const f of firms.all()) f.openings = 0;
    firms.recountOpenings();
    expect(registry.check(w, applicant, { type: 'apply_for_job' })).toEqual({ ok: false, reason: 'apply_for_job: no firm is hiring' });
    const office = firmOfKind(w, 'office');
    office.openings = 1;
    firms.recountOpenings();
    expect(registry.perform(w, applicant, { type: 'apply_for_job' })).toEqual({ ok: true });
    expect(employerOf(w, applicant)).toBe(office.id);
    expect(firms.totalOpenings).toBe(0);
  });

  it('found firms with accounts and openings; an agent applies, works at the workplace, the firm gets the output and pays the wage (tax to the treasury, money conserved)', () => {
    const w = world();
    const farm = firmOfKind(w, 'farm');
    const ledger = w.resource(LedgerKey);
    const stock = w.resource(StockKey);
    expect(ledger.hasAccount(farm.account) && stock.hasAccount(farm.account)).toBe(true);
    expect(farm.openings).toBeGreaterThan(0);
    const worker = w.entities.alive()[0];
    const registry = w.resource(Actions);
    expect(registry.perform(w, worker, { type: 'apply_for_job', firm: farm.id })).toEqual({ ok: true });
    expect(employerOf(w, worker)).toBe(farm.id);
    expect(w.events.recent('hired')[0]).toMatchObject({ agent: worker, firm: farm.id });
    expect(registry.check(w, worker, { type: 'apply_for_job' })).toMatchObject({ ok: false, reason: expect.stringMatching(/already have a job/) });
    // Away from the farm, work is refused with the way there.
    w.store(Position).x[worker] = 0;
    w.store(Position).y[worker] = 0;
    expect(registry.check(w, worker, { type: 'work' })).toMatchObject({ ok: false, reason: expect.stringMatching(/you work at farm .* move_to it first/) });
    atWork(w, worker, farm);
    const cash0 = w.store(Wallet).cash[worker];
    const firmCash0 = ledger.balance(w, farm.account);
    const treasury0 = ledger.balance(w, TREASURY);
    const food0 = stock.amount(w, farm.account, 'food');
    shift(w, worker);
    expect(stock.amount(w, farm.account, 'food')).toBeGreaterThan(food0);
    const tax = Math.floor(farm.wageCents * village.economy.treasury.incomeTaxRate);
    expect(ledger.balance(w, farm.account)).toBe(firmCash0 - farm.wageCents);
    expect(w.store(Wallet).cash[worker]).toBe(cash0 + farm.wageCents - tax);
    expect(ledger.balance(w, TREASURY)).toBe(treasury0 + tax);
    expect(w.store(Employment).shifts[worker]).toBe(1);
    const lines: string[] = [];
    describeWork(w, worker, lines);
    expect(lines[0]).toBe(`You work at ${w.resource(PlacesKey).get(farm.place)!.name} at (${w.resource(PlacesKey).get(farm.place)!.x.toFixed(1)}, ${w.resource(PlacesKey).get(farm.place)!.y.toFixed(1)}) for ${(farm.wageCents / 100).toFixed(2)} a shift (before tax); 1 shifts so far.`);
    expect(lines[1]).toMatch(/^Your skills: farming 0\.\d\d, crafting/);
    expect(lines[2]).toBe(`Your home burns a unit of energy every 2 days; you hold ${w.store(Inventory).energy[worker]} (without any, a cold day costs you happiness; mills sell it on the market).`);
    expect(ledger.discrepancy(w)).toBe(0);
    expect(Object.values(stock.discrepancy(w)).every((d) => d === 0)).toBe(true);
  });

  it('sells its output on the market: a buyer takes it and the firm is paid', () => {
    const w = world();
    const farm = firmOfKind(w, 'farm');
    const [worker, buyer] = w.entities.alive();
    w.resource(Actions).perform(w, worker, { type: 'apply_for_job', firm: farm.id });
    atWork(w, worker, farm);
    shift(w, worker);
    shift(w, worker);
    const made = w.resource(StockKey).amount(w, farm.account, 'food');
    expect(made).toBeGreaterThan(0);
    runFirmsDay(w);
    const markets = w.resource(MarketsKey);
    const offer = markets.ordersOf(farm.account).find((o) => o.side === 'sell')!;
    expect(offer.quantity).toBe(made);
    const cash0 = w.resource(LedgerKey).balance(w, farm.account);
    const bought = submitOrder(w, buyer, 'food', 'buy', made, offer.limitCents);
    expect(bought.ok).toBe(true);
    expect(w.resource(LedgerKey).balance(w, farm.account)).toBeGreaterThan(cash0);
    expect(w.resource(LedgerKey).discrepancy(w)).toBe(0);
  });

  it('lays off the newest worker and cuts the wage when cash runs short, and as many more as today\'s wages are not there for; an unpaid worker leaves', () => {
    const w = world();
    const farm = firmOfKind(w, 'farm');
    const [a, b, c, d] = w.entities.alive();
    const registry = w.resource(Actions);
    registry.perform(w, a, { type: 'apply_for_job', firm: farm.id });
    w.step();
    registry.perform(w, b, { type: 'apply_for_job', firm: farm.id });
    const ledger = w.resource(LedgerKey);
    // The farm pays its cash away (to the treasury: money is only moved, never lost), keeping one
    // worker's day of wages: short of two days for two, enough for one.
    const oneDay = farm.wageCents * shiftsPerDay(w);
    ledger.transfer(w, farm.account, TREASURY, ledger.balance(w, farm.account) - oneDay);
    const wage0 = farm.wageCents;
    runFirmsDay(w);
    expect(employerOf(w, b)).toBe(-1); // hired last, out first
    expect(employerOf(w, a)).toBe(farm.id);
    expect(w.events.recent('jobLost').at(-1)).toMatchObject({ agent: b, firm: farm.id, reason: 'laid off' });
    expect(farm.wageCents).toBeLessThan(wage0);
    expect(farm.openings).toBe(0);
    expect(registry.check(w, c, { type: 'apply_for_job', firm: farm.id })).toMatchObject({ ok: false, reason: expect.stringMatching(/not hiring/) });
    ledger.transfer(w, farm.account, TREASURY, ledger.balance(w, farm.account));
    atWork(w, a, farm);
    shift(w, a);
    expect(employerOf(w, a)).toBe(-1);
    expect(w.events.recent('jobLost').at(-1)).toMatchObject({ agent: a, firm: farm.id, reason: 'unpaid' });
    expect(ledger.discrepancy(w)).toBe(0);

    // Three on the staff and not a day's wages for two: two go at once, not one a day while the
    // others work on unpaid.
    farm.openings = 3;
    w.resource(FirmsKey).recountOpenings();
    for (const e of [a, b, d]) expect(hire(w, e, farm.id)).toBeNull();
    ledger.transfer(w, TREASURY, farm.account, Math.round(1.5 * farm.wageCents * shiftsPerDay(w)));
    runFirmsDay(w);
    expect([employerOf(w, a), employerOf(w, b), employerOf(w, d)]).toEqual([farm.id, -1, -1]);
  });

  it('an application takes the nearest opening of the own trade, else the nearest of any (as a scan of every firm finds it)', () => {
    const w = world(200);
    const firms = w.resource(FirmsKey);
    const places = w.resource(PlacesKey);
    const p = w.store(Position);
    const profession = w.store(Identity).profession;
    const brute = (eid: number) => {
      let best = -1;
      let bestScore = Infinity;
      for (const f of firms.all()) {
        if (f.openings <= 0) continue;
        const place = places.get(f.place)!;
        const score = Math.hypot(place.x - p.x[eid], place.y - p.y[eid]) + (f.recipe === PROFESSION_RECIPE[profession[eid]] ? 0 : 1e6);
        if (score < bestScore) [best, bestScore] = [f.id, score];
      }
      return best;
    };
    const rng = w.stream('test');
    let hired = 0;
    // Fill openings one by one (the index keeps filled firms for readers to skip) until none is left.
    for (let round = 0; round < 400 && firms.totalOpenings > 0; round++) {
      const eid = w.entities.alive()[rng.int(w.entities.alive().length)];
      p.x[eid] = rng.range(0, village.world.width);
      p.y[eid] = rng.range(0, village.world.height);
      const pick = bestOpening(w, eid);
      expect(pick).toBe(brute(eid));
      if (employerOf(w, eid) < 0 && hire(w, eid, pick) === null) hired++;
    }
    expect(hired).toBeGreaterThan(3);
    expect(bestOpening(w, w.entities.alive()[0])).toBe(firms.totalOpenings > 0 ? brute(w.entities.alive()[0]) : -1);
  });

  it('measures employment, self-employment and unemployment over the labour force (ages 18 to 64)', () => {
    const w = world(10);
    const people = w.entities.alive();
    const age = w.store(Vitals).age;
    people.forEach((e, i) => (age[e] = i < 8 ? 30 : 70)); // 8 of working age, 2 retired
    const farm = firmOfKind(w, 'farm');
    farm.openings = 5;
    const registry = w.resource(Actions);
    for (const e of [people[0], people[1], people[2], people[9]]) expect(registry.perform(w, e, { type: 'apply_for_job', firm: farm.id }).ok).toBe(true);
    // Self-employed: an own-account shift in the last week (people[3] today, people[4] a week ago);
    // people[5]'s last one is eight days old, so it counts as unemployed.
    w.clock.tick = 20 * w.clock.ticksPerDay + 5;
    const own = w.store(Employment).ownShiftDay;
    workShift(w, people[3]);
    expect(own[people[3]]).toBe(21);
    own[people[4]] = 21 - 7;
    own[people[5]] = 21 - 8;
    const m = productionMetrics(w);
    expect(m.employed).toBe(4);
    expect(m.selfEmployed).toBe(2);
    expect(m.unemployed).toBe(3);
    expect(m.employmentRate).toBeCloseTo(5 / 8, 10);
    expect(m.selfEmploymentRate).toBeCloseTo(2 / 8, 10);
    expect(m.unemploymentRate).toBeCloseTo(3 / 8, 10);
  });

  it('a firm whose staff found nothing to work on for over half their work of late lets its newest go and hires nobody; under a quarter it hires; one bad day or an absent worker is not enough', () => {
    const w = world();
    const farm = firmOfKind(w, 'farm');
    const firms = w.resource(FirmsKey);
    const [a, b, c, d] = w.entities.alive().filter((e) => w.store(Vitals).age[e] >= 18 && employerOf(w, e) < 0);
    farm.openings = 3;
    firms.recountOpenings();
    for (const e of [a, b, c]) expect(hire(w, e, farm.id)).toBeNull();
    atWork(w, a, farm);
    shift(w, a);
    expect([farm.workedMilli, farm.shortMilli]).toEqual([1000, 0]); // one shift on full fields
    const staff = () => [a, b, c, d].map((e) => employerOf(w, e) === farm.id);
    const day = (worked: number, short: number) => {
      w.clock.tick += w.clock.ticksPerDay;
      farm.workedMilli = worked;
      farm.shortMilli = short;
      runFirmsDay(w);
    };

    // An empty firm with work on its fields lacks none (firms open at tick 0 with the village).
    expect(farm.lackMilli).toBe(0);
    // Over half short of late: the newest goes.
    farm.lackMilli = 500;
    day(1000, 1500);
    expect(farm.lackMilli).toBe(Math.round(0.7 * 500 + 0.3 * 600));
    expect(staff()).toEqual([true, true, false, false]); // c hired last (by id on the same tick), out first
    expect(w.events.recent('jobLost').at(-1)).toMatchObject({ agent: c, firm: farm.id, reason: 'no work' });
    expect(farm.openings).toBe(0);
    expect([farm.workedMilli, farm.shortMilli]).toEqual([0, 0]); // counted afresh for the next day

    // Between a quarter and a half: nobody goes, nobody is taken on.
    farm.lackMilli = 400;
    day(2000, 1000);
    expect(farm.lackMilli).toBe(Math.round(0.7 * 400 + 0.3 * 333));
    expect([...staff(), farm.openings]).toEqual([true, true, false, false, 0]);

    // Work for all: it hires.
    farm.lackMilli = 100;
    day(5000, 0);
    expect(farm.openings).toBeGreaterThan(0);
    expect(hire(w, d, farm.id)).toBeNull();

    // One bad day (the fields bare by ten) weighs 0.3 against the days before: nobody goes.
    farm.lackMilli = 0;
    day(1000, 5000);
    expect(farm.lackMilli).toBe(Math.round(0.3 * 833));
    expect(staff()).toEqual([true, true, false, true]);

    // Nobody set out, though the fields hold work (everyone off sick): nothing is judged.
    day(0, 0);
    expect(farm.lackMilli).toBe(Math.round(0.3 * 833));
    // Nobody set out and the fields are bare: all of the day's work was lacking.
    const nodes = w.resource(NodesKey);
    const place = w.resource(PlacesKey).get(farm.place)!;
    for (const n of nodes.within(RECIPES[farm.recipe].node, place.x, place.y, 1e6, [])) nodes.take(n, 1e9);
    day(0, 0);
    expect(farm.lackMilli).toBe(Math.round(0.7 * Math.round(0.3 * 833) + 0.3 * 1000));

    // Emptied, with its fields bare: it lacks all the more, lets nobody go (there is nobody) and hires nobody.
    for (const e of [a, b, d]) leaveJob(w, e, 'quit');
    const left = w.events.recent('jobLost').length;
    farm.lackMilli = 900;
    day(0, 0);
    expect(farm.lackMilli).toBe(Math.round(0.7 * 900 + 0.3 * 1000));
    expect([w.events.recent('jobLost').length, farm.openings]).toEqual([left, 0]);

  });

  it('an office whose staff works short hours lacks no work: nobody is let go for it', () => {
    const w = world();
    const office = firmOfKind(w, 'office');
    const [a, b] = w.entities.alive().filter((e) => w.store(Vitals).age[e] >= 18 && employerOf(w, e) < 0);
    office.openings = 2;
    w.resource(FirmsKey).recountOpenings();
    for (const e of [a, b]) expect(hire(w, e, office.id)).toBeNull();
    expect(office.lackMilli).toBe(0); // empty, with work to do: it lacks none
    for (let i = 0; i < 3; i++) {
      w.clock.tick += w.clock.ticksPerDay;
      office.workedMilli = 500; // an hour or two of work between them, none of it short
      office.shortMilli = 0;
      runFirmsDay(w);
    }
    expect(office.lackMilli).toBe(0);
    expect([employerOf(w, a), employerOf(w, b)]).toEqual([office.id, office.id]);
  });

  it('a jobless saver reopens an idle firm of their own trade that has work, never one whose fields are bare', () => {
    const w = world();
    const firms = w.resource(FirmsKey);
    for (const f of firms.all()) f.openings = 0; // nobody hiring: reopening is the way to a job
    firms.recountOpenings();
    const farmer = w.entities.alive().find((e) => PROFESSION_RECIPE[w.store(Identity).profession[e]] === RECIPES.findIndex((r) => r.kind === 'farm') && w.store(Vitals).age[e] >= 18)!;
    w.store(Wallet).cash[farmer] = 3 * village.economy.heuristics.cashBufferCents;
    w.store(Vitals).energy[farmer] = 1;
    w.clock.tick = 2 * w.clock.ticksPerDay + 20; // 10:00 on day 2
    const reopens = () => heuristicCandidates(w, farmer).filter((c) => c.action.type === 'invest_in_firm').map((c) => Number(c.action.firm));
    const farms = firms.all().filter((f) => f.kind === 'farm');
    expect(farms.every((f) => f.employees === 0)).toBe(true);
    expect(reopens()).toEqual([farms[0].id]);
    const bare = (f: Firm) => {
      const nodes = w.resource(NodesKey);
      const place = w.resource(PlacesKey).get(f.place)!;
      for (const n of nodes.within(RECIPES[f.recipe].node, place.x, place.y, village.production.workRadius, [])) nodes.take(n, 1e9);
    };
    bare(farms[0]);
    expect(reopens()).toEqual([farms.find((f) => firmCanWork(w, f))!.id]);
    expect(reopens()).not.toEqual([farms[0].id]);
    for (const f of farms) bare(f);
    expect(reopens()).toEqual([]);
  });

  it('the firms section validates a save before changing anything', () => {
    const w = world();
    const firms = w.resource(FirmsKey);
    const saved = JSON.parse(JSON.stringify(firms.save()));
    expect(() => firms.load([[0, 'castle', 1, 100, 8, 0, 0, 0, 0, -1]])).toThrow(/"castle" is not a kind of firm/);
    expect(() => firms.load([[0, 'farm', 1, -5, 8, 0, 0, 0, 0, -1]])).toThrow(/wage must be a non-negative integer/);
    expect(() => firms.load([[0, 'farm', 1, 100, 8, 0, 0, -1, 0, -1]])).toThrow(/firm 0: worked must be a non-negative integer/);
    expect(() => firms.load([[0, 'farm', 1, 100, 8, 0, 0, 0, 0.5, -1]])).toThrow(/firm 0: short must be a non-negative integer/);
    expect(() => firms.load([[0, 'farm', 1, 100, 8, 0, 0, 0, 0, 1001]])).toThrow(/firm 0: lack must be an integer from -1 to 1000/);
    expect(() => firms.load([[0, 'farm', 1, 100, 8, 0, 0, 0]])).toThrow(/entry 0 must be \[id, kind, place, wage, capacity, openings, employees, worked, short, lack\]/);
    expect(firms.save()).toEqual(saved);
    firms.load(saved);
    expect(firms.save()).toEqual(saved);
  });
});
