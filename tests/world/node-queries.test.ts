// The fast node queries answer exactly what the listing ones do: fullestWithin against picking the
// strictly fullest over within() of each kind in turn (gathering's choice), anyWithinPlace against
// anyWithin (work's check at a firm), at many points of a worked-over town map with uneven stocks.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { loadScenario } from '../../src/persistence/scenario-files';
import { createSociety } from '../../src/society/create';
import { NodesKey, type ResourceNodes } from '../../src/society/world/nodes';

const world = createSociety(loadScenario('town'), { agents: 2500 });
world.run(60);
const nodes = world.resource(NodesKey);
// Uneven stocks with many ties (whole and fractional), some bare.
for (let i = 0; i < nodes.count; i++) nodes.stock[i] = [0, 0.5, 1, 3, 3, 7.25, 20][(i * 2654435761) % 7];

function byListing(n: ResourceNodes, kinds: readonly number[], x: number, y: number, r: number, min: number): number {
  let best = -1;
  for (const kind of kinds) for (const id of n.within(kind, x, y, r)) if (n.available(id) >= min && (best < 0 || n.stock[id] > n.stock[best])) best = id;
  return best;
}

const KINDS = [[0], [1, 2], [0, 1, 2], [2, 1], [1]];

describe('resource node queries', () => {
  it('fullestWithin picks what the listing does, ties and all', () => {
    let found = 0;
    fc.assert(
      fc.property(fc.double({ min: 0, max: 500, noNaN: true }), fc.double({ min: 0, max: 500, noNaN: true }), fc.constantFrom(...KINDS), fc.constantFrom(0.5, 1.5, 4, 12), fc.constantFrom(1, 3), (x, y, kinds, r, min) => {
        const expected = byListing(nodes, kinds, x, y, r, min);
        if (expected >= 0) found++;
        expect(nodes.fullestWithin(kinds, x, y, r, min)).toBe(expected);
      }),
      { numRuns: 4000 },
    );
    expect(found).toBeGreaterThan(500);
  });

  it('anyWithinPlace answers as anyWithin does', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 499 }), fc.integer({ min: 0, max: 499 }), fc.constantFrom(0, 1, 2), fc.constantFrom(3, 12), fc.constantFrom(1, 4, 8, 21), (x, y, kind, r, min) => {
        expect(nodes.anyWithinPlace(kind, x + 0.5, y + 0.5, r, min)).toBe(nodes.anyWithin(kind, x + 0.5, y + 0.5, r, min));
      }),
      { numRuns: 2000 },
    );
  });
});
