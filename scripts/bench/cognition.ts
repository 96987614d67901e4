// Cognition costs, two figures:
// 1. Tick rate of a 2,500-agent town (realtime mode) while 1,000 LLM requests are in flight to a
//    local OpenAI-compatible server (a separate process) that answers after 2 seconds, against the
//    tick rate with no LLM at all. The simulation must not wait: the ratio should stay >= 0.95.
// 2. CPU cost per decision at 2,500 agents: prompt build + answer parse + rule check + apply, and
//    the prompt's size in tokens per decision for single and batched requests.
// 3. The cognition plugin's own cost per tick with no network, interleaved with a plain world.
// Usage: node --expose-gc --import tsx scripts/bench/cognition.ts [--window-ms 1500] [--rounds 5] [--in-thread] [--sequential]
// (without --expose-gc it runs too, with noisier rounds)

import { spawn } from 'node:child_process';
import { mainThreadCpuMs } from './thread-cpu';
import { loadavg } from 'node:os';
import { makeProviders, parseBrainSpec } from '../../src/cognition/brain-spec';
import { Cognition } from '../../src/cognition/cognition';
import { parseDecisionAnswer } from '../../src/cognition/decision';
import { DEFAULT_RELIABILITY, EndpointPool } from '../../src/cognition/endpoint-pool';
import { decisionSystemPrompt, decisionUserPrompt, estimateTokens } from '../../src/cognition/prompt';
import { threadedProviders } from '../../src/cognition/http-thread';
import { ReplayLog } from '../../src/cognition/record';
import type { World } from '../../src/engine/world';
import { loadScenario } from '../../src/persistence/scenario-files';
import { Actions } from '../../src/society/actions';
import { Position } from '../../src/society/components';
import { createSociety } from '../../src/society/create';
import { option } from './args';

/** The answers come 2 s after the wave has arrived: the window must end before. */
const WINDOW_MS = option('--window-ms', 1500);
if (!(WINDOW_MS > 0 && WINDOW_MS <= 1800)) throw new Error('--window-ms must be in (0, 1800]: the server answers 2 s after the wave has arrived');
const ROUNDS = option('--rounds', 5);
/** The SDK clients on the simulation's thread, as before the HTTP thread (for comparison). */
const IN_THREAD = process.argv.includes('--in-thread');
/**
 * Step the compared worlds by turns (CHUNK ticks each, rotating who goes first) through the sending
 * phase and the window (the default), instead of one after the other (`--sequential`): on a shared
 * machine the load changes from second to second, so that load drift hits every world alike; worlds
 * measured one after the other swung a single round from 0.5 to 1.5.
 */
const INTERLEAVED = !process.argv.includes('--sequential');
const CHUNK = 5;
const AGENTS = 2500;
const IN_FLIGHT = 1000;

const scenario = loadScenario('town');

/**
 * A chat-completions server in its own process. It holds every answer for 2 seconds counted from
 * the moment the whole wave of requests has arrived (it prints "all" then), so that the measuring
 * window after "all" sees exactly IN_FLIGHT requests in flight and no answers yet.
 */
const SERVER = `
const http = require('node:http');
const expected = Number(process.argv[1]);
const waiting = [];
const server = http.createServer((req, res) => {
  let body = '';
  req.on('data', (c) => (body += c));
  req.on('end', () => {
    const ids = [...body.matchAll(/## Person (\\d+):/g)].map((m) => Number(m[1]));
    waiting.push(() => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ id: 'x', object: 'chat.completion', created: 1, model: 'bench', choices: [{ index: 0, finish_reason: 'stop', message: { role: 'assistant', content: JSON.stringify({ decisions: ids.map((agent) => ({ agent, action: { type: 'rest' }, thought: 'resting' })) }) } }], usage: { prompt_tokens: 300, completion_tokens: 30, total_tokens: 330 } }));
    });
    if (waiting.length === expected) {
      console.log('all');
      setTimeout(() => waiting.forEach((answer) => answer()), 2000);
    }
  });
});
server.listen(0, '127.0.0.1', () => console.log(server.address().port));
`;

