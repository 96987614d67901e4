// Whole-tick throughput of the society at 2,500 and 100,000 agents (heuristic brain), plus the
// engine's own overhead per tick (an empty schedule over the same entities), and per-system times.
// The 2,500-agent town is measured three ways: cold (ticks 50–1,050 of a fresh process, while V8 is
// still compiling the engine, a one-time cost that doubles the first days' time on a single core),
// settled (the same town's last 1,000 ticks before --warm-ticks, some 40 days on) and warm (ticks
// 50–1,050 again, of a second town in the same process: the first days without the compiling).
// The development machine is shared, so besides wall-clock time it prints this process's CPU time
// per tick, which other processes cannot steal (hyper-thread and cache contention still can); CPU
// above wall is V8's compiler and collector on other threads. For one core, pin the process:
// `taskset -c 0 npx tsx scripts/bench/tick.ts`.
// With --by-hour it also prints, for the warm town, the mean wall ms of a tick at each simulated
// hour (the day is far from even: waking, the end of work and the daily passes at midnight cost most).
// With --repeat N it runs the 2,500-agent benchmark N times, each in a fresh process (the cold window
// needs one), and prints each run's ticks/s and every window's median and range: the shared machine's
// speed swings by a quarter between runs minutes apart, so one run says little. Each run first times a
// fixed piece of native work (the machine's pace): a slow pace marks a slow machine, not slow code.
// Usage: [taskset -c 0] npx tsx scripts/bench/tick.ts [--ticks N] [--warm-ticks N] [--big-ticks N]
//        [--no-big] [--by-hour] [--repeat N]

import { loadScenario } from '../../src/persistence/scenario-files';
import { createSociety } from '../../src/society/create';
import { World } from '../../src/engine/world';
import { option } from './args';
import { availableParallelism } from 'node:os';
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
const baseTicks = option('--ticks') ?? 2000;
const bigTicks = option('--big-ticks') ?? Math.max(20, Math.floor(baseTicks / 40));
/** Ticks the first town runs in all before the warm one is measured: V8 has compiled the engine by then. */
const warmTicks = option('--warm-ticks') ?? 3000;
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

interface Measured {
  ms: number;
  cpuMs: number;
}

/**
 * Wall ms of SHA-256 over 128 MiB: the machine's pace now. Native code, so no JIT tier decides it (a
 * JS loop ran 70 or 700 ms by whether its optimized code arrived, which on one core is luck).
 */
function machinePace(): number {
  const data = Buffer.alloc(32 << 20, 7);
  const t0 = performance.now();
  const hash = createHash('sha256');
  for (let i = 0; i < 4; i++) hash.update(data);
  hash.digest();
  return performance.now() - t0;
}

/** Wall and process CPU time of `ticks` ticks. */
function measure(world: World, ticks: number): Measured {
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  world.run(ticks);
  const ms = performance.now() - t0;
  const cpu = process.cpuUsage(cpu0);
  return { ms, cpuMs: (cpu.user + cpu.system) / 1000 };
}

function town(agents: number): World {
  const scenario = loadScenario('town');
  const side = Math.sqrt(agents / 2500) * 500;
  return createSociety({ ...scenario, world: { width: side, height: side } }, { agents });
}

/** Per-system means over a simulated day (the schedule keeps each system's last time). */
function systemsOver(world: World): string {
  world.schedule.profile = true;
  const sums = new Map<string, number>();
  for (let t = 0; t < PROFILED_TICKS; t++) {
    world.step();
    for (const [n, v] of world.schedule.timings) sums.set(n, (sums.get(n) ?? 0) + v);
  }
  world.schedule.profile = false;
  return [...sums]
    .filter(([, t]) => t / PROFILED_TICKS >= 0.005)
    .map(([n, t]) => `${n} ${(t / PROFILED_TICKS).toFixed(3)}`)
    .join(', ');
}

function line(label: string, from: number, ticks: number, m: Measured): string {
  return `${label}: ${((ticks / m.ms) * 1000).toFixed(1).padStart(7)} ticks/s  (${(m.ms / ticks).toFixed(3)} ms/tick wall, ${(m.cpuMs / ticks).toFixed(3)} ms/tick CPU, ticks ${from}–${from + ticks})`;
}

/** The engine's own overhead per tick: an empty schedule over as many entities. */
function engineUs(agents: number, ticks: number): number {
  const empty = new World({ seed: 1, minutesPerTick: 30, capacity: agents });
  for (let i = 0; i < agents; i++) empty.spawn();
  const t0 = performance.now();
  empty.run(ticks);
  return ((performance.now() - t0) / ticks) * 1000;
}

/**
 * The first town: cold, the process fresh and V8 still compiling the engine (on a thread of its own,
 * but on one core it shares that core), a one-time cost over about the town's first 20 days; then
 * settled, its last `ticks` before `warmTicks` (or straight after the cold ones, if that is sooner),
 * when V8 is done and the town has lived some 40 days: more people, more bonds. The town is
 * returned too: it stays alive while the warm one is measured.
 */
