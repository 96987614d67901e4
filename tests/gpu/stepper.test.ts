// The GPU stepper on a living society world: GPU twins in place of CPU systems, fallbacks, limits.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSociety } from '../../src/society/create';
import { loadScenario } from '../../src/persistence/scenario-files';
import { parseScenario } from '../../src/society/scenario';
import { AgentGrid } from '../../src/society/core/spatial-system';
import { Position } from '../../src/society/components';
import { SpatialGrid } from '../../src/engine/spatial';
import { acquireGpu, type GpuContext } from '../../src/gpu/device';
import { GpuStepper } from '../../src/gpu/stepper';
import { Perception, perceptionSystem } from '../../src/gpu/kernels/perception';
import { gridShape } from '../../src/gpu/cpu/grid';
import { useSoftwareVulkanIfUnset } from './gpu';
import { encodeWorld, loadWorld } from '../../src/persistence/world-file';
import { spawnAgent } from '../../src/society/core/agents';

const scenario = loadScenario('village');
const society = (agents = 300, seed = 3) => createSociety(scenario, { agents, seed });

beforeAll(() => useSoftwareVulkanIfUnset());
const contexts: GpuContext[] = [];
afterAll(() => contexts.forEach((c) => c.release()));

async function context(): Promise<GpuContext> {
  const c = await acquireGpu();
  if (!c) throw new Error('no WebGPU adapter');
  contexts.push(c);
  return c;
}

