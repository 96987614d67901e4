// Saving and loading worlds: encode + atomic write, and read + load, at 2,500 and 100,000 agents
// (town density, heuristic brain, after a simulated day so every section has content), with the file
// size and bytes per agent; then the run store's cost per tick at 2,500 agents.
// Usage: npx tsx scripts/bench/save-load.ts [--skip-store]

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadScenario } from '../../src/persistence/scenario-files';
import { RunStore } from '../../src/persistence/run-store';
import { loadWorldFile, saveWorldFile } from '../../src/persistence/save-file';
import { encodeWorld, loadWorld } from '../../src/persistence/world-file';
import { createSociety } from '../../src/society/create';

const dir = mkdtempSync(join(tmpdir(), 'llms-bench-'));

function townWorld(agents: number, ticks: number) {
  const scenario = loadScenario('town');
  const side = Math.sqrt(agents / 2500) * 500;
  const world = createSociety({ ...scenario, world: { width: side, height: side } }, { agents });
  world.run(ticks);
  return world;
}

function time<T>(fn: () => T): [T, number] {
  const t0 = performance.now();
  const r = fn();
  return [r, performance.now() - t0];
}

function benchSaveLoad(agents: number, ticks: number): void {
  const [world, buildMs] = time(() => townWorld(agents, ticks));
  const path = join(dir, `w${agents}.society`);
  const saves: { encodeMs: number; writeMs: number; bytes: number }[] = [];
  for (let i = 0; i < 3; i++) saves.push(saveWorldFile(world, path));
  const loads: number[] = [];
  let hashOk = true;
  for (let i = 0; i < 3; i++) {
    const [loaded, ms] = time(() => loadWorldFile(path));
    loads.push(ms);
    hashOk &&= loaded.stateHash() === world.stateHash();
  }
  const bytes = saves[0].bytes;
  const [, decodeOnly] = time(() => loadWorld(encodeWorld(world)));
  const f = (n: number) => n.toFixed(1).padStart(7);
  console.log(
    `${String(agents).padStart(7)} agents (built and run ${ticks} ticks in ${(buildMs / 1000).toFixed(1)} s): ` +
      `save first ${f(saves[0].encodeMs + saves[0].writeMs)} ms (encode ${f(saves[0].encodeMs)} + write ${f(saves[0].writeMs)}), ` +
      `warm ${f(Math.min(...saves.slice(1).map((s) => s.encodeMs + s.writeMs)))} ms; ` +
      `load first ${f(loads[0])} ms, warm ${f(Math.min(...loads.slice(1)))} ms; ` +
      `file ${(bytes / 1024 / 1024).toFixed(2)} MiB = ${(bytes / agents).toFixed(1)} bytes/agent; hash after load ${hashOk ? 'equal' : 'DIFFERENT'}` +
      ` (encode+load in memory ${decodeOnly.toFixed(0)} ms)`,
  );
}

function benchRunStore(agents: number, ticks: number): void {
  const plain = townWorld(agents, 50);
  const [, plainMs] = time(() => plain.run(ticks));
  const recorded = townWorld(agents, 50);
  const store = new RunStore(join(dir, 'run.sqlite'), recorded);
  const [, recMs] = time(() => {
    for (let t = 0; t < ticks; t++) {
      recorded.step();
      store.afterTick();
    }
  });
  const events = recorded.events.emitted;
  store.finish('completed');
  console.log(
    `run store, ${agents} agents, ${ticks} ticks: ${(plainMs / ticks).toFixed(3)} ms/tick without, ${(recMs / ticks).toFixed(3)} ms/tick with ` +
      `(+${(((recMs - plainMs) / plainMs) * 100).toFixed(1)}%); SQLite writes ${(store.writeMs / ticks).toFixed(3)} ms/tick for ${events} events`,
  );
}

console.log(`node ${process.version}, ${process.arch}`);
benchSaveLoad(2500, 48);
benchSaveLoad(100_000, 48);
if (!process.argv.includes('--skip-store')) benchRunStore(2500, 960);
rmSync(dir, { recursive: true, force: true });
