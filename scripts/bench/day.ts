// Where a day of the 2,500-agent town goes, tick by tick: after a number of untimed days (a settled
// town by default), for each tick of the day its mean wall ms, its costliest systems and the actions
// started in it (by type). A day's time is far from even (the daily passes at midnight, waking, the
// end of the working day, the evening's purchases): this says which ticks and which actions to look at.
// Last, the whole day by system.
// Usage: npx tsx scripts/bench/day.ts [--after DAYS (20)] [--days DAYS (6)] [--agents N (2500)]

import { loadScenario } from '../../src/persistence/scenario-files';
import { createSociety } from '../../src/society/create';
import { Actions } from '../../src/society/actions';
import { option } from './args';
const after = option('--after', 20);
const days = option('--days', 6);
const agents = option('--agents', 2500);

const scenario = loadScenario('town');
const side = Math.sqrt(agents / 2500) * scenario.world.width;
const world = createSociety({ ...scenario, world: { width: side, height: side } }, { agents });
const perDay = world.clock.ticksPerDay;
world.run(after * perDay);
while (world.tick % perDay !== 0) world.step();

// Action starts counted by wrapping the registry's perform (this script only): the engine has no
// event per start, and a town starts hundreds a tick.
const registry = world.resource(Actions);
const perform = registry.perform.bind(registry);
const starts = Array.from({ length: perDay }, () => new Map<string, number>());
let slot = 0;
registry.perform = (w, eid, request, brief) => {
  const result = perform(w, eid, request, brief);
  if (result.ok) {
    const type = String((request as { type: unknown }).type);
    starts[slot].set(type, (starts[slot].get(type) ?? 0) + 1);
  }
  return result;
};

world.schedule.profile = true;
const wall = new Float64Array(perDay);
const systems = Array.from({ length: perDay }, () => new Map<string, number>());
for (let t = 0; t < days * perDay; t++) {
  slot = world.tick % perDay;
  const t0 = performance.now();
  world.step();
  wall[slot] += performance.now() - t0;
  for (const [name, ms] of world.schedule.timings) systems[slot].set(name, (systems[slot].get(name) ?? 0) + ms);
}

const top = (m: Map<string, number>, n: number, format: (v: number) => string) =>
  [...m]
    .sort((a, b) => b[1] - a[1])
    .slice(0, n)
    .map(([k, v]) => `${k} ${format(v / days)}`)
    .join(', ');
const total = wall.reduce((s, v) => s + v, 0) / days;
console.log(`${agents} agents, days ${after + 1}–${after + days} (mean of ${days}): ${total.toFixed(1)} ms a day, ${(total / perDay).toFixed(3)} ms a tick`);
console.log('tick (start)  wall ms  | costliest systems (ms) | actions started');
for (let s = 0; s < perDay; s++) {
  const minutes = (s * 24 * 60) / perDay;
  const clock = `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
  console.log(`${clock.padEnd(13)} ${(wall[s] / days).toFixed(2).padStart(7)}  | ${top(systems[s], 3, (v) => v.toFixed(2))} | ${top(starts[s], 5, (v) => String(Math.round(v)))}`);
}

// The whole day by system (µs a tick): where a day goes when no single tick stands out. A system's
// lazy work lands on its first caller (the agent grid is binned by the tick's first neighbour query).
const bySystem = new Map<string, number>();
for (const m of systems) for (const [name, ms] of m) bySystem.set(name, (bySystem.get(name) ?? 0) + ms);
console.log(`whole day, µs a tick: ${top(bySystem, 12, (v) => ((1000 * v) / perDay).toFixed(0))}`);
