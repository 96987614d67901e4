// Every kernel on the GPU (software Vulkan in CI) against its CPU twin on the same random world.
// Integer results must match exactly; floats within a stated tolerance (the GPU may fuse a
// multiply-add or round a division/sqrt differently from JS's f32 emulation).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { World } from '../../src/engine/world';
import { Action, Motion, Position, Vitals } from '../../src/society/components';
import { updateVitals, vitalsRates } from '../../src/society/core/vitals-system';
import { binAgents, gridShape } from '../../src/gpu/cpu/grid';
import { movementF32 } from '../../src/gpu/cpu/movement';
import { nearestF32 } from '../../src/gpu/cpu/perception';
import { circlesF32 } from '../../src/gpu/cpu/circles';
import { GpuCircles } from '../../src/gpu/kernels/circles';
import { vitalsF32 } from '../../src/gpu/cpu/vitals';
import type { GpuContext } from '../../src/gpu/device';
import { fieldRef } from '../../src/gpu/mirror';
import { GpuMovement, movementParams } from '../../src/gpu/kernels/movement';
import { GpuPerception, Perception } from '../../src/gpu/kernels/perception';
import { GpuCulture } from '../../src/gpu/kernels/culture';
import { SpatialGrid } from '../../src/engine/spatial';
import { ScenarioConfig } from '../../src/society/core/config';
import { AgentGrid } from '../../src/society/core/spatial-system';
import { runCulture } from '../../src/society/social/culture-system';
import { affinityArrays, Culture, CULTURE_GROUPS, Social } from '../../src/society/social/components';
import { GpuVitals } from '../../src/gpu/kernels/vitals';
import { GpuRuntime, type GpuSystem } from '../../src/gpu/runtime';
import { testGpu } from './gpu';
import { HEIGHT, maxDiff, randomWorld, sameInts, WIDTH } from './world';

/** Tolerances for float results, in world units or unit-interval values. */
const POSITION_TOL = 1e-4;
const VALUE_TOL = 1e-5;

let gpu: GpuContext;
let rt: GpuRuntime;
beforeAll(async () => {
  gpu = await testGpu();
  rt = new GpuRuntime(gpu);
  await rt.init();
});
afterAll(() => {
  rt?.destroy();
  gpu?.release();
});

async function onGpu(system: GpuSystem, world: World) {
  await system.init(rt);
  await rt.run(system, world);
}

const N = 4000;

