// GPU vs CPU, per kernel and for a whole GPU step, at 10,000, 100,000 and 1,000,000 agents, as
// ratios measured in the same run; and the neighbour-interaction ("circles") benchmark.
// Usage: npx tsx scripts/bench/gpu.ts [agents...] [--only=movement,vitals,perception,culture,circles]
// (VK_ICD_FILENAMES picks the Vulkan driver;
// with none set, SwiftShader from Debian's chromium is used when present.)
//
// "GPU system" is a whole GPU system run as the stepper does it: upload what changed, dispatch,
// read back what changed. "GPU kernels" is the dispatches alone (the work waited for with
// onSubmittedWorkDone, nothing read back). CPU figures are the f32 CPU twins on one core.

import { existsSync } from 'node:fs';
import type { World } from '../../src/engine/world';
import { Action, Motion, Position, Vitals } from '../../src/society/components';
import { vitalsRates } from '../../src/society/core/vitals-system';
import { binAgents, gridShape } from '../../src/gpu/cpu/grid';
import { circlesF32 } from '../../src/gpu/cpu/circles';
import { movementF32 } from '../../src/gpu/cpu/movement';
import { nearestF32 } from '../../src/gpu/cpu/perception';
import { vitalsF32 } from '../../src/gpu/cpu/vitals';
import { acquireGpu, SWIFTSHADER_ICD } from '../../src/gpu/device';
import { GpuCircles } from '../../src/gpu/kernels/circles';
import { GpuMovement, movementParams } from '../../src/gpu/kernels/movement';
import { GpuPerception } from '../../src/gpu/kernels/perception';
import { GpuCulture } from '../../src/gpu/kernels/culture';
import { SpatialGrid } from '../../src/engine/spatial';
import { AgentGrid } from '../../src/society/core/spatial-system';
import { runCulture } from '../../src/society/social/culture-system';
import { GpuVitals } from '../../src/gpu/kernels/vitals';
import { fieldRef } from '../../src/gpu/mirror';
import { GpuRuntime, type GpuSystem } from '../../src/gpu/runtime';
import { randomWorld } from '../../tests/gpu/world';

if (!process.env.VK_ICD_FILENAMES && existsSync(SWIFTSHADER_ICD)) process.env.VK_ICD_FILENAMES = SWIFTSHADER_ICD;

const sizes = process.argv.slice(2).map(Number).filter((n) => n > 0);
const onlyArg = process.argv.find((a) => a.startsWith('--only='));
const only = onlyArg ? new Set(onlyArg.slice(7).split(',')) : null;
const wanted = (name: string) => !only || only.has(name);
const SIZES = sizes.length ? sizes : [10_000, 100_000, 1_000_000];
const SEPARATION = { radius: 1.5, strength: 0.2 };
const PERCEPTION_K = 3;
const PERCEPTION_RADIUS = 8;
/** Circles: radius 8 at 1 agent per unit² gives about 200 neighbours each, as in the H100 measurements of ENVIRONMENT.md. */
const CIRCLES = { radius: 8, attraction: 0.0005, repulsion: 0.002 };

const gpu = await acquireGpu();
if (!gpu) throw new Error('no WebGPU adapter');
const rt = new GpuRuntime(gpu);
await rt.init();
console.log(`device: ${gpu.adapterName}; CPU: one Node thread; ${new Date().toISOString()}`);

function reps(n: number): number {
  return n <= 10_000 ? 5 : n <= 100_000 ? 3 : 1;
}

async function timeAsync(fn: () => Promise<void>, r: number): Promise<number> {
  await fn(); // warm-up (first upload, pipeline caches)
  const t0 = performance.now();
  for (let i = 0; i < r; i++) await fn();
  return (performance.now() - t0) / r;
}

/** At 1M agents a CPU pass takes seconds: no warm-up there. */
function timeSync(fn: () => void, r: number, warm = true): number {
  if (warm) fn();
  const t0 = performance.now();
  for (let i = 0; i < r; i++) fn();
  return (performance.now() - t0) / r;
}

const rows: string[] = [];
function report(n: number, name: string, cpuMs: number, systemMs: number, kernelMs: number): void {
  const line = `| ${n.toLocaleString('en')} | ${name} | ${cpuMs.toFixed(2)} | ${systemMs.toFixed(2)} | ${kernelMs.toFixed(2)} | ${(cpuMs / systemMs).toFixed(2)} | ${(cpuMs / kernelMs).toFixed(2)} |`;
  rows.push(line);
  console.log(line);
}

async function kernelsOnly(system: GpuSystem, world: World): Promise<void> {
  rt.uploadAlive(world);
  const enc = gpu!.device.createCommandEncoder();
  system.encode(rt, world, enc);
  gpu!.device.queue.submit([enc.finish()]);
  await gpu!.device.queue.onSubmittedWorkDone();
}

