// The cognition plugin's own cost per tick, two code trees in one process. From each checkout (say
// main in a `git worktree` and the working tree) a plain town (no cognition) and the same town with
// the cognition plugin and 1,000 LLM agents, no network (the replay of an empty log: the agents act on
// the heuristic brain, as while their requests are in flight); all four step through the same ticks by
// turns (5 ticks each, who goes first rotating) so that a shared machine's load hits them alike. Each
// tree's cognition world is compared with its own plain world: a world built from a second copy of the
// code runs colder than one sharing its code with another world (the same code against itself read
// 1.10-1.15 when only tree A had a plain world). Prints each tree's plain/cognition CPU ratio, B's
// against A's, and whether A's and B's state hashes agree (they must, for a change meant to keep
// behaviour: the memories are hashed).
// Usage: node --expose-gc --import tsx scripts/bench/cognition-ab.ts DIR_A DIR_B [ticks] [llmAgents]

import { loadavg } from 'node:os';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { mainThreadCpuMs } from './thread-cpu';

const [dirA, dirB] = process.argv.slice(2, 4).map((d) => resolve(d));
if (!dirA || !dirB) {
  console.error('usage: node --expose-gc --import tsx scripts/bench/cognition-ab.ts DIR_A DIR_B [ticks] [llmAgents]');
  process.exit(2);
}
const TICKS = Number(process.argv[4] ?? 1500);
const LLM_AGENTS = Number(process.argv[5] ?? 1000);
const AGENTS = 2500;
const CHUNK = 5;

interface Steppable {
  step(): void;
  run(ticks: number): void;
  stateHash(): string;
}

async function town(dir: string, cognition: boolean): Promise<Steppable> {
  const { loadScenario } = await import(pathToFileURL(`${dir}/src/persistence/scenario-files.ts`).href);
  const { createSociety } = await import(pathToFileURL(`${dir}/src/society/create.ts`).href);
  const scenario = loadScenario('town');
  if (!cognition) return createSociety(scenario, { agents: AGENTS });
  const { Cognition } = await import(pathToFileURL(`${dir}/src/cognition/cognition.ts`).href);
  const { ReplayLog } = await import(pathToFileURL(`${dir}/src/cognition/record.ts`).href);
  const log = new ReplayLog({ type: 'header', version: 1, brain: 'none', seed: scenario.seed, scenario: scenario.name, llmAgents: LLM_AGENTS }, [], []);
  const c = new Cognition(scenario, { source: { kind: 'replay', log }, llmAgents: LLM_AGENTS });
  return createSociety(scenario, { agents: AGENTS, plugins: [c.plugin()] });
}

const worlds = [await town(dirA, false), await town(dirA, true), await town(dirB, false), await town(dirB, true)];
for (const w of worlds) w.run(20);
(globalThis as { gc?: () => void }).gc?.();
const cpu = worlds.map(() => 0);
/** Per 250 ticks, so a median shows how much one stretch of the day swings. */
const stretches: number[][] = [];
for (let turn = 0, done = 0; done < TICKS; turn++, done += CHUNK) {
  if (done % 250 === 0) stretches.push(worlds.map(() => 0));
  for (let k = 0; k < worlds.length; k++) {
    const j = (turn + k) % worlds.length;
    const t0 = mainThreadCpuMs();
    for (let n = 0; n < CHUNK; n++) worlds[j].step();
    const dt = mainThreadCpuMs() - t0;
    cpu[j] += dt;
    stretches[stretches.length - 1][j] += dt;
  }
}
const per = (ms: number) => `${((ms / TICKS) * 1000).toFixed(0)} µs/tick`;
const median = (xs: number[]) => [...xs].sort((x, y) => x - y)[xs.length >> 1];
const [plainA, cogA, plainB, cogB] = [0, 1, 2, 3];
const ratioOf = (c: number[], plain: number, cog: number) => c[plain] / c[cog];
console.log(`${AGENTS} agents, ${TICKS} ticks by turns, simulation-thread CPU; load average ${loadavg().map((l) => l.toFixed(1)).join(' ')}`);
console.log(`A ${dirA}: plain ${per(cpu[plainA])}, cognition ${per(cpu[cogA])}; B ${dirB}: plain ${per(cpu[plainB])}, cognition ${per(cpu[cogB])}`);
const a = ratioOf(cpu, plainA, cogA);
const b = ratioOf(cpu, plainB, cogB);
const sa = median(stretches.map((s) => ratioOf(s, plainA, cogA)));
const sb = median(stretches.map((s) => ratioOf(s, plainB, cogB)));
console.log(`plain / cognition (the tick rate with the plugin against without): A ${a.toFixed(3)}, B ${b.toFixed(3)}; medians of stretches of 250 ticks A ${sa.toFixed(3)}, B ${sb.toFixed(3)}`);
console.log(`B against A: ${(b / a).toFixed(3)} (stretches ${(sb / sa).toFixed(3)}); state hashes of A and B: cognition ${worlds[cogA].stateHash() === worlds[cogB].stateHash() ? 'equal' : 'DIFFER'}, plain ${worlds[plainA].stateHash() === worlds[plainB].stateHash() ? 'equal' : 'DIFFER'}`);
