// Lodging: a worker whose home is more than `lodgeCommuteTicks` of walking from work sleeps and
// spends its evenings at the workplace (walking that far each way, it would arrive after work).

import { describe, expect, it } from 'vitest';
import { loadScenario } from '../../src/persistence/scenario-files';
import { createSociety } from '../../src/society/create';
import { Position } from '../../src/society/components';
import { workingLife } from '../../src/society/production/heuristic';
import { FirmsKey, hire } from '../../src/society/production/firms';
import { assignHome, PlacesKey, type Place } from '../../src/society/world/places';
import { MapKey } from '../../src/society/world/map';
import { Candidates, type Candidate } from '../../src/society/core/heuristic-brain';

const village = loadScenario('village');

describe('lodging', () => {
  it('a worker far from home sleeps at the workplace; one nearby goes home to sleep', () => {
    const world = createSociety(village, { agents: 60, seed: 8 });
    const eid = world.entities.alive()[0];
    const firm = world.resource(FirmsKey).all().find((f) => f.kind === 'farm')!;
    firm.openings = Math.max(1, firm.openings);
    expect(hire(world, eid, firm.id)).toBeNull();
    const places = world.resource(PlacesKey);
    const work = places.get(firm.place)!;
    const map = world.resource(MapKey);
    const limit = village.production.lodgeCommuteTicks * village.agent.speed;
    const freeTile = (ok: (d: number) => boolean) => {
      for (let t = 0; t < map.size; t++) if (map.passable[t] && !places.isTaken(t) && ok(Math.hypot(map.centreX(t) - work.x, map.centreY(t) - work.y))) return t;
      throw new Error('no free tile');
    };
    const nearHome = places.add('home', freeTile((d) => d > 2 && d < limit / 2));
    const farHome = places.add('home', freeTile((d) => d > limit * 2));
    const p = world.store(Position);
    p.x[eid] = work.x;
    p.y[eid] = work.y;
    world.clock.tick = (23 * 60) / world.clock.minutesPerTick; // 23:00
    const plan = (home: Place): Candidate => {
      assignHome(world, eid, home.id);
      const out = new Candidates();
      workingLife(world, eid, out);
      return out.toArray().reduce((a, b) => (b.utility > a.utility ? b : a));
    };

    expect(plan(nearHome).action).toEqual({ type: 'move_to', x: nearHome.x, y: nearHome.y });
    const lodge = plan(farHome);
    expect(lodge.action).toEqual({ type: 'sleep' });
    expect(lodge.reason).toMatch(/workplace/);
  });
});
