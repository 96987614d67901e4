// Two code trees, one process: the same 2,500-agent town built from each checkout (say the base
// commit in a `git worktree` and the working tree) and stepped by turns, a simulated day each, who
// goes first alternating, so that a shared machine's changing load hits both alike. Prints each
// one's ms per tick, the ratio B/A over the whole run and its median per day, and whether the state
// hashes agree (they must, for a change meant to keep behaviour). It also prints the same ratios of
// the main thread's CPU time, which other processes cannot steal (wall time swings with the load).
// Two rounds, A's town built first and then B's (the order alone was worth up to 5%), and the
// geometric mean of their ratios.
// With --after N both towns first live N untimed days: a new town's first weeks (courtship, everyone
// hired) differ from the settled town that long runs spend most of their time in.
// Usage: npx tsx scripts/bench/tick-ab.ts DIR_A DIR_B [days per round] [agents] [--after DAYS]

import { loadavg } from 'node:os';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { option, positional } from './args';
import { mainThreadCpuMs } from './thread-cpu';

const after = option('--after', 0);
const args = positional('--after');
const [dirA, dirB] = args.slice(0, 2).map((d) => resolve(d));
if (!dirA || !dirB) {
  console.error('usage: npx tsx scripts/bench/tick-ab.ts DIR_A DIR_B [days] [agents] [--after DAYS]');
  process.exit(2);
}
const days = Number(args[2] ?? 20);
const agents = Number(args[3] ?? 2500);
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

const sum = (xs: number[]) => xs.reduce((s, x) => s + x, 0);

/** One round: both towns built (B first when asked) and stepped by turns; wall and main-thread CPU ms per day of each. */
async function round(bFirst: boolean) {
  const b0 = bFirst ? await town(dirB) : null;
  const a = await town(dirA);
  const b = b0 ?? (await town(dirB));
  a.run(50 + after * DAY);
  b.run(50 + after * DAY);
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
  return { ta, tb, ca, cb, same: a.stateHash() === b.stateHash() };
}

const summary = (xa: number[], xb: number[]) => {
  const ratios = xa.map((x, i) => xb[i] / x).sort((x, y) => x - y);
  return `B/A ${(sum(xb) / sum(xa)).toFixed(3)}, median per day ${ratios[ratios.length >> 1].toFixed(3)} (${ratios[0].toFixed(2)}..${ratios[ratios.length - 1].toFixed(2)})`;
};
// Of two identical trees the town built second ran about 5% faster (wall; 1.5% CPU): each build order
// once, and the geometric mean of the two rounds' ratios.
const rounds = [await round(false), await round(true)];
for (const [i, r] of rounds.entries()) {
  console.log(`round ${i + 1} (${i === 0 ? 'A' : 'B'} built first): wall ${summary(r.ta, r.tb)}; main-thread CPU ${summary(r.ca, r.cb)}`);
}
const all = (pick: (r: (typeof rounds)[number]) => number[]) => rounds.flatMap(pick);
const mean = (pick: (r: (typeof rounds)[number]) => [number[], number[]]) => Math.sqrt(rounds.reduce((p, r) => p * (sum(pick(r)[1]) / sum(pick(r)[0])), 1));
console.log(`A ${dirA}: ${(sum(all((r) => r.ta)) / (2 * days * DAY)).toFixed(3)} ms/tick wall, ${(sum(all((r) => r.ca)) / (2 * days * DAY)).toFixed(3)} CPU`);
console.log(`B ${dirB}: ${(sum(all((r) => r.tb)) / (2 * days * DAY)).toFixed(3)} ms/tick wall, ${(sum(all((r) => r.cb)) / (2 * days * DAY)).toFixed(3)} CPU`);
console.log(
  `B/A (geometric mean of both build orders): wall ${mean((r) => [r.ta, r.tb]).toFixed(3)}, main-thread CPU ${mean((r) => [r.ca, r.cb]).toFixed(3)}; ${days} days of ${agents} agents a round${after ? ` after ${after} untimed days` : ''}; state hashes ${rounds.every((r) => r.same) ? 'equal' : 'differ'}; load ${loadavg()[0].toFixed(2)}`,
);