async function startServer(expected: number): Promise<{ url: string; allReceived: Promise<void>; stop(): void }> {
  const child = spawn(process.execPath, ['-e', SERVER, String(expected)], { stdio: ['ignore', 'pipe', 'inherit'] });
  const lines: string[] = [];
  let notify: (() => void) | null = null;
  child.stdout.on('data', (d) => {
    lines.push(...String(d).trim().split('\n'));
    notify?.();
  });
  const next = (pred: (l: string) => boolean) =>
    new Promise<string>((resolve) => {
      const check = () => {
        const hit = lines.find(pred);
        if (hit) resolve(hit);
      };
      notify = check;
      check();
    });
  const port = Number(await next((l) => /^\d+$/.test(l)));
  return { url: `http://127.0.0.1:${port}/v1`, allReceived: next((l) => l === 'all').then(() => undefined), stop: () => child.kill() };
}

interface Window {
  ticks: number;
  ms: number;
  /** CPU time of the simulation's thread (Linux: /proc/self/task/PID/schedstat), ms. */
  threadCpuMs: number;
  /** CPU time of the whole process (every thread, the HTTP thread included), ms. */
  processCpuMs: number;
}

/**
 * A realtime loop as the CLI runs it (step, and yield to the event loop every 4 ms), for `ticks`
 * ticks, or while `more()` says so when `ticks` is null.
 */
async function runTicks(world: World, ticks: number | null, more: () => boolean = () => true): Promise<Window> {
  // Every window starts from a collected heap (run node with --expose-gc): otherwise one world's
  // garbage is collected in the next world's window, and single rounds swung from 0.6 to 1.8.
  (globalThis as { gc?: () => void }).gc?.();
  const c0 = process.cpuUsage();
  const th0 = mainThreadCpuMs();
  const t0 = performance.now();
  let last = t0;
  let n = 0;
  while (ticks === null ? more() : n < ticks) {
    world.step();
    n++;
    if (performance.now() - last > 4) {
      await new Promise((r) => setImmediate(r));
      last = performance.now();
    }
  }
  const c = process.cpuUsage(c0);
  return { ticks: n, ms: performance.now() - t0, threadCpuMs: mainThreadCpuMs() - th0, processCpuMs: (c.user + c.system) / 1000 };
}

/**
 * Several worlds by turns, CHUNK ticks each (the first to go rotates), while `more()` says so: the
 * same ticks for all, under the same machine load. Each world's figures count its own chunks; the
 * event-loop turns between chunks (every ~4 ms, as the CLI's loop yields) are counted to the world
 * whose chunk came before, so every world has its share of them.
 */
async function runByTurns(worlds: World[], more: () => boolean): Promise<Window[]> {
  (globalThis as { gc?: () => void }).gc?.();
  const out: Window[] = worlds.map(() => ({ ticks: 0, ms: 0, threadCpuMs: 0, processCpuMs: 0 }));
  let last = performance.now();
  for (let turn = 0; more(); turn++) {
    for (let k = 0; k < worlds.length; k++) {
      const j = (turn + k) % worlds.length;
      const c0 = process.cpuUsage();
      const th0 = mainThreadCpuMs();
      const t0 = performance.now();
      for (let n = 0; n < CHUNK; n++) worlds[j].step();
      if (performance.now() - last > 4) {
        await new Promise((r) => setImmediate(r));
        last = performance.now();
      }
      const c = process.cpuUsage(c0);
      out[j].ticks += CHUNK;
      out[j].ms += performance.now() - t0;
      out[j].threadCpuMs += mainThreadCpuMs() - th0;
      out[j].processCpuMs += (c.user + c.system) / 1000;
    }
  }
  return out;
}