for (const n of SIZES) {
  const side = Math.sqrt(n); // 1 agent per unit²
  const world = randomWorld(11, n, side, side);
  const alive = world.entities.alive();
  const r = reps(n);
  console.log(`\n${n.toLocaleString('en')} agents in ${side.toFixed(0)} x ${side.toFixed(0)}, ${r} timed rep(s) after one warm-up`);
  const pos = world.store(Position);
  // The society's culture settings (10 nearest within radius 20, about 1,250 agents in reach).
  const grid = new SpatialGrid(side, side, 10);
  world.setResource(AgentGrid, grid);
  const systems: Record<string, { gpu: GpuSystem; cpu: () => void }> = {
    movement: {
      gpu: new GpuMovement(SEPARATION),
      cpu: () => {
        const motion = world.store(Motion);
        const action = world.store(Action);
        const bins = binAgents(gridShape(side, side, SEPARATION.radius), alive, pos.x, pos.y);
        movementF32(alive, { x: pos.x, y: pos.y, tx: motion.tx, ty: motion.ty, speed: motion.speed, moving: motion.moving, energy: world.store(Vitals).energy, kind: action.kind, remaining: action.remaining }, movementParams(world, SEPARATION), bins);
      },
    },
    vitals: { gpu: new GpuVitals(), cpu: () => void vitalsF32(alive, world.store(Vitals), vitalsRates(world)) },
    perception: {
      gpu: new GpuPerception({ k: PERCEPTION_K, radius: PERCEPTION_RADIUS, shape: gridShape(side, side, PERCEPTION_RADIUS / 2) }),
      cpu: () => nearestF32(binAgents(gridShape(side, side, PERCEPTION_RADIUS / 2), alive, pos.x, pos.y), PERCEPTION_K, PERCEPTION_RADIUS, new Int32Array(world.components.capacity * PERCEPTION_K)),
    },
    culture: {
      gpu: new GpuCulture(),
      cpu: () => {
        grid.rebuild(alive, pos.x, pos.y);
        runCulture(world);
      },
    },
  };
  let cpuTotal = 0;
  let systemTotal = 0;
  let kernelTotal = 0;
  for (const [name, s] of Object.entries(systems)) {
    if (!wanted(name)) continue;
    await s.gpu.init(rt);
    const cpuMs = timeSync(s.cpu, r, n < 1_000_000);
    const systemMs = await timeAsync(() => rt.run(s.gpu, world), r);
    const kernelMs = await timeAsync(() => kernelsOnly(s.gpu, world), r);
    report(n, name, cpuMs, systemMs, kernelMs);
    cpuTotal += cpuMs;
    systemTotal += systemMs;
    kernelTotal += kernelMs;
  }
  if (!only) report(n, '**whole GPU step** (the four above)', cpuTotal, systemTotal, kernelTotal);
  for (const s of Object.values(systems)) s.gpu.destroy?.();

  if (!wanted('circles')) {
    rt.mirror.destroy();
    continue;
  }
  // Circles: bin + interact every step, positions stay on the GPU (as FLAME GPU 2 measures it).
  const shape = gridShape(side, side, CIRCLES.radius);
  const params = { ...CIRCLES, width: side, height: side };
  const x = fieldRef(Position, 'x');
  const y = fieldRef(Position, 'y');
  rt.mirror.upload(world, [x, y]);
  rt.uploadAlive(world);
  const circles = await GpuCircles.create(gpu.device);
  const gpuStep = async () => {
    const enc = gpu.device.createCommandEncoder();
    circles.encode(enc, shape, params, alive.length, world.components.capacity, rt.alive, rt.mirror.buffer(x), rt.mirror.buffer(y));
    gpu.device.queue.submit([enc.finish()]);
    await gpu.device.queue.onSubmittedWorkDone();
  };
  const outX = new Float32Array(alive.length);
  const outY = new Float32Array(alive.length);
  let readsPerAgent = 0;
  const cpuCircles = () => {
    const bins = binAgents(shape, alive, pos.x, pos.y);
    readsPerAgent = circlesF32(bins, params, outX, outY) / alive.length;
  };
  const circlesReps = n >= 1_000_000 ? 1 : r;
  const gpuMs = await timeAsync(gpuStep, circlesReps);
  const cpuMs = timeSync(cpuCircles, circlesReps, n < 1_000_000);
  const line = `| ${n.toLocaleString('en')} | circles (r ${CIRCLES.radius}, ${readsPerAgent.toFixed(0)} neighbour reads per agent) | ${cpuMs.toFixed(1)} | — | ${gpuMs.toFixed(1)} | — | ${(cpuMs / gpuMs).toFixed(2)} |`;
  rows.push(line);
  console.log(line);
  circles.destroy();
  rt.mirror.destroy();
}

console.log('\n| agents | kernel | CPU ms/tick | GPU system ms/tick | GPU kernels ms/tick | CPU/GPU system | CPU/GPU kernels |');
console.log('|---:|---|---:|---:|---:|---:|---:|');
for (const row of rows) console.log(row);
rt.destroy();
gpu.release();
