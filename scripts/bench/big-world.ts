// A big world, day by day: the town scenario scaled to N agents at the same density (the map grows
// as √N, so at 100,000 agents it is 3,162 units across in 4-unit tiles), heuristic brain. Prints
// population, wall ms per tick, food made and eaten, and deaths by cause per simulated day: the
// check that a world this size feeds itself (farms on large tiles, lodging, eating on long walks).
// Usage: npx tsx scripts/bench/big-world.ts [agents] [days]   (default 100,000 agents, 10 days)

import { loadScenario } from '../../src/persistence/scenario-files';
import { createSociety } from '../../src/society/create';
import { StockKey } from '../../src/society/economy/stock';

const agents = Number(process.argv[2] ?? 100_000);
const days = Number(process.argv[3] ?? 10);
const scenario = loadScenario('town');
const side = Math.sqrt(agents / 2500) * scenario.world.width;
const t0 = performance.now();
const world = createSociety({ ...scenario, world: { width: side, height: side } }, { agents });
console.log(`${agents} agents on ${side.toFixed(0)} x ${side.toFixed(0)}, built in ${((performance.now() - t0) / 1000).toFixed(1)} s (node ${process.version})`);
const causes: Record<string, number> = {};
world.events.on('death', (e) => (causes[e.cause] = (causes[e.cause] ?? 0) + 1));
const stock = world.resource(StockKey);
console.log('day   population  ms/tick  food made  food eaten  deaths by cause (cumulative)');
for (let d = 1; d <= days; d++) {
  const t = performance.now();
  world.run(world.clock.ticksPerDay);
  const ms = (performance.now() - t) / world.clock.ticksPerDay;
  const made = stock.produced('food');
  const eaten = stock.consumed('food', 'eaten');
  console.log(`${String(d).padStart(3)}  ${String(world.entities.count).padStart(11)}  ${ms.toFixed(0).padStart(7)}  ${String(made).padStart(9)}  ${String(eaten).padStart(10)}  ${JSON.stringify(causes)}`);
}
