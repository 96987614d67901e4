// How GPU systems fit the tick. world.step() is synchronous and the GPU is not (mapAsync), so a
// GPU run advances the world with `await stepper.step(world)`: the same schedule, phase by phase,
// system by system, except that a system with a GPU twin is replaced by `await twin.run()` (upload
// what changed, dispatch, read back what changed). Everything a later system reads is on the CPU
// before it runs, so the CPU systems see the same kind of world as in a CPU tick.
//
// The CPU arrays stay the source of truth. When the device is lost, or a GPU run fails, the CPU
// system runs instead for that tick and every tick after: nothing of the world is lost.
// `auto` measures the first ticks both ways and keeps the faster (so an auto run is only
// reproducible as far as that choice is: for bit-reproducible runs choose `on` or `off`).

import type { System } from '../engine/schedule';
import type { World } from '../engine/world';
import { ScenarioConfig } from '../society/core/config';
import { NavigatorKey } from '../society/core/movement-system';
import { acquireGpu, type GpuContext } from './device';
import { cultureFitsGpu, GpuCulture } from './kernels/culture';
import { GpuMovement } from './kernels/movement';
import { GpuPerception, type PerceptionSystem } from './kernels/perception';
import { GpuSpatialIndex } from './kernels/spatial-index';
import { GpuVitals } from './kernels/vitals';
import { DEFAULT_BUDGET_BYTES, planGpu } from './limits';
import { GpuRuntime, type GpuSystem } from './runtime';

export type GpuMode = 'auto' | 'on' | 'off';

export interface GpuStepperOptions {
  mode: GpuMode;
  /** One line per decision (stderr in the CLI). */
  log?: (line: string) => void;
  budgetBytes?: number;
  /** GPU twins to use; default: the twins of the society systems this world has. */
  systems?: (world: World) => GpuSystem[];
  /** Ticks measured each way before `auto` decides (after one warm-up tick). */
  probeTicks?: number;
  /** How to get a device (tests inject a context to destroy it). */
  acquire?: () => Promise<GpuContext | null>;
}

export class GpuError extends Error {
  override readonly name = 'GpuError';
}

/** GPU twins of the society's CPU systems present in this world's schedule. */
export function societyGpuSystems(world: World): GpuSystem[] {
  const out: GpuSystem[] = [];
  for (const s of world.schedule.systems()) {
    if (s.name === 'spatial-index') out.push(new GpuSpatialIndex());
    else if (s.name === 'movement' && !world.hasResource(NavigatorKey)) out.push(new GpuMovement());
    else if (s.name === 'vitals') out.push(new GpuVitals());
    else if (s.name === 'culture' && cultureFitsGpu(world)) out.push(new GpuCulture());
    else if (s.name === 'perception' && 'settings' in s) out.push(new GpuPerception((s as PerceptionSystem).settings));
  }
  return out;
}

export class GpuStepper {
  private twins = new Map<string, GpuSystem>();
  private rt: GpuRuntime | null = null;
  private gpu: GpuContext | null = null;
  private probe: { gpuMs: number; cpuMs: number; ticks: number } | null = null;
  private plannedCapacity = 0;
  private readonly log: (line: string) => void;

  private constructor(private readonly options: GpuStepperOptions) {
    this.log = options.log ?? (() => {});
  }

  /** Whether GPU systems are in use now. */
  get active(): boolean {
    return this.rt !== null;
  }

  get device(): string | null {
    return this.gpu?.adapterName ?? null;
  }

  /**
   * Set up for a world. `on`: any failure (no adapter, world too large, shader error) throws.
   * `auto`: a failure logs one line and the world runs on the CPU.
   */
  static async create(world: World, options: GpuStepperOptions): Promise<GpuStepper> {
    // The scenario's gpu section supplies what the caller leaves out.
    const cfg = world.hasResource(ScenarioConfig) ? world.resource(ScenarioConfig).gpu : undefined;
    const stepper = new GpuStepper({ budgetBytes: cfg && cfg.memoryBudgetMiB * 1024 ** 2, probeTicks: cfg?.probeTicks, ...options });
    if (options.mode === 'off') return stepper;
    try {
      await stepper.start(world);
    } catch (err) {
      stepper.stop();
      if (options.mode === 'on') throw err instanceof GpuError ? err : new GpuError(`--gpu on: ${(err as Error).message}`);
      stepper.log(`gpu: ${(err as Error).message}; running on the CPU`);
    }
    return stepper;
  }

