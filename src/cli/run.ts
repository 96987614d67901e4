// The headless run: build a world from a scenario, advance it, and summarise it.

import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { World } from '../engine/world';
import { RunRecorder } from '../persistence/run-recorder';
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
}

export function runHeadless(options: RunOptions): { world: World; summary: RunSummary } {
  const world = options.world ?? createSociety(options.scenario, { seed: options.seed, agents: options.agents });
  const recorder = new RunRecorder(world, {
    out: options.out,
    save: options.save,
    autosaveEveryDays: options.autosaveEveryDays,
    resumedFrom: options.resumedFrom,
    settings: { ticks: options.ticks, seed: options.seed, agents: options.agents, save: options.save, autosaveEveryDays: options.autosaveEveryDays },
  });
  const every = Math.max(1, Math.floor(options.ticks / 200));
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
  const elapsed = (performance.now() - t0) / 1000;
  const summary = summarize(world, options.scenario.name, elapsed, options.ticks);
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
