// Whole-tick throughput of the society at 2,500 and 100,000 agents (heuristic brain), plus the
// engine's own overhead per tick (an empty schedule over the same entities), and per-system times.
// Usage: npx tsx scripts/bench/tick.ts [--ticks N]

import { loadScenario } from '../../src/persistence/scenario-files';
import { createSociety } from '../../src/society/create';
import { World } from '../../src/engine/world';

const ticksArg = process.argv.indexOf('--ticks');
const baseTicks = ticksArg > 0 ? Number(process.argv[ticksArg + 1]) : 2000;

function bench(agents: number, ticks: number) {
  const scenario = loadScenario('town');
  const side = Math.sqrt(agents / 2500) * 500;
  const world = createSociety({ ...scenario, world: { width: side, height: side } }, { agents });
  world.run(Math.min(50, ticks)); // warm-up
  const t0 = performance.now();
  world.run(ticks);
  const ms = performance.now() - t0;
  world.schedule.profile = true;
  world.run(20);
  const systems = [...world.schedule.timings].map(([n, t]) => `${n} ${t.toFixed(3)}`).join(', ');
  world.schedule.profile = false;

  const empty = new World({ seed: 1, minutesPerTick: 30, capacity: agents });
  for (let i = 0; i < agents; i++) empty.spawn();
  const e0 = performance.now();
  empty.run(ticks);
  const emptyMs = performance.now() - e0;
  return { agents, ticks, msPerTick: ms / ticks, tps: (ticks / ms) * 1000, engineMsPerTick: emptyMs / ticks, systems };
}

console.log(`node ${process.version}, ${process.arch}`);
for (const [agents, ticks] of [
  [2500, baseTicks],
  [100_000, Math.max(20, Math.floor(baseTicks / 40))],
] as const) {
  const r = bench(agents, ticks);
  console.log(
    `${String(agents).padStart(7)} agents: ${r.tps.toFixed(1).padStart(9)} ticks/s  (${r.msPerTick.toFixed(3)} ms/tick over ${r.ticks} ticks; engine overhead ${(r.engineMsPerTick * 1000).toFixed(1)} µs/tick)`,
  );
  console.log(`          per system (ms, last tick): ${r.systems}`);
}