  private async start(world: World): Promise<void> {
    const gpu = await (this.options.acquire ?? acquireGpu)();
    if (!gpu) throw new GpuError(this.options.mode === 'on' ? '--gpu on: no WebGPU adapter found' : 'no WebGPU adapter found');
    this.gpu = gpu;
    const systems = (this.options.systems ?? societyGpuSystems)(world);
    const limits = gpu.device.limits;
    planGpu(systems, world, limits, this.options.budgetBytes ?? DEFAULT_BUDGET_BYTES);
    this.plannedCapacity = world.components.capacity;
    const rt = new GpuRuntime(gpu);
    await rt.init();
    for (const s of systems) await s.init(rt);
    this.twins = new Map(systems.map((s) => [s.name, s]));
    this.rt = rt;
    if (this.options.mode === 'auto') this.probe = { gpuMs: 0, cpuMs: 0, ticks: 0 };
    this.log(`gpu: ${systems.map((s) => s.name).join(', ')} on ${gpu.adapterName}`);
  }

  /** Advance one tick: the world's schedule, with GPU twins in place of their CPU systems. */
  async step(world: World): Promise<void> {
    if (this.rt && world.components.capacity !== this.plannedCapacity) this.replan(world);
    if (!this.rt) {
      world.step();
      return;
    }
    const probing = this.probe !== null;
    const probeTicks = this.options.probeTicks ?? 3;
    // Probe: tick 0 warms up, then `probeTicks` on the GPU, then `probeTicks` on the CPU.
    const phase = probing ? this.probe!.ticks : -1;
    const cpuTurn = probing && phase > probeTicks;
    let ms = 0;
    for (const system of world.schedule.systems()) {
      const twin = cpuTurn ? undefined : this.twins.get(system.name);
      const t0 = probing ? performance.now() : 0;
      if (twin?.skip?.(world)) continue;
      if (twin && this.rt) await this.runTwin(twin, system, world);
      else system.run(world);
      if (probing && this.twins.has(system.name)) ms += performance.now() - t0;
    }
    world.flushDespawns();
    world.clock.tick++;
    if (this.probe) this.account(phase, ms, probeTicks, world);
  }

  /** The world grew: check the new capacity before any buffer grows; if it does not fit, go on on the CPU. */
  private replan(world: World): void {
    try {
      planGpu([...this.twins.values()], world, this.gpu!.device.limits, this.options.budgetBytes ?? DEFAULT_BUDGET_BYTES);
      this.plannedCapacity = world.components.capacity;
    } catch (err) {
      this.log(`gpu: ${(err as Error).message}; continuing on the CPU`);
      this.stop();
    }
  }

  private async runTwin(twin: GpuSystem, system: System, world: World): Promise<void> {
    try {
      if (this.gpu!.lost) throw new GpuError(`device lost (${this.gpu!.lostReason})`);
      await this.rt!.run(twin, world);
    } catch (err) {
      const reason = this.gpu!.lost ? `device lost (${this.gpu!.lostReason})` : (err as Error).message;
      this.log(`gpu: ${reason}; continuing on the CPU`);
      this.stop();
      system.run(world); // nothing of the GPU run was applied: the CPU system does this tick's work
    }
  }

  private account(phase: number, ms: number, probeTicks: number, world: World): void {
    const p = this.probe!;
    p.ticks++;
    if (phase >= 1 && phase <= probeTicks) p.gpuMs += ms;
    else if (phase > probeTicks) p.cpuMs += ms;
    if (p.ticks < 2 * probeTicks + 1) return;
    this.probe = null;
    const gpu = p.gpuMs / probeTicks;
    const cpu = p.cpuMs / probeTicks;
    const figures = `${gpu.toFixed(2)} ms per tick on the GPU vs ${cpu.toFixed(2)} ms on the CPU at ${world.entities.count} agents`;
    if (gpu > cpu) {
      this.log(`gpu: the GPU systems are slower here (${figures}); switching to the CPU`);
      this.stop();
    } else {
      this.log(`gpu: keeping the GPU (${figures})`);
    }
  }

  /** Stop using the GPU (the world carries on with its CPU systems). */
  private stop(): void {
    this.probe = null;
    for (const s of this.twins.values()) s.destroy?.();
    this.twins.clear();
    this.rt?.destroy();
    this.rt = null;
    this.gpu?.release();
    this.gpu = null;
  }

  /** Release the device so the process can exit. */
  release(): void {
    this.stop();
  }
}