describe('GPU stepper', () => {
  it('with the GPU off, a step is exactly world.step()', async () => {
    const a = society();
    const b = society();
    const stepper = await GpuStepper.create(a, { mode: 'off' });
    for (let t = 0; t < 10; t++) {
      await stepper.step(a);
      b.step();
    }
    expect(stepper.active).toBe(false);
    expect(a.stateHash()).toBe(b.stateHash());
  });

  it('runs the society on the GPU: same seed, same hash; the CPU index is the GPU bins', async () => {
    const hashes: string[] = [];
    for (let r = 0; r < 2; r++) {
      const world = society();
      const lines: string[] = [];
      const stepper = await GpuStepper.create(world, { mode: 'on', log: (l) => lines.push(l), acquire: context });
      // Movement runs on the GPU unless the world map's navigator (paths, water) is installed.
      expect(lines[0]).toMatch(/^gpu: spatial-index, (movement, )?culture, vitals on /);
      for (let t = 0; t < 4; t++) await stepper.step(world);
      expect(stepper.active).toBe(true);
      expect(world.tick).toBe(4);
      hashes.push(world.stateHash());
      // The AgentGrid of the next tick comes from the GPU bins: it answers like a CPU rebuild
      // from the same positions (those at the start of the tick).
      const p = world.store(Position);
      const alive = world.entities.alive().slice();
      const x0 = p.x.slice();
      const y0 = p.y.slice();
      await stepper.step(world);
      const grid = world.resource(AgentGrid);
      const cpu = new SpatialGrid(grid.width, grid.height, grid.cellSize);
      cpu.rebuild(alive, x0, y0);
      expect(grid.count).toBe(alive.length);
      for (const e of alive.slice(0, 100)) {
        expect(grid.queryRadius(x0[e], y0[e], grid.cellSize)).toEqual(cpu.queryRadius(x0[e], y0[e], grid.cellSize));
        expect(grid.nearest(x0[e], y0[e], 3, e)).toEqual(cpu.nearest(x0[e], y0[e], 3, e));
      }
      stepper.release();
    }
    expect(hashes[1]).toBe(hashes[0]);
  });

  it('runs a loaded world (its stores are the file\'s arrays, exactly as long as the population) like the world it was saved from', async () => {
    const original = society(300, 11);
    original.run(6);
    const loaded = loadWorld(encodeWorld(original));
    expect(loaded.components.capacity).toBe(loaded.entities.highWater);
    const steppers = [];
    for (const w of [original, loaded]) steppers.push(await GpuStepper.create(w, { mode: 'on', acquire: context }));
    for (let t = 0; t < 3; t++) for (let i = 0; i < 2; i++) await steppers[i].step([original, loaded][i]);
    expect(steppers[1].active).toBe(true);
    expect(loaded.stateHash()).toBe(original.stateHash());
    // A newcomer grows the loaded stores past what the file held; the GPU mirror follows.
    const capacity = loaded.components.capacity;
    for (const w of [original, loaded]) spawnAgent(w, { x: 50, y: 50, age: 30 });
    expect(loaded.components.capacity).toBeGreaterThan(capacity);
    for (let t = 0; t < 3; t++) for (let i = 0; i < 2; i++) await steppers[i].step([original, loaded][i]);
    expect(steppers[1].active).toBe(true);
    expect(loaded.stateHash()).toBe(original.stateHash());
    steppers.forEach((s) => s.release());
  });

  it('perception: the CPU system and its GPU twin give the same k nearest lists in a society', async () => {
    const settings = { k: 3, radius: 20, shape: gridShape(scenario.world.width, scenario.world.height, 10) };
    const [a, b] = [society(400, 9), society(400, 9)];
    for (const w of [a, b]) w.addSystem(perceptionSystem(settings));
    const lines: string[] = [];
    const stepper = await GpuStepper.create(a, { mode: 'on', log: (l) => lines.push(l), acquire: context });
    expect(lines[0]).toMatch(/perception/);
    await stepper.step(a);
    b.step();
    const ga = a.resource(Perception).ids;
    const cb = b.resource(Perception).ids;
    let filled = 0;
    for (const e of b.entities.alive())
      for (let j = 0; j < 3; j++) {
        expect(ga[e * 3 + j]).toBe(cb[e * 3 + j]);
        if (cb[e * 3 + j] >= 0) filled++;
      }
    expect(filled).toBeGreaterThan(400);
    stepper.release();
  });

  it('a lost device falls back to the CPU without losing the world', async () => {
    const world = society(200, 4);
    const lines: string[] = [];
    const gpu = await context();
    const stepper = await GpuStepper.create(world, { mode: 'on', log: (l) => lines.push(l), acquire: async () => gpu });
    for (let t = 0; t < 3; t++) await stepper.step(world);
    const agents = world.entities.count;
    gpu.device.destroy(); // what a driver reset looks like to WebGPU
    for (let t = 0; t < 5; t++) await stepper.step(world);
    expect(stepper.active).toBe(false);
    expect(lines.some((l) => /device lost|destroyed|continuing on the CPU/.test(l))).toBe(true);
    expect(lines.filter((l) => /continuing on the CPU/.test(l))).toHaveLength(1);
    expect(world.tick).toBe(8);
    expect(world.entities.count).toBe(agents);
    // Positions are still real numbers: nothing half-written.
    const p = world.store(Position);
    for (const e of world.entities.alive()) expect(Number.isFinite(p.x[e]) && Number.isFinite(p.y[e])).toBe(true);
  });

  it('on without an adapter is an error; auto says so in one line and runs on the CPU', async () => {
    const world = society(50);
    await expect(GpuStepper.create(world, { mode: 'on', acquire: async () => null })).rejects.toThrow(/^--gpu on: no WebGPU adapter found$/);
    const lines: string[] = [];
    const stepper = await GpuStepper.create(world, { mode: 'auto', log: (l) => lines.push(l), acquire: async () => null });
    expect(stepper.active).toBe(false);
    expect(lines).toEqual(['gpu: no WebGPU adapter found; running on the CPU']);
    await stepper.step(world);
    expect(world.tick).toBe(1);
  });

  it('a world that does not fit the memory budget is refused before anything is allocated', async () => {
    const world = society(2000);
    const err = await GpuStepper.create(world, { mode: 'on', budgetBytes: 64 * 1024, acquire: context }).catch((e) => e);
    expect(err.message).toMatch(/GPU: \d+ agent slots need \d+ MiB of GPU memory; the budget is 0 MiB \(about \d+ agents\)/);
    const lines: string[] = [];
    const stepper = await GpuStepper.create(world, { mode: 'auto', budgetBytes: 64 * 1024, log: (l) => lines.push(l), acquire: context });
    expect(stepper.active).toBe(false);
    expect(lines[0]).toMatch(/agent slots need .* running on the CPU$/);
  });

  it('auto measures the first ticks both ways and keeps the faster, saying which', async () => {
    // The probe length comes from the scenario's gpu section: 1 warm-up + 2 GPU + 2 CPU ticks.
    const world = createSociety(parseScenario({ ...scenario, gpu: { probeTicks: 2 } }), { agents: 300, seed: 6 });
    const lines: string[] = [];
    const stepper = await GpuStepper.create(world, { mode: 'auto', log: (l) => lines.push(l), acquire: context });
    for (let t = 0; t < 4; t++) await stepper.step(world);
    expect(lines.some((l) => /keeping the GPU|switching to the CPU/.test(l))).toBe(false);
    for (let t = 0; t < 4; t++) await stepper.step(world);
    const verdict = lines.find((l) => /keeping the GPU|switching to the CPU/.test(l));
    expect(verdict).toMatch(/ms per tick on the GPU vs .* ms on the CPU at \d+ agents/);
    expect(stepper.active).toBe(/keeping the GPU/.test(verdict!));
    expect(world.tick).toBe(8);
    stepper.release();
  });
});
