// Two code trees, one process: the same 2,500-agent town built from each checkout (say the base
// commit in a `git worktree` and the working tree) and stepped by turns, a simulated day each, who
// goes first alternating, so that a shared machine's changing load hits both alike. Prints each
// one's ms per tick, the ratio B/A over the whole run and its median per day, and whether the state
// hashes agree (they must, for a change meant to keep behaviour). It also prints the same ratios of
// the main thread's CPU time, which other processes cannot steal (wall time swings with the load).
// Usage: npx tsx scripts/bench/tick-ab.ts DIR_A DIR_B [days] [agents]

import { loadavg } from 'node:os';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { mainThreadCpuMs } from './thread-cpu';

const [dirA, dirB] = process.argv.slice(2, 4).map((d) => resolve(d));
if (!dirA || !dirB) {
  console.error('usage: npx tsx scripts/bench/tick-ab.ts DIR_A DIR_B [days] [agents]');
  process.exit(2);
}
const days = Number(process.argv[4] ?? 20);
const agents = Number(process.argv[5] ?? 2500);
const DAY = 48; // ticks in a town day

interface Steppable {
  run(ticks: number): void;
  stateHash(): string;
}

async function town(dir: string): Promise<Steppable> {
  const { loadScenario } = await import(pathToFileURL(`${dir}/src/persistence/scenario-files.ts`).href);
  const { createSociety } = await import(pathToFileURL(`${dir}/src/society/create.ts`).href);
  const scenario = loadScenario('town');
  const side = Math.sqrt(agents / 2500) * scenario.world.width;
  return createSociety({ ...scenario, world: { width: side, height: side } }, { agents });
}

const a = await town(dirA);
const b = await town(dirB);
a.run(50);
b.run(50);
const ta: number[] = [];
const tb: number[] = [];
const ca: number[] = [];
const cb: number[] = [];
const time = (w: Steppable, wall: number[], cpu: number[]) => {
  const c0 = mainThreadCpuMs();
  const t0 = performance.now();
  w.run(DAY);
  wall.push(performance.now() - t0);
  cpu.push(mainThreadCpuMs() - c0);
};
for (let d = 0; d < days; d++) {
  if (d % 2 === 0) {
    time(a, ta, ca);
    time(b, tb, cb);
  } else {
    time(b, tb, cb);
    time(a, ta, ca);
  }
}
const sum = (xs: number[]) => xs.reduce((s, x) => s + x, 0);
const summary = (xa: number[], xb: number[]) => {
  const ratios = xa.map((x, i) => xb[i] / x).sort((x, y) => x - y);
  return `B/A ${(sum(xb) / sum(xa)).toFixed(3)}, median per day ${ratios[ratios.length >> 1].toFixed(3)} (${ratios[0].toFixed(2)}..${ratios[ratios.length - 1].toFixed(2)})`;
};
console.log(`A ${dirA}: ${(sum(ta) / (days * DAY)).toFixed(3)} ms/tick wall, ${(sum(ca) / (days * DAY)).toFixed(3)} CPU`);
console.log(`B ${dirB}: ${(sum(tb) / (days * DAY)).toFixed(3)} ms/tick wall, ${(sum(cb) / (days * DAY)).toFixed(3)} CPU`);
console.log(
  `wall ${summary(ta, tb)}; main-thread CPU ${summary(ca, cb)}; over ${days} days of ${agents} agents; state hashes ${a.stateHash() === b.stateHash() ? 'equal' : 'differ'}; load ${loadavg()[0].toFixed(2)}`,
);
