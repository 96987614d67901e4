// Maps with large tiles (a world wider than 1,024 units gets tiles of 2, 3, 4... units; 4 here) still get
// their farms, lumberyards and quarries: fewer tiles fit in a work radius there, so the founding rule
// asks for fewer resource nodes (with a flat 12, a 100,000-agent world had no farm and starved).

import { describe, expect, it } from 'vitest';
import { loadScenario } from '../../src/persistence/scenario-files';
import { createSociety } from '../../src/society/create';
import { FirmsKey } from '../../src/society/production/firms';
import { MapKey } from '../../src/society/world/map';

describe('founding firms on a map of large tiles', () => {
  it('founds farms, lumberyards and quarries when only a few tiles fit in the work radius', () => {
    const town = loadScenario('town');
    const world = createSociety({ ...town, world: { width: 4000, height: 4000 } }, { agents: 2000, seed: 3 });
    expect(world.resource(MapKey).tileSize).toBe(4);
    const kinds = new Set(world.resource(FirmsKey).all().map((f) => f.kind));
    for (const kind of ['farm', 'lumberyard', 'quarry'] as const) expect(kinds.has(kind), kind).toBe(true);
  });
});
