// The world map's costs at town (2,500 agents, 500 × 500) and 100,000-agent (3,162 × 3,162) sizes:
// map generation, the settlement and firms, long A* searches, straight-line checks, cached routes;
// then whole ticks of the world and production plugins with only what they need under them (core,
// treasury, markets), to show their share of a tick apart from the social and bank plugins.
// Usage: npx tsx scripts/bench/world.ts

import { Rng } from '../../src/engine/rng';
import { loadScenario } from '../../src/persistence/scenario-files';
import { createSociety } from '../../src/society/create';
import { World } from '../../src/engine/world';
import { spawnAgent } from '../../src/society/core/agents';
import { corePlugin } from '../../src/society/core/plugin';
import { marketsPlugin } from '../../src/society/economy/plugin';
import { treasuryPlugin } from '../../src/society/economy/treasury';
import { productionPlugin } from '../../src/society/production/plugin';
import { worldPlugin } from '../../src/society/world/plugin';
import { settleInitialPopulation } from '../../src/society/world/settle-system';
import { buildMap } from '../../src/society/world/map';
import { PathFinder } from '../../src/society/world/pathfinding';
import { PlacesKey } from '../../src/society/world/places';

function time<T>(f: () => T): [T, number] {
  const t0 = performance.now();
  const r = f();
  return [r, performance.now() - t0];
}

console.log(`node ${process.version}, ${process.arch}`);
for (const agents of [2500, 100_000]) {
  const side = Math.sqrt(agents / 2500) * 500;
  const scenario = { ...loadScenario('town'), world: { width: side, height: side }, agents };
  const [map, genMs] = time(() => buildMap(scenario, Rng.fromSeed(7, 'map')));
  const [world, createMs] = time(() => createSociety(scenario, { agents }));
  const places = world.resource(PlacesKey).count;
  const pf = new PathFinder(map);
  const rng = Rng.fromSeed(1, 'bench');
  const land: number[] = [];
  for (let t = 0; t < map.size; t += 97) if (map.passable[t]) land.push(t);
  const pairs = Array.from({ length: 200 }, () => [rng.pick(land), rng.pick(land)]);
  const [, searchMs] = time(() => pairs.forEach(([a, b]) => pf.tilePath(a, b)));
  const [, cachedMs] = time(() => pairs.forEach(([a, b]) => pf.tilePath(a, b)));
  const [, losMs] = time(() => {
    for (let i = 0; i < 100_000; i++) pf.lineOfSight(rng.range(0, side), rng.range(0, side), rng.range(0, side), rng.range(0, side));
  });
  const near = pairs.map(([a]) => [map.centreX(a), map.centreY(a), map.centreX(a) + rng.range(-20, 20), map.centreY(a) + rng.range(-20, 20)]);
  const [, shortMs] = time(() => near.forEach(([x0, y0, x1, y1]) => pf.route(x0, y0, Math.min(side - 0.01, Math.max(0, x1)), Math.min(side - 0.01, Math.max(0, y1)))));
  console.log(
    `${String(agents).padStart(7)} agents: ${map.cols} x ${map.rows} tiles (tile ${map.tileSize}), generate ${genMs.toFixed(0)} ms; createSociety ${createMs.toFixed(0)} ms (${places} places); ` +
      `A* across the map ${(searchMs / pairs.length).toFixed(2)} ms/search, cached ${((cachedMs / pairs.length) * 1000).toFixed(1)} µs; ` +
      `line of sight (random segments) ${(losMs / 100).toFixed(2)} µs; route within 20 units ${((shortMs / near.length) * 1000).toFixed(1)} µs`,
  );
}

/** Core + world + treasury + markets + production, populated like createSociety. */
function workingWorld(agents: number): World {
  const side = Math.sqrt(agents / 2500) * 500;
  const scenario = { ...loadScenario('town'), world: { width: side, height: side }, agents };
  const world = new World({ seed: scenario.seed, minutesPerTick: scenario.minutesPerTick, capacity: agents * 2 });
  for (const plugin of [corePlugin(scenario), worldPlugin(scenario), treasuryPlugin(), marketsPlugin(), productionPlugin(scenario)]) world.use(plugin);
  for (let i = 0; i < agents; i++) spawnAgent(world);
  settleInitialPopulation(world);
  return world;
}

for (const [agents, ticks] of [
  [2500, 1000],
  [100_000, 50],
] as const) {
  const world = workingWorld(agents);
  world.run(Math.min(100, ticks)); // warm-up
  const [, ms] = time(() => world.run(ticks));
  world.schedule.profile = true;
  const totals = new Map<string, number>();
  for (let i = 0; i < 48; i++) {
    world.step();
    for (const [n, t] of world.schedule.timings) totals.set(n, (totals.get(n) ?? 0) + t);
  }
  world.schedule.profile = false;
  const systems = [...totals].map(([n, t]) => `${n} ${(t / 48).toFixed(3)}`).join(', ');
  console.log(`${String(agents).padStart(7)} agents, core+world+treasury+markets+production: ${((ticks / ms) * 1000).toFixed(1)} ticks/s (${(ms / ticks).toFixed(2)} ms/tick)`);
  console.log(`          per system (ms, mean over a simulated day): ${systems}`);
}
