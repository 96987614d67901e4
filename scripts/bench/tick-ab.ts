// Two code trees, one process: the same 2,500-agent town built from each checkout (say the base
// commit in a `git worktree` and the working tree) and stepped by turns, a simulated day each, who
// goes first alternating, so that a shared machine's changing load hits both alike. Prints each
// one's ms per tick, the ratio B/A over the whole run and its median per day, and whether the state
// hashes agree (they must, for a change meant to keep behaviour).
// Usage: npx tsx scripts/bench/tick-ab.ts DIR_A DIR_B [days] [agents]

import { loadavg } from 'node:os';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

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
const time = (w: Steppable) => {
  const t0 = performance.now();
  w.run(DAY);
  return performance.now() - t0;
};
const ta: number[] = [];
const tb: number[] = [];
for (let d = 0; d < days; d++) {
  if (d % 2 === 0) {
    ta.push(time(a));
    tb.push(time(b));
  } else {
    tb.push(time(b));
    ta.push(time(a));
  }
}
const sum = (xs: number[]) => xs.reduce((s, x) => s + x, 0);
const ratios = ta.map((x, i) => tb[i] / x).sort((x, y) => x - y);
console.log(`A ${dirA}: ${(sum(ta) / (days * DAY)).toFixed(3)} ms/tick`);
console.log(`B ${dirB}: ${(sum(tb) / (days * DAY)).toFixed(3)} ms/tick`);
console.log(
  `B/A ${(sum(tb) / sum(ta)).toFixed(3)} over ${days} days of ${agents} agents; median per day ${ratios[ratios.length >> 1].toFixed(3)} (${ratios[0].toFixed(2)}..${ratios[ratios.length - 1].toFixed(2)}); state hashes ${a.stateHash() === b.stateHash() ? 'equal' : 'differ'}; load ${loadavg()[0].toFixed(2)}`,
);