const wall = (w: Window) => (w.ticks / w.ms) * 1000;
const perThreadCpu = (w: Window) => (w.ticks / w.threadCpuMs) * 1000;
const show = (w: Window) => `${wall(w).toFixed(1)} ticks/s wall, ${perThreadCpu(w).toFixed(1)} ticks per CPU-second of the simulation thread (process CPU ${w.processCpuMs.toFixed(0)} ms)`;
const ratio = (llm: Window, base: Window) => `ratio ${(wall(llm) / wall(base)).toFixed(3)} wall, ${(perThreadCpu(llm) / perThreadCpu(base)).toFixed(3)} thread CPU`;

interface Round {
  steady: Window;
  plainSteady: Window;
  /** The same ticks with the cognition plugin and the same LLM agents, but nothing sent. */
  quietSteady: Window;
  sending: Window;
  plainSending: Window;
  dispatchMs: number;
  inFlightAtStart: number;
  inFlightAtEnd: number;
  same: boolean;
  answered: string;
}

/**
 * One round. Two worlds from the same seed step through the SAME ticks: one with 1,000 LLM agents
 * whose requests go to the server (their SDK clients on the HTTP thread, as the CLI runs them), one
 * with no LLM at all. Until answers arrive the LLM agents act on the heuristic brain, so both worlds
 * do the same simulation work tick for tick (checked: same positions at the end); what differs is
 * what the requests cost. The LLM world runs first, then the plain world steps through the same
 * tick ranges (with warmer code, which favours it: the ratio is, if anything, understated). The
 * plain world is not measured while requests are in flight, so none of their cost (event loop,
 * garbage collection of their prompts) lands in the baseline.
 */
async function round(): Promise<Round> {
  const server = await startServer(IN_FLIGHT);
  const spec = parseBrainSpec(`openai-compatible:bench@${server.url}`);
  if (spec.kind !== 'llm') throw new Error('expected an LLM brain');
  const local = makeProviders(spec, 'test-key-not-real');
  const providers = IN_THREAD ? local : threadedProviders({ spec, apiKey: 'test-key-not-real' }, local);
  const pool = new EndpointPool(providers, { requestsPerMinute: Infinity, tokensPerMinute: Infinity }, { ...DEFAULT_RELIABILITY, timeoutMs: 30_000 });
  const cognition = new Cognition(scenario, {
    source: { kind: 'llm', pool },
    llmAgents: IN_FLIGHT,
    mode: 'realtime',
    // The whole wave in one tick: the worst case (the scenario default is 8 new thinks per tick).
    overrides: { thinksPerTick: IN_FLIGHT, maxInFlight: IN_FLIGHT, batchSize: 1, cooldownTicks: 1_000_000 },
  });
  const world = createSociety(scenario, { agents: AGENTS, plugins: [cognition.plugin()] });
  const plain = createSociety(scenario, { agents: AGENTS });
  // Cognition with the same 1,000 LLM agents and no network (the replay of an empty log).
  const quietCognition = new Cognition(scenario, { source: { kind: 'replay', log: emptyLog(IN_FLIGHT) }, llmAgents: IN_FLIGHT });
  const quiet = createSociety(scenario, { agents: AGENTS, plugins: [quietCognition.plugin()] });
  await cognition.started();
  world.run(20);
  plain.run(20);
  quiet.run(20);

  // The dispatch tick builds and posts the 1,000 requests; the loop goes on while they travel.
  let all = false;
  void server.allReceived.then(() => (all = true));
  const d0 = performance.now();
  world.step();
  const dispatchMs = performance.now() - d0;
  if (INTERLEAVED) {
    plain.step();
    quiet.step();
    const [sending, plainSending] = await runByTurns([world, plain, quiet], () => !all);
    const inFlightAtStart = cognition.inFlightCount;
    const end = performance.now() + WINDOW_MS;
    const [steady, plainSteady, quietSteady] = await runByTurns([world, plain, quiet], () => performance.now() < end);
    const inFlightAtEnd = cognition.inFlightCount;
    await cognition.settle();
    const u = cognition.usage().byModel['openai-compatible:bench'];
    cognition.close();
    server.stop();
    const same = world.tick === plain.tick && samePositions(world, plain) && world.tick === quiet.tick && samePositions(world, quiet);
    return { steady, plainSteady, quietSteady, sending, plainSending, dispatchMs, inFlightAtStart, inFlightAtEnd, same, answered: `${u.succeeded}/${u.requests}, latency p50 ${u.latencyMsP50} ms` };
  }
  const sending = await runTicks(world, null, () => !all);
  const inFlightAtStart = cognition.inFlightCount;
  const end = performance.now() + WINDOW_MS;
  const steady = await runTicks(world, null, () => performance.now() < end);
  const inFlightAtEnd = cognition.inFlightCount;
  await cognition.settle();
  const u = cognition.usage().byModel['openai-compatible:bench'];
  cognition.close();
  server.stop();

  // The plain world through the same ticks: the dispatch tick, the sending phase, the steady window.
  plain.step();
  const plainSending = await runTicks(plain, sending.ticks);
  const plainSteady = await runTicks(plain, steady.ticks);
  quiet.run(1 + sending.ticks);
  const quietSteady = await runTicks(quiet, steady.ticks);
  // Same work: the LLM world's agents acted on the heuristic brain throughout (no answer was applied).
  const same = world.tick === plain.tick && samePositions(world, plain) && world.tick === quiet.tick && samePositions(world, quiet);
  return { steady, plainSteady, quietSteady, sending, plainSending, dispatchMs, inFlightAtStart, inFlightAtEnd, same, answered: `${u.succeeded}/${u.requests}, latency p50 ${u.latencyMsP50} ms` };
}

