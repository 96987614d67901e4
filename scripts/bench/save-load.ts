// Saving and loading worlds: encode + atomic write, and read + load, at 2,500 and 100,000 agents
// (town density, heuristic brain; 2,500 after a simulated day so every section has content, 100,000
// after a few ticks), with the file size and bytes per agent and where the save time goes; then the
// run store's cost per tick at 2,500 agents.
// Loads are timed both ways: async (sections inflated on the thread pool, as `resume` loads) and sync.
// Usage: npx tsx scripts/bench/save-load.ts [--ticks-100k N] [--skip-100k] [--store-ticks N] [--skip-store] [--sync-first]

import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadScenario } from '../../src/persistence/scenario-files';
import { RunStore } from '../../src/persistence/run-store';
import { loadWorldFile, loadWorldFileAsync, saveWorldFile } from '../../src/persistence/save-file';
import { encodeValue } from '../../src/persistence/section-codec';
import { encodeWorld, loadWorld } from '../../src/persistence/world-file';
import { createSociety } from '../../src/society/create';

const here = dirname(fileURLToPath(import.meta.url));
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

/** Wall-clock and this process's CPU milliseconds (other processes on a shared machine cannot inflate the latter much). */
function timeCpu<T>(fn: () => T): [T, number, number] {
  const c0 = process.cpuUsage();
  const [r, ms] = time(fn);
  const c = process.cpuUsage(c0);
  return [r, ms, (c.user + c.system) / 1000];
}

async function benchSaveLoad(agents: number, ticks: number): Promise<void> {
  const [world, buildMs] = time(() => townWorld(agents, ticks));
  const path = join(dir, `w${agents}.society`);
  const saves: { encodeMs: number; writeMs: number; bytes: number }[] = [];
  const saveCpu: number[] = [];
  for (let i = 0; i < 3; i++) {
    const [r, , cpu] = timeCpu(() => saveWorldFile(world, path));
    saves.push(r);
    saveCpu.push(cpu);
  }
  // Three loads of each kind; the kind that goes first pays for compiling the load code ("first").
  const kinds = process.argv.includes('--sync-first') ? (['sync', 'async'] as const) : (['async', 'sync'] as const);
  const loads = { sync: [] as number[], async: [] as number[] };
  const loadCpu = { sync: [] as number[], async: [] as number[] };
  let hashOk = true;
  let timings: Record<string, number> = {};
  for (const kind of kinds) {
    for (let i = 0; i < 3; i++) {
      timings = {};
      const c0 = process.cpuUsage();
      const t0 = performance.now();
      const loaded = kind === 'sync' ? loadWorldFile(path, { timings }) : await loadWorldFileAsync(path, { timings });
      loads[kind].push(performance.now() - t0);
      const c = process.cpuUsage(c0);
      loadCpu[kind].push((c.user + c.system) / 1000);
      hashOk &&= loaded.stateHash() === world.stateHash();
    }
  }
  const bytes = saves[0].bytes;
  const [, decodeOnly] = time(() => loadWorld(encodeWorld(world)));
  const f = (n: number) => n.toFixed(1).padStart(7);
  console.log(
    `${String(agents).padStart(7)} agents (built and run ${ticks} ticks in ${(buildMs / 1000).toFixed(1)} s): ` +
      `save first ${f(saves[0].encodeMs + saves[0].writeMs)} ms (encode ${f(saves[0].encodeMs)} + write ${f(saves[0].writeMs)}), ` +
      `warm ${f(Math.min(...saves.slice(1).map((s) => s.encodeMs + s.writeMs)))} ms; ` +
      kinds.map((k) => `load ${k} first ${f(loads[k][0])} ms, warm ${f(Math.min(...loads[k].slice(1)))} ms; `).join('') +
      `file ${(bytes / 1024 / 1024).toFixed(2)} MiB = ${(bytes / agents).toFixed(1)} bytes/agent; hash after load ${hashOk ? 'equal' : 'DIFFERENT'}` +
      ` (encode+load in memory ${decodeOnly.toFixed(0)} ms)`,
  );
  console.log(`  process CPU ms: save ${saveCpu.map((c) => c.toFixed(0)).join(' / ')}, ${kinds.map((k) => `load ${k} ${loadCpu[k].map((c) => c.toFixed(0)).join(' / ')}`).join(', ')} (first / warm / warm; the process's threads, so the async load's pool too)`);
  // As `resume` loads: in a fresh process (nothing compiled, an empty heap), three of each kind by turns.
  const fresh = { sync: [] as number[], async: [] as number[] };
  const freshCpu = { sync: [] as number[], async: [] as number[] };
  for (let i = 0; i < 3; i++) {
    for (const kind of kinds) {
      const out = spawnSync(process.execPath, ['--import', 'tsx', join(here, 'load-once.ts'), path, kind], { encoding: 'utf8' });
      const r = JSON.parse(out.stdout.trim().split('\n').pop()!) as { wallMs: number; mainCpuMs: number; hash: string };
      fresh[kind].push(r.wallMs);
      freshCpu[kind].push(r.mainCpuMs);
      hashOk &&= r.hash === world.stateHash();
    }
  }
  const med = (v: number[]) => [...v].sort((a, b) => a - b)[1].toFixed(0);
  console.log(`  load in a fresh process, median of 3 (wall / main-thread CPU ms): ${kinds.map((k) => `${k} ${med(fresh[k])} / ${med(freshCpu[k])}`).join(', ')}; all ${kinds.map((k) => `${k} ${fresh[k].map((v) => v.toFixed(0)).join(' ')}`).join(', ')}${hashOk ? '' : '; HASH DIFFERENT'}`);
  const phases = Object.entries(timings).sort((a, b) => b[1] - a[1]);
  console.log(`  last load by phase (ms): ${phases.slice(0, 8).map(([p, ms]) => `${p} ${ms.toFixed(0)}`).join(', ')}`);
}