function firstTown(from: number, ticks: number, warmTicks: number) {
  const first = town(2500);
  first.run(from);
  const cold = measure(first, ticks);
  const settledFrom = Math.max(from + ticks, warmTicks - ticks);
  first.run(settledFrom - from - ticks);
  const settled = measure(first, ticks);
  return { first, cold, settled, settledFrom };
}

/**
 * The first town, then a new one from the same scenario and seed, measured warm over the cold ticks.
 * The first is kept alive meanwhile: collecting it threw away compiled code that referred to its
 * objects, and the warm town ran at 689–797 ticks/s instead of 969–1,057 (V8 compiling again).
 */
function benchTown(ticks: number, warmTicks: number) {
  const from = Math.min(50, ticks);
  const pace = machinePace();
  const { first, cold, settled, settledFrom } = firstTown(from, ticks, warmTicks);
  const world = town(2500);
  world.run(from);
  const warm = measure(world, ticks);
  const systems = systemsOver(world);
  const hours = process.argv.includes('--by-hour') ? byHour(world, 5) : '';
  console.log(line('   2500 agents, warm', from, ticks, warm) + `; engine overhead ${engineUs(2500, ticks).toFixed(1)} µs/tick`);
  console.log(line('   2500 agents, cold', from, ticks, cold) + ': a fresh process, V8 still compiling');
  console.log(line('2500 agents, settled', settledFrom, ticks, settled) + `: the first town later, ${first.entities.alive().length} alive`);
  console.log(`          per system (ms/tick, warm, mean of ${PROFILED_TICKS}, systems under 5 µs left out): ${systems}`);
  if (hours) console.log(`          wall ms per tick by simulated hour (warm, mean of 5 days): ${hours}`);
  console.log(`machine pace: ${pace.toFixed(0)} ms for SHA-256 of 128 MiB before the runs`);
}

function benchBig(agents: number, ticks: number) {
  const from = Math.min(50, ticks);
  const world = town(agents);
  world.run(from);
  const m = measure(world, ticks);
  console.log(line(`${String(agents).padStart(7)} agents`, from, ticks, m) + `; engine overhead ${engineUs(agents, ticks).toFixed(1)} µs/tick`);
  console.log(`          per system (ms/tick, mean of ${PROFILED_TICKS}, systems under 5 µs left out): ${systemsOver(world)}`);
}

const WINDOWS = ['warm', 'cold', 'settled'] as const;

/** The town's benchmark `runs` times, each in a fresh process like this one; each run's ticks/s, then the medians and ranges. */
function repeated(runs: number): void {
  const at = process.argv.indexOf('--repeat');
  const args = [...process.argv.slice(2, at), ...process.argv.slice(at + 2)].filter((a) => a !== '--no-big' && a !== '--by-hour');
  const figures: Record<(typeof WINDOWS)[number], number[]> = { warm: [], cold: [], settled: [] };
  for (let r = 1; r <= runs; r++) {
    const child = spawnSync(process.execPath, [...process.execArgv, process.argv[1], ...args, '--no-big'], { encoding: 'utf8' });
    if (child.status !== 0) throw new Error(`run ${r} failed: ${child.stderr}`);
    const read = WINDOWS.map((w) => Number(new RegExp(`${w}:\\s+([\\d.]+) ticks/s`).exec(child.stdout)?.[1]));
    if (read.some((v) => !Number.isFinite(v))) throw new Error(`run ${r}: no figures in its output:\n${child.stdout}`);
    read.forEach((v, i) => figures[WINDOWS[i]].push(v));
    const pace = /machine pace: (\d+) ms/.exec(child.stdout);
    console.log(`run ${r}: ${WINDOWS.map((w, i) => `${w} ${read[i].toFixed(1)}`).join(', ')} ticks/s` + (pace ? `; machine pace ${pace[1]} ms` : ''));
  }
  for (const w of WINDOWS) {
    const sorted = [...figures[w]].sort((a, b) => a - b);
    const mid = sorted.length >> 1;
    const median = sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
    console.log(`${w.padStart(7)}: median ${median.toFixed(1)} ticks/s, range ${sorted[0].toFixed(1)}–${sorted[sorted.length - 1].toFixed(1)} over ${runs} runs`);
  }
}

console.log(`node ${process.version}, ${process.arch}, ${availableParallelism()} core(s) available to this process`);
const repeat = option('--repeat');
if (repeat !== undefined && !(Number.isInteger(repeat) && repeat >= 1)) throw new Error('--repeat needs a whole number of runs, 1 or more');
if (repeat !== undefined) repeated(repeat);
else {
  benchTown(baseTicks, warmTicks);
  if (!process.argv.includes('--no-big')) benchBig(100_000, bigTicks);
}