async function inFlightBench(): Promise<void> {
  const rounds: Round[] = [];
  console.log(`SDK clients ${IN_THREAD ? 'on the simulation thread (--in-thread)' : 'on the HTTP thread'}; ${INTERLEAVED ? `worlds stepped by turns, ${CHUNK} ticks each` : 'worlds measured one after the other (--sequential)'}; ${WINDOW_MS} ms window`);
  console.log(`tick rate, ${AGENTS} agents, realtime; per round the same ticks of two worlds from one seed, with ${IN_FLIGHT} requests in flight and with no LLM:`);
  for (let i = 0; i < ROUNDS; i++) {
    const r = await round();
    rounds.push(r);
    console.log(`round ${i + 1}: ${IN_FLIGHT} in flight (${r.inFlightAtStart} at the start, ${r.inFlightAtEnd} at the end of the ${r.steady.ticks}-tick, ${r.steady.ms.toFixed(0)} ms window): ${show(r.steady)}`);
    console.log(`  no LLM, same ticks: ${show(r.plainSteady)}`);
    console.log(`  => ${ratio(r.steady, r.plainSteady)}`);
    console.log(`  cognition with the same LLM agents but nothing sent, same ticks: ${show(r.quietSteady)}; in flight vs this: ${ratio(r.steady, r.quietSteady)}; this vs no LLM: ${ratio(r.quietSteady, r.plainSteady)}`);
    console.log(`  while the wave was sent (${r.sending.ticks} ticks, ${r.sending.ms.toFixed(0)} ms, after a dispatch tick of ${r.dispatchMs.toFixed(0)} ms): ${show(r.sending)}; no LLM: ${show(r.plainSending)}; ${ratio(r.sending, r.plainSending)}`);
    console.log(`  same positions in both worlds at the end: ${r.same ? 'yes' : 'NO (the comparison is off)'}; answered ${r.answered}; load average ${loadavg().map((l) => l.toFixed(1)).join(' ')}`);
  }
  const median = (xs: number[]) => {
    const s = [...xs].sort((a, b) => a - b);
    const h = Math.floor(s.length / 2);
    return s.length % 2 ? s[h] : (s[h - 1] + s[h]) / 2;
  };
  const m = (f: (r: Round) => number) => median(rounds.map(f)).toFixed(3);
  const range = (f: (r: Round) => number) => `${Math.min(...rounds.map(f)).toFixed(3)}–${Math.max(...rounds.map(f)).toFixed(3)}`;
  const rate = (f: (w: Window) => number, w: (r: Round) => Window) => median(rounds.map((r) => f(w(r)))).toFixed(1);
  // The target: the tick rate with 1,000 requests in flight, against the tick rate with no LLM.
  console.log(`TARGET (>= 0.95), median of ${ROUNDS} rounds: with ${IN_FLIGHT} requests in flight ${rate(wall, (r) => r.steady)} ticks/s wall, ${rate(perThreadCpu, (r) => r.steady)} ticks per simulation-thread CPU-second; no LLM ${rate(wall, (r) => r.plainSteady)} ticks/s wall, ${rate(perThreadCpu, (r) => r.plainSteady)} per CPU-second; ratio (median of the rounds' ratios) ${m((r) => wall(r.steady) / wall(r.plainSteady))} wall (rounds ${range((r) => wall(r.steady) / wall(r.plainSteady))}), ${m((r) => perThreadCpu(r.steady) / perThreadCpu(r.plainSteady))} thread CPU (rounds ${range((r) => perThreadCpu(r.steady) / perThreadCpu(r.plainSteady))}); load average ${loadavg().map((l) => l.toFixed(1)).join(' ')}`);
  console.log(`  cognition with the same LLM agents and nothing sent vs no LLM: ${m((r) => wall(r.quietSteady) / wall(r.plainSteady))} wall, ${m((r) => perThreadCpu(r.quietSteady) / perThreadCpu(r.plainSteady))} thread CPU`);
  console.log(`median of ${ROUNDS} rounds: in flight ratio ${m((r) => wall(r.steady) / wall(r.plainSteady))} wall, ${m((r) => perThreadCpu(r.steady) / perThreadCpu(r.plainSteady))} thread CPU (the requests alone, against cognition with nothing sent: ${m((r) => wall(r.steady) / wall(r.quietSteady))} wall, ${m((r) => perThreadCpu(r.steady) / perThreadCpu(r.quietSteady))} thread CPU); while sending ${m((r) => wall(r.sending) / wall(r.plainSending))} wall, ${m((r) => perThreadCpu(r.sending) / perThreadCpu(r.plainSending))} thread CPU`);
}