describe('GPU kernels vs CPU twins', () => {
  it('vitals: bit-identical to the f32 twin, and within 1e-6 of the society rule', async () => {
    const g = randomWorld(1, N);
    const c = randomWorld(1, N);
    const s = randomWorld(1, N);
    const system = new GpuVitals();
    await onGpu(system, g);
    const alive = c.entities.alive();
    vitalsF32(alive, c.store(Vitals), vitalsRates(c));
    updateVitals(alive, s.store(Vitals), vitalsRates(s));
    for (const f of ['energy', 'hunger', 'health', 'age'] as const) {
      expect(maxDiff(g.store(Vitals)[f], c.store(Vitals)[f], alive), f).toBe(0);
      expect(maxDiff(g.store(Vitals)[f], s.store(Vitals)[f], alive), f).toBeLessThan(1e-5);
    }
    // Agents that reach health 0 leave at the end of the tick, as with the CPU system.
    const dying = alive.filter((e) => g.store(Vitals).health[e] <= 0).length;
    expect(dying).toBeGreaterThan(0);
    g.flushDespawns();
    expect(g.entities.count).toBe(N - dying);
  });

  it('movement: same arrivals and action changes, positions within tolerance (with and without separation)', async () => {
    for (const separation of [{ radius: 1, strength: 0 }, { radius: 3, strength: 0.4 }]) {
      const g = randomWorld(2, N);
      const c = randomWorld(2, N);
      await onGpu(new GpuMovement(separation), g);
      const p = movementParams(c, separation);
      const pos = c.store(Position);
      const bins = binAgents(gridShape(WIDTH, HEIGHT, separation.radius), c.entities.alive(), pos.x, pos.y);
      const m = c.store(Motion);
      const a = c.store(Action);
      movementF32(c.entities.alive(), { x: pos.x, y: pos.y, tx: m.tx, ty: m.ty, speed: m.speed, moving: m.moving, energy: c.store(Vitals).energy, kind: a.kind, remaining: a.remaining }, p, bins);
      const alive = c.entities.alive();
      expect(sameInts(g.store(Motion).moving, m.moving, alive)).toBe(0);
      expect(sameInts(g.store(Action).kind, a.kind, alive)).toBe(0);
      expect(sameInts(g.store(Action).remaining, a.remaining, alive)).toBe(0);
      expect(maxDiff(g.store(Position).x, pos.x, alive)).toBeLessThan(POSITION_TOL);
      expect(maxDiff(g.store(Position).y, pos.y, alive)).toBeLessThan(POSITION_TOL);
      expect(maxDiff(g.store(Vitals).energy, c.store(Vitals).energy, alive)).toBe(0);
      // Something happened: agents moved and some arrived.
      const start = randomWorld(2, N);
      expect(maxDiff(g.store(Position).x, start.store(Position).x, alive)).toBeGreaterThan(0.4);
      expect(alive.filter((e) => start.store(Motion).moving[e] && !m.moving[e]).length).toBeGreaterThan(10);
    }
  });

  it('perception: k nearest ids identical (ties by id), for k = 3 and k = 8 with a radius', async () => {
    for (const [k, radius] of [
      [3, Infinity],
      [8, 5],
    ] as const) {
      const g = randomWorld(3, N);
      const shape = gridShape(WIDTH, HEIGHT, 6);
      await onGpu(new GpuPerception({ k, radius, shape }), g);
      const pos = g.store(Position);
      const cpu = new Int32Array(g.components.capacity * k).fill(-1);
      nearestF32(binAgents(shape, g.entities.alive(), pos.x, pos.y), k, radius, cpu);
      const ids = g.resource(Perception).ids;
      let mismatches = 0;
      let filled = 0;
      for (const e of g.entities.alive())
        for (let j = 0; j < k; j++) {
          if (ids[e * k + j] !== cpu[e * k + j]) mismatches++;
          if (cpu[e * k + j] >= 0) filled++;
        }
      expect(mismatches).toBe(0);
      expect(filled).toBeGreaterThan(N); // the lists are not empty
    }
  });

  it('culture: the society culture rules (culture-kernels.ts) on the GPU, same groups, values within tolerance', async () => {
    const g = randomWorld(4, N);
    const c = randomWorld(4, N);
    await onGpu(new GpuCulture(), g);
    // The CPU system's pass: neighbours from the grid, then its two kernels.
    const pos = c.store(Position);
    const grid = new SpatialGrid(WIDTH, HEIGHT, c.resource(ScenarioConfig).socialRadius);
    grid.rebuild(c.entities.alive(), pos.x, pos.y);
    c.setResource(AgentGrid, grid);
    runCulture(c);
    const alive = c.entities.alive();
    expect(sameInts(g.store(Culture).group, c.store(Culture).group, alive)).toBe(0);
    expect(maxDiff(g.store(Vitals).happiness, c.store(Vitals).happiness, alive)).toBeLessThan(VALUE_TOL);
    expect(maxDiff(g.store(Social).reputation, c.store(Social).reputation, alive)).toBeLessThan(VALUE_TOL);
    const ga = affinityArrays(g.store(Culture));
    affinityArrays(c.store(Culture)).forEach((a, k) => expect(maxDiff(ga[k], a, alive), CULTURE_GROUPS[k]).toBeLessThan(VALUE_TOL));
    // The rules did something: groups switched, happiness and reputation rose.
    const start = randomWorld(4, N);
    expect(sameInts(c.store(Culture).group, start.store(Culture).group, alive)).toBeGreaterThan(10);
    expect(alive.filter((e) => c.store(Vitals).happiness[e] > start.store(Vitals).happiness[e]).length).toBeGreaterThan(N / 2);
    expect(alive.filter((e) => c.store(Social).reputation[e] > start.store(Social).reputation[e]).length).toBeGreaterThan(N / 2);
  });

  it('circles (neighbour-interaction benchmark): positions within tolerance', async () => {
    const w = randomWorld(6, N);
    const shape = gridShape(WIDTH, HEIGHT, 5);
    const params = { radius: 5, attraction: 0.002, repulsion: 0.01, width: WIDTH, height: HEIGHT };
    const pos = w.store(Position);
    const bins = binAgents(shape, w.entities.alive(), pos.x, pos.y);
    const outX = new Float32Array(bins.id.length);
    const outY = new Float32Array(bins.id.length);
    const reads = circlesF32(bins, params, outX, outY);
    expect(reads).toBeGreaterThan(N * 5);
    const circles = await GpuCircles.create(gpu.device);
    const x = fieldRef(Position, 'x');
    const y = fieldRef(Position, 'y');
    rt.mirror.upload(w, [x, y], [x, y]);
    rt.uploadAlive(w);
    const enc = gpu.device.createCommandEncoder();
    rt.mirror.snapshot(enc, [x, y]);
    circles.encode(enc, shape, params, rt.n, w.components.capacity, rt.alive, rt.mirror.buffer(x), rt.mirror.buffer(y));
    rt.mirror.stage(enc, [x, y]);
    gpu.device.queue.submit([enc.finish()]);
    await rt.mirror.map([x, y]);
    rt.mirror.apply(w, [x, y]);
    let worst = 0;
    let moved = 0;
    for (let s = 0; s < bins.id.length; s++) {
      const e = bins.id[s];
      worst = Math.max(worst, Math.abs(pos.x[e] - outX[s]), Math.abs(pos.y[e] - outY[s]));
      if (pos.x[e] !== bins.x[s]) moved++;
    }
    expect(worst).toBeLessThan(POSITION_TOL);
    expect(moved).toBeGreaterThan(N / 2);
    circles.destroy();
  });

  it('is deterministic: the same world twice on the same adapter gives the same bits', async () => {
    const runs: string[] = [];
    for (let r = 0; r < 2; r++) {
      const w = randomWorld(5, 3000);
      for (const system of [new GpuMovement({ radius: 3, strength: 0.4 }), new GpuVitals(), new GpuCulture()]) await onGpu(system, w);
      runs.push(w.stateHash());
    }
    expect(runs[1]).toBe(runs[0]);
  });
});
