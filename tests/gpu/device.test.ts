// The device, shader compilation and the component mirror on the real `webgpu` package.
import { readdirSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compileShader, ShaderError, shaderSource } from '../../src/gpu/shader';
import { Program, workgroupGrid } from '../../src/gpu/kernel';
import type { GpuContext } from '../../src/gpu/device';
import { BLOCK_WORDS, ComponentMirror, fieldRef } from '../../src/gpu/mirror';
import { Position, Vitals } from '../../src/society/components';
import { GpuRuntime } from '../../src/gpu/runtime';
import { GpuVitals } from '../../src/gpu/kernels/vitals';
import { testGpu } from './gpu';
import { randomWorld } from './world';

let gpu: GpuContext;
beforeAll(async () => {
  gpu = await testGpu();
});
afterAll(() => gpu?.release());

describe('WGSL compilation', () => {
  it('every shader in shaders/ compiles', async () => {
    const files = readdirSync(new URL('../../shaders/', import.meta.url)).filter((f) => f.endsWith('.wgsl') && f !== 'grid.wgsl');
    expect(files.length).toBeGreaterThanOrEqual(7);
    for (const file of files.map((f) => f.replace(/\.wgsl$/, ''))) {
      await expect(compileShader(gpu.device, file, await shaderSource(file))).resolves.toBeDefined();
    }
  });

  it('a broken shader fails with the WGSL compiler message, line and column', async () => {
    const broken = '@compute @workgroup_size(64)\nfn main() {\n  let x: f32 = undefined_thing + 1.0;\n}\n';
    const err = await compileShader(gpu.device, 'broken.wgsl', broken).catch((e) => e);
    expect(err).toBeInstanceOf(ShaderError);
    expect(err.message).toMatch(/broken\.wgsl:3:\d+: .*undefined_thing/);
    await expect(Program.load(gpu.device, 'broken', ['main'], broken)).rejects.toThrow(/undefined_thing/);
  });

  it('dispatches past 65,535 workgroups in two dimensions', () => {
    expect(workgroupGrid(1000, 65535)).toEqual([1000, 1]);
    const [x, y] = workgroupGrid(1_000_000_000 / 64, 65535);
    expect(y).toBeGreaterThan(1);
    expect(x).toBeLessThanOrEqual(65535);
    expect(x * y).toBeGreaterThanOrEqual(1_000_000_000 / 64);
    expect(() => workgroupGrid(65536 * 65536, 65535)).toThrow(/dispatch limit/);
  });
});

describe('component mirror', () => {
  it('uploads only changed blocks and reads back only what the kernels changed', async () => {
    const world = randomWorld(7, 20_000);
    const rt = new GpuRuntime(gpu);
    await rt.init();
    const vitals = new GpuVitals();
    await vitals.init(rt);
    await rt.run(vitals, world);
    const fieldBytes = world.components.capacity * 4;
    // First run: everything goes up; every block with an agent in it comes back.
    expect(rt.mirror.stats.uploadedBytes).toBe(4 * fieldBytes);
    const firstBack = rt.mirror.stats.readBackBytes;
    expect(firstBack).toBeGreaterThan(0);
    expect(firstBack).toBeLessThanOrEqual(4 * fieldBytes);

    // The CPU changes one agent's energy: only that block is uploaded again.
    const e = world.entities.alive()[123];
    world.store(Vitals).energy[e] = 0.5;
    rt.mirror.stats.uploadedBytes = 0;
    rt.mirror.stats.readBackBytes = 0;
    const before = world.store(Vitals).age.slice();
    await rt.run(vitals, world);
    expect(rt.mirror.stats.uploadedBytes).toBe(BLOCK_WORDS * 4);
    // The kernel changed everyone's age again: those blocks came back, and the CPU has the result.
    expect(world.store(Vitals).age[e]).toBeGreaterThan(before[e]);
    expect(rt.mirror.stats.readBackBytes).toBeGreaterThan(0);

    // Read-back is by changed block: a field the kernel leaves alone (no live agents in a block) is not copied.
    const mirror = new ComponentMirror(gpu.device);
    await mirror.init();
    const x = fieldRef(Position, 'x');
    mirror.upload(world, [x], [x]);
    const enc = gpu.device.createCommandEncoder();
    mirror.snapshot(enc, [x]);
    mirror.stage(enc, [x]);
    gpu.device.queue.submit([enc.finish()]);
    await mirror.map([x]);
    mirror.apply(world, [x]);
    expect(mirror.stats.readBackBytes).toBe(0);
    mirror.destroy();
    rt.destroy();
  });

  it('grows its buffers with the world and keeps the data', async () => {
    const world = randomWorld(8, 1000);
    const rt = new GpuRuntime(gpu);
    await rt.init();
    const vitals = new GpuVitals();
    await vitals.init(rt);
    await rt.run(vitals, world);
    const cap = world.components.capacity;
    while (world.components.capacity === cap) world.spawn();
    const newcomer = world.entities.alive().at(-1)!;
    world.store(Vitals).health[newcomer] = 0.5;
    world.store(Vitals).hunger[newcomer] = 0.1;
    await rt.run(vitals, world);
    expect(rt.mirror.buffer(fieldRef(Vitals, 'age')).size).toBeGreaterThanOrEqual(world.components.capacity * 4);
    expect(world.store(Vitals).age[newcomer]).toBeGreaterThan(0);
    rt.destroy();
  });
});