/**
 * The cognition plugin's own cost per tick, without network (1,000 LLM agents, the replay of an
 * empty log), measured so that the shared machine's load hits both sides alike: two worlds from one
 * seed step through the same 300 ticks in alternating chunks of 5 (alternating which goes first),
 * counting simulation-thread CPU. A second pair of two plain worlds is the control (its ratio shows
 * the method's own bias).
 */
function pluginCost(): void {
  const interleaved = (a: World, b: World): number => {
    a.run(20);
    b.run(20);
    let ta = 0;
    let tb = 0;
    for (let i = 0; i < 60; i++) {
      for (const w of i % 2 === 0 ? [a, b] : [b, a]) {
        const c = mainThreadCpuMs();
        for (let k = 0; k < 5; k++) w.step();
        if (w === a) ta += mainThreadCpuMs() - c;
        else tb += mainThreadCpuMs() - c;
      }
    }
    return tb / ta;
  };
  const quietCognition = new Cognition(scenario, { source: { kind: 'replay', log: emptyLog(IN_FLIGHT) }, llmAgents: IN_FLIGHT });
  const withCognition = interleaved(createSociety(scenario, { agents: AGENTS, plugins: [quietCognition.plugin()] }), createSociety(scenario, { agents: AGENTS }));
  const control = interleaved(createSociety(scenario, { agents: AGENTS }), createSociety(scenario, { agents: AGENTS }));
  console.log(`cognition plugin with ${IN_FLIGHT} LLM agents and nothing sent, against no LLM, same 300 ticks interleaved: ratio ${withCognition.toFixed(3)} (simulation-thread CPU; control, two plain worlds: ${control.toFixed(3)}); load average ${loadavg().map((l) => l.toFixed(1)).join(' ')}`);
}

