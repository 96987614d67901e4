// Whole-tick throughput of the society at 2,500 and 100,000 agents (heuristic brain), plus the
// engine's own overhead per tick (an empty schedule over the same entities), and per-system times.
// The development machine is shared, so besides wall-clock time it prints this process's CPU time
// per tick, which other processes cannot steal (hyper-thread and cache contention still can).
// With --by-hour it also prints, for the 2,500-agent town, the mean wall ms of a tick at each simulated
// hour (the day is far from even: waking, the end of work and the daily passes at midnight cost most).
// Usage: npx tsx scripts/bench/tick.ts [--ticks N] [--big-ticks N] [--no-big] [--by-hour]

import { loadScenario } from '../../src/persistence/scenario-files';
import { createSociety } from '../../src/society/create';
import { World } from '../../src/engine/world';
import { option } from './args';
const baseTicks = option('--ticks') ?? 2000;
const bigTicks = option('--big-ticks') ?? Math.max(20, Math.floor(baseTicks / 40));
/** A whole simulated day (48 ticks in the town), so that night and working hours weigh as they do in a run. */
const PROFILED_TICKS = 48;

/** Mean wall ms of a tick per simulated hour over `days` days (the town's ticks are 30 minutes). */
function byHour(world: World, days: number): string {
  const perDay = world.clock.ticksPerDay;
  const sums = new Float64Array(24);
  const counts = new Float64Array(24);
  for (let t = 0; t < days * perDay; t++) {
    const hour = Math.floor(((world.tick % perDay) * 24) / perDay);
    const t0 = performance.now();
    world.step();
    sums[hour] += performance.now() - t0;
    counts[hour]++;
  }
  return Array.from(sums, (s, h) => `${h}h ${(s / counts[h]).toFixed(2)}`).join(', ');
}

function bench(agents: number, ticks: number) {
  const scenario = loadScenario('town');
  const side = Math.sqrt(agents / 2500) * 500;
  const world = createSociety({ ...scenario, world: { width: side, height: side } }, { agents });
  world.run(Math.min(50, ticks)); // warm-up
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  world.run(ticks);
  const ms = performance.now() - t0;
  const cpu = process.cpuUsage(cpu0);
  // Per-system means over a few profiled ticks (the schedule keeps each system's last time).
  world.schedule.profile = true;
  const sums = new Map<string, number>();
  for (let t = 0; t < PROFILED_TICKS; t++) {
    world.step();
    for (const [n, v] of world.schedule.timings) sums.set(n, (sums.get(n) ?? 0) + v);
  }
  world.schedule.profile = false;
  const hours = agents === 2500 && process.argv.includes('--by-hour') ? byHour(world, 5) : '';
  const systems = [...sums]
    .filter(([, t]) => t / PROFILED_TICKS >= 0.005)
    .map(([n, t]) => `${n} ${(t / PROFILED_TICKS).toFixed(3)}`)
    .join(', ');

  const empty = new World({ seed: 1, minutesPerTick: 30, capacity: agents });
  for (let i = 0; i < agents; i++) empty.spawn();
  const e0 = performance.now();
  empty.run(ticks);
  const emptyMs = performance.now() - e0;
  return {
    agents,
    ticks,
    msPerTick: ms / ticks,
    cpuMsPerTick: (cpu.user + cpu.system) / 1000 / ticks,
    tps: (ticks / ms) * 1000,
    engineMsPerTick: emptyMs / ticks,
    systems,
    hours,
  };
}

console.log(`node ${process.version}, ${process.arch}`);
const runs: [number, number][] = [[2500, baseTicks]];
if (!process.argv.includes('--no-big')) runs.push([100_000, bigTicks]);
for (const [agents, ticks] of runs) {
  const r = bench(agents, ticks);
  console.log(
    `${String(agents).padStart(7)} agents: ${r.tps.toFixed(1).padStart(9)} ticks/s  (${r.msPerTick.toFixed(3)} ms/tick wall, ${r.cpuMsPerTick.toFixed(3)} ms/tick CPU, over ${r.ticks} ticks; engine overhead ${(r.engineMsPerTick * 1000).toFixed(1)} µs/tick)`,
  );
  console.log(`          per system (ms/tick, mean of ${PROFILED_TICKS}, systems under 5 µs left out): ${r.systems}`);
  if (r.hours) console.log(`          wall ms per tick by simulated hour (mean of 5 days): ${r.hours}`);
}
