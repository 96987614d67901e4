// One load of a world file in this fresh process, as `llm-society resume` does it: nothing compiled
// yet, an empty heap. Prints one JSON line: wall and main-thread CPU milliseconds, and how long the
// async load waited for inflation. Run by save-load.ts; usage: npx tsx scripts/bench/load-once.ts FILE async|sync

import { loadWorldFile, loadWorldFileAsync } from '../../src/persistence/save-file';
import { mainThreadCpuMs } from './thread-cpu';

const [path, kind] = process.argv.slice(2);
const timings: Record<string, number> = {};
const t0 = performance.now();
const c0 = mainThreadCpuMs();
const world = kind === 'sync' ? loadWorldFile(path, { timings }) : await loadWorldFileAsync(path, { timings });
const wallMs = performance.now() - t0;
const mainCpuMs = mainThreadCpuMs() - c0;
console.log(JSON.stringify({ kind, wallMs, mainCpuMs, waitMs: timings['waiting for inflation'] ?? 0, hash: world.stateHash() }));