function emptyLog(llmAgents: number): ReplayLog {
  return new ReplayLog({ type: 'header', version: 1, brain: 'none', seed: scenario.seed, scenario: scenario.name, llmAgents }, [], []);
}

function samePositions(a: World, b: World): boolean {
  const pa = a.store(Position);
  const pb = b.store(Position);
  const alive = a.entities.alive();
  if (alive.length !== b.entities.alive().length) return false;
  for (let i = 0; i < alive.length; i++) if (pa.x[alive[i]] !== pb.x[alive[i]] || pa.y[alive[i]] !== pb.y[alive[i]]) return false;
  return true;
}

function cpuPerDecision(): void {
  const cognition = new Cognition(scenario, { source: { kind: 'replay', log: emptyLog(0) }, llmAgents: 0 });
  const world = createSociety(scenario, { agents: AGENTS, plugins: [cognition.plugin()] });
  world.run(50);
  const registry = world.resource(Actions);
  const alive = [...world.entities.alive()];
  for (const eid of alive) cognition.memory.add(eid, world.entities.generation(eid), { tick: world.tick, kind: 'observation', importance: 3, text: `Saw the market busy at hour ${eid % 24}.` });
  const n = 2000;
  let promptMs = 0;
  let parseMs = 0;
  let checkMs = 0;
  let applyMs = 0;
  let tokens = 0;
  const system = decisionSystemPrompt(world);
  for (let i = 0; i < n; i++) {
    const eid = alive[(i * 7) % alive.length];
    let t = performance.now();
    const user = decisionUserPrompt(world, [eid], cognition.memory);
    promptMs += performance.now() - t;
    tokens += estimateTokens(user);
    const text = JSON.stringify({ decisions: [{ agent: eid, action: { type: 'move_to', x: 10, y: 10 }, thought: 'going to the square', speech: 'Good morning!' }] });
    t = performance.now();
    const parsed = parseDecisionAnswer(text, [eid]);
    parseMs += performance.now() - t;
    if (!parsed.ok) throw new Error(parsed.reason);
    const d = parsed.byAgent.get(eid)!;
    if ('rejected' in d) throw new Error(d.rejected);
    t = performance.now();
    const checked = registry.check(world, eid, d.action);
    checkMs += performance.now() - t;
    t = performance.now();
    if (checked.ok) registry.perform(world, eid, d.action);
    applyMs += performance.now() - t;
  }
  const per = (ms: number) => ((ms / n) * 1000).toFixed(1);
  console.log(`CPU per decision at ${AGENTS} agents (mean of ${n}): prompt ${per(promptMs)} µs, parse ${per(parseMs)} µs, validate ${per(checkMs)} µs, apply ${per(applyMs)} µs; total ${per(promptMs + parseMs + checkMs + applyMs)} µs`);
  const sysTokens = estimateTokens(system);
  const userTokens = tokens / n;
  const batched = (k: number) => Math.round((sysTokens + userTokens * k) / k);
  console.log(`prompt size: system (rules + ${registry.all().length} actions) ${sysTokens} tokens, per agent ${userTokens.toFixed(0)} tokens; input tokens per decision: ${batched(1)} single, ${batched(5)} in batches of 5, ${batched(10)} in batches of 10`);
}

console.log(`node ${process.version}, ${process.arch}`);
cpuPerDecision();
pluginCost();
await inFlightBench();