/** Where the save time goes: each state section's own save() and its encoding, and the components. */
function breakdown(agents: number, ticks: number): void {
  const world = townWorld(agents, ticks);
  encodeWorld(world); // warm-up
  const rows: [string, number, number, number][] = [];
  for (const s of world.stateSections()) {
    const [data, saveMs] = time(() => s.save());
    const [bytes, encodeMs] = time(() => encodeValue(data, s.name));
    rows.push([s.name, saveMs, encodeMs, bytes.length]);
  }
  let compMs = 0;
  for (let i = 0; i < 3; i++) {
    const t0 = performance.now();
    encodeWorld(world, { level: 0 });
    compMs = performance.now() - t0;
  }
  rows.sort((a, b) => b[1] + b[2] - a[1] - a[2]);
  const sectionsMs = rows.reduce((t, r) => t + r[1] + r[2], 0);
  const sectionsKiB = rows.reduce((t, r) => t + r[3], 0) / 1024;
  console.log(
    `  ${agents} agents after ${ticks} ticks: encode without compression ${compMs.toFixed(0)} ms, of which state sections ${sectionsMs.toFixed(0)} ms ` +
      `(${sectionsKiB.toFixed(0)} KiB) and the rest (components, entities, RNG, events) ${(compMs - sectionsMs).toFixed(0)} ms; largest sections (save() ms / encode ms / raw KiB):`,
  );
  for (const [name, saveMs, encodeMs, size] of rows.slice(0, 8)) console.log(`    ${name.padEnd(16)} ${saveMs.toFixed(1).padStart(8)} ${encodeMs.toFixed(1).padStart(8)} ${(size / 1024).toFixed(0).padStart(8)}`);
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

const arg = (name: string, fallback: number) => (process.argv.includes(name) ? Number(process.argv[process.argv.indexOf(name) + 1]) : fallback);
const { loadavg } = await import('node:os');
console.log(`node ${process.version}, ${process.arch}, load average ${loadavg()[0].toFixed(1)}`);
await benchSaveLoad(2500, 48);
breakdown(2500, 48);
if (!process.argv.includes('--skip-100k')) await benchSaveLoad(100_000, arg('--ticks-100k', 4));
if (!process.argv.includes('--skip-store')) benchRunStore(2500, arg('--store-ticks', 480));
console.log(`load average at the end ${loadavg()[0].toFixed(1)}`);
rmSync(dir, { recursive: true, force: true });
