import { describe, expect, it } from 'vitest';
import { loadScenario } from '../../src/persistence/scenario-files';
import { Identity, Position, Vitals } from '../../src/society/components';
import { createSociety } from '../../src/society/create';
import { LedgerKey } from '../../src/society/economy/ledger';
import { StockKey } from '../../src/society/economy/stock';
import { Metrics } from '../../src/society/metrics/metrics';
import { PROFESSION_RECIPE, RECIPES, Skills } from '../../src/society/production/professions';
import { MapKey } from '../../src/society/world/map';

describe('the village over a simulated month (heuristic brain)', () => {
  it('produces, pays wages, employs, trades and stays fed, with money and goods conserved', () => {
    const w = createSociety(loadScenario('village'));
    const ownSkill = () => {
      const s = w.store(Skills);
      const p = w.store(Identity).profession;
      let sum = 0;
      for (const e of w.entities.alive()) sum += s[RECIPES[PROFESSION_RECIPE[p[e]]].skill][e];
      return sum / w.entities.count;
    };
    w.step();
    const skill0 = ownSkill();
    const map = w.resource(MapKey);
    const p = w.store(Position);
    let onWater = 0;
    for (let t = 1; t < w.clock.ticksPerMonth; t++) {
      w.step();
      // Every few hours, nobody stands on water.
      if (t % 7 === 0) for (const e of w.entities.alive()) if (map.blocked(p.x[e], p.y[e])) onWater++;
    }
    expect(onWater).toBe(0);
    const m = w.resource(Metrics);
    const days = (col: string) => m.series(col).slice(1); // day 0 is the starting row
    expect(days('made_food').every((v) => v > 0)).toBe(true);
    expect(days('made_food').reduce((a, b) => a + b, 0)).toBeGreaterThan(200 * 29);
    expect(days('made_materials').reduce((a, b) => a + b, 0)).toBeGreaterThan(0);
    expect(days('made_services').reduce((a, b) => a + b, 0)).toBeGreaterThan(0);
    expect(days('gdpCents').every((v) => v > 0)).toBe(true);
    expect(days('wagesPaidCents').every((v) => v > 0)).toBe(true);
    expect(days('employed').every((v) => v >= 40)).toBe(true);
    const unemployment = m.latest().unemploymentRate;
    expect(unemployment).toBeGreaterThan(0);
    expect(unemployment).toBeLessThan(0.8);
    expect(days('trades_food').reduce((a, b) => a + b, 0)).toBeGreaterThan(50);
    expect(days('trades_services').reduce((a, b) => a + b, 0)).toBeGreaterThan(50);
    // Mills make the energy homes burn, and the market carries it from one to the other.
    expect(days('made_energy').reduce((a, b) => a + b, 0)).toBeGreaterThan(0);
    expect(days('trades_energy').reduce((a, b) => a + b, 0)).toBeGreaterThan(10);
    expect(w.resource(StockKey).consumed('energy', 'burned at home')).toBeGreaterThan(100 * 14);
    expect(m.latest().objects).toBeGreaterThan(0);
    const fill = m.latest().nodeFill_field;
    expect(fill).toBeLessThan(1); // fields are worked...
    expect(fill).toBeGreaterThan(0.5); // ...and regrow
    // Everyone is fed and alive.
    expect(w.entities.count).toBeGreaterThanOrEqual(195);
    let health = 0;
    for (const e of w.entities.alive()) health += w.store(Vitals).health[e];
    expect(health / w.entities.count).toBeGreaterThan(0.9);
    expect(m.series('meanHunger').every((h) => h < 0.8)).toBe(true);
    expect(ownSkill()).toBeGreaterThan(skill0);
    expect(w.resource(LedgerKey).discrepancy(w)).toBe(0);
    expect(Object.values(w.resource(StockKey).discrepancy(w)).every((d) => d === 0)).toBe(true);
  });
});
