// The cognition plugin's own cost per tick, two code trees in one process: a plain town (no
// cognition) and the same town with the cognition plugin and 1,000 LLM agents, no network (the replay
// of an empty log: the agents act on the heuristic brain, as while their requests are in flight),
// built from each checkout (say main in a `git worktree` and the working tree), all stepped through
// the same ticks by turns (5 ticks each, who goes first rotating) so that a shared machine's load
// hits them alike. Prints each cognition world's simulation-thread CPU per tick against the plain
// world's, B against A, and whether A's and B's state hashes agree (they must, for a change meant to
// keep behaviour: the memories are hashed).
// Usage: node --expose-gc --import tsx scripts/bench/cognition-ab.ts DIR_A DIR_B [ticks] [llmAgents]

import { readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

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

/** CPU time of the simulation's thread (Linux), ms; other processes cannot steal it. */
function threadCpuMs(): number {
  try {
    return Number(readFileSync(`/proc/self/task/${process.pid}/schedstat`, 'utf8').split(' ')[0]) / 1e6;
  } catch {
    const u = process.cpuUsage();
    return (u.user + u.system) / 1000;
  }
}

const worlds = [await town(dirA, false), await town(dirA, true), await town(dirB, true)];
for (const w of worlds) w.run(20);
(globalThis as { gc?: () => void }).gc?.();
const cpu = worlds.map(() => 0);
/** Per 250 ticks, so a median shows how much one stretch of the day swings. */
const stretches: number[][] = [];
for (let turn = 0, done = 0; done < TICKS; turn++, done += CHUNK) {
  if (done % 250 === 0) stretches.push(worlds.map(() => 0));
  for (let k = 0; k < worlds.length; k++) {
    const j = (turn + k) % worlds.length;
    const t0 = threadCpuMs();
    for (let n = 0; n < CHUNK; n++) worlds[j].step();
    const dt = threadCpuMs() - t0;
    cpu[j] += dt;
    stretches[stretches.length - 1][j] += dt;
  }
}
const per = (ms: number) => `${((ms / TICKS) * 1000).toFixed(0)} µs/tick`;
const median = (xs: number[]) => [...xs].sort((x, y) => x - y)[xs.length >> 1];
console.log(`${AGENTS} agents, ${TICKS} ticks by turns, simulation-thread CPU; load average ${loadavg().map((l) => l.toFixed(1)).join(' ')}`);
console.log(`plain (A): ${per(cpu[0])}; cognition A ${dirA}: ${per(cpu[1])}; cognition B ${dirB}: ${per(cpu[2])}`);
console.log(`plain / cognition (the tick rate with the plugin against without): A ${(cpu[0] / cpu[1]).toFixed(3)}, B ${(cpu[0] / cpu[2]).toFixed(3)}; medians of stretches A ${median(stretches.map((s) => s[0] / s[1])).toFixed(3)}, B ${median(stretches.map((s) => s[0] / s[2])).toFixed(3)}`);
console.log(`B/A cognition CPU ${(cpu[2] / cpu[1]).toFixed(3)}, median of stretches ${median(stretches.map((s) => s[2] / s[1])).toFixed(3)}; state hashes of A and B ${worlds[1].stateHash() === worlds[2].stateHash() ? 'equal' : 'DIFFER'}`);
