// The heuristic brain's family support, and the kin-in-need pass that lets it skip givers whose
// kin were all fine at the start of the tick: the skip must never hide a gift the full scan offers.

import { describe, expect, it } from 'vitest';
import { Inventory, Vitals, Wallet } from '../../src/society/components';
import { ScenarioConfig } from '../../src/society/core/config';
import { Candidates, type Candidate } from '../../src/society/core/heuristic-brain';
import { giveBirth, marry } from '../../src/society/social/families';
import { KinInNeedKey, kinNeedSystem } from '../../src/society/social/kin-need-system';
import { supportFamily } from '../../src/society/social/social-brain';
import { person, society } from './helpers';

function offers(w: ReturnType<typeof society>, eid: number): Candidate[] {
  const out = new Candidates();
  supportFamily(w, eid, out);
  return out.toArray();
}

/** Families of two parents and two children, with random food, hunger and cash everywhere. */
function families(seed: number) {
  const w = society(40);
  const ids = Array.from(w.entities.alive());
  for (let i = 0; i + 1 < ids.length; i += 2) {
    person(w, ids[i], 30 + (i % 7), 'f');
    person(w, ids[i + 1], 32 + (i % 5), 'm');
    marry(w, ids[i], ids[i + 1]);
    if (i % 4 === 0) {
      giveBirth(w, ids[i], ids[i + 1]);
      giveBirth(w, ids[i], ids[i + 1]);
    }
  }
  const rng = w.stream(`test-${seed}`);
  const need = w.resource(ScenarioConfig).social.household.needCents;
  for (const e of w.entities.alive()) {
    w.store(Inventory).food[e] = rng.int(6);
    w.store(Vitals).hunger[e] = rng.float();
    w.store(Wallet).cash[e] = rng.chance(0.2) ? rng.int(need / 2) : need * (1 + rng.int(8));
  }
  return w;
}

describe('family support', () => {
  it('feeds a hungry child first', () => {
    const w = society(4);
    const [mother, father] = Array.from(w.entities.alive());
    person(w, mother, 30, 'f');
    person(w, father, 31, 'm');
    marry(w, mother, father);
    const child = giveBirth(w, mother, father);
    const food = w.store(Inventory).food;
    food[mother] = 5;
    food[child] = 0;
    kinNeedSystem.run(w);
    expect(offers(w, mother)[0]).toMatchObject({ action: { type: 'give', target: child, good: 'food', quantity: 2 }, utility: 0.8 });
    food[child] = 5;
    kinNeedSystem.run(w);
    expect(offers(w, mother).filter((c) => c.action.type === 'give' && c.action.good === 'food')).toEqual([]);
  });

  it('the kin-in-need flags skip only givers the full scan gives nothing to', () => {
    for (const seed of [1, 2, 3, 4, 5]) {
      const w = families(seed);
      const need = w.resource(KinInNeedKey);
      const alive = Array.from(w.entities.alive());
      // Everyone flagged: supportFamily scans every family, as it did before the flags.
      need.flags = new Uint8Array(w.entities.highWater).fill(1);
      const full = alive.map((e) => offers(w, e));
      kinNeedSystem.run(w);
      const flagged = alive.map((e) => offers(w, e));
      expect(flagged).toEqual(full);
      expect(full.filter((o) => o.length > 0).length).toBeGreaterThan(3);
    }
  });
});
