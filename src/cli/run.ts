// The headless run: build a world from a scenario, advance it, and summarise it.

import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Plugin } from '../engine/schedule';
import type { World } from '../engine/world';
import type { Cognition } from '../cognition/cognition';
import { RunRecorder } from '../persistence/run-recorder';
import { GpuStepper, type GpuMode } from '../gpu/stepper';
import { createSociety } from '../society/create';
import { Metrics } from '../society/metrics/metrics';
import type { Scenario } from '../society/scenario';

export interface RunOptions {
  scenario: Scenario;
  ticks: number;
  seed?: number;
  agents?: number;
  out?: string;
  /** Continue this world (a loaded world file) instead of building one from the scenario. */
  world?: World;
  /** Save the world to this file at the end (atomically, the previous file kept as .bak). */
  save?: string;
  /** Autosave every N simulated days (next to `save`, else in `out`, else the current folder). */
  autosaveEveryDays?: number;
  /** The world file a resumed run continues (recorded in the run store). */
  resumedFrom?: string;
  onProgress?: (done: number, total: number) => void;
  /** Extra plugins for a new world (e.g. cognition). */
  plugins?: Plugin[];
  /** LLM cognition: its usage goes into the summary's `llm` field; runHeadlessAsync paces ticks with it. */
  cognition?: Cognition;
  /** GPU systems (runHeadlessAsync only): auto | on | off; `log` gets the GPU's one-line decisions. */
  gpu?: GpuMode;
  gpuLog?: (line: string) => void;
}

export interface RunSummary {
  scenario: string;
  ticks: number;
  agents: number;
  seed: number;
  stateHash: string;
  ticksPerSecond: number;
  elapsedSeconds: number;
  date: string;
  metrics: Record<string, number>;
  /** LLM usage (requests, tokens, cache hits, failures, latency, cost per provider and model; budget). */
  llm?: ReturnType<Cognition['usage']>;
}

export function runHeadless(options: RunOptions): { world: World; summary: RunSummary } {
  const { world, recorder, every } = startRun(options);
  const t0 = performance.now();
  try {
    for (let t = 0; t < options.ticks; t++) {
      world.step();
      recorder.afterTick();
      if (options.onProgress && (t + 1) % every === 0) options.onProgress(t + 1, options.ticks);
    }
  } catch (err) {
    recorder.fail(err);
    throw err;
  }
  return finishRun(options, world, recorder, t0);
}

/**
 * The run with LLM cognition. Realtime: the loop yields to the event loop every few milliseconds so
 * answers can arrive, and never waits for them. Lockstep: after each tick it waits until every
 * request sent in that tick is answered or has failed. The heuristic path stays in runHeadless.
 */
export async function runHeadlessAsync(options: RunOptions): Promise<{ world: World; summary: RunSummary }> {
  const { world, recorder, every } = startRun(options);
  const cognition = options.cognition;
  let gpu: GpuStepper | null = null;
  const t0 = performance.now();
  let lastYield = t0;
  try {
    // GPU systems: the schedule with GPU twins awaited in place of their CPU systems (src/gpu/stepper.ts).
    if (options.gpu && options.gpu !== 'off') gpu = await GpuStepper.create(world, { mode: options.gpu, log: options.gpuLog });
    await cognition?.started();
    for (let t = 0; t < options.ticks; t++) {
      if (gpu) await gpu.step(world);
      else world.step();
      recorder.afterTick();
      if (options.onProgress && (t + 1) % every === 0) options.onProgress(t + 1, options.ticks);
      if (cognition?.mode === 'lockstep') await cognition.settle();
      else if (performance.now() - lastYield > 4) {
        await new Promise((resolve) => setImmediate(resolve));
        lastYield = performance.now();
      }
    }
  } catch (err) {
    recorder.fail(err);
    throw err;
  } finally {
    gpu?.release();
    // A finished run neither waits for nor applies late answers: their calls are aborted.
    cognition?.close();
  }
  return finishRun(options, world, recorder, t0);
}

function startRun(options: RunOptions): { world: World; recorder: RunRecorder; every: number } {
  const world = options.world ?? createSociety(options.scenario, { seed: options.seed, agents: options.agents, plugins: options.plugins });
  const recorder = new RunRecorder(world, {
    out: options.out,
    save: options.save,
    autosaveEveryDays: options.autosaveEveryDays,
    resumedFrom: options.resumedFrom,
    settings: { ticks: options.ticks, seed: options.seed, agents: options.agents, save: options.save, autosaveEveryDays: options.autosaveEveryDays },
  });
  return { world, recorder, every: Math.max(1, Math.floor(options.ticks / 200)) };
}

function finishRun(options: RunOptions, world: World, recorder: RunRecorder, t0: number): { world: World; summary: RunSummary } {
  const elapsed = (performance.now() - t0) / 1000;
  const summary = summarize(world, options.scenario.name, elapsed, options.ticks);
  if (options.cognition) summary.llm = options.cognition.usage();
  if (options.out) writeRunOutput(world, options.out, summary);
  recorder.finish(summary.stateHash);
  return { world, summary };
}

export function summarize(world: World, scenarioName: string, elapsedSeconds: number, ticksRun: number): RunSummary {
  const d = world.clock.date();
  const metrics = world.resource(Metrics).latest();
  return {
    scenario: scenarioName,
    ticks: world.tick,
    agents: world.entities.count,
    seed: world.seed,
    stateHash: world.stateHash(),
    ticksPerSecond: elapsedSeconds > 0 ? Math.round((ticksRun / elapsedSeconds) * 10) / 10 : 0,
    elapsedSeconds: Math.round(elapsedSeconds * 1000) / 1000,
    date: `year ${d.year} month ${d.month} day ${d.day} ${String(d.hour).padStart(2, '0')}:${String(d.minute).padStart(2, '0')}`,
    metrics,
  };
}

export function writeRunOutput(world: World, dir: string, summary: RunSummary): void {
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'metrics.csv'), world.resource(Metrics).toCsv());
  writeFileSync(join(dir, 'summary.json'), JSON.stringify(summary, null, 2) + '\n');
}
